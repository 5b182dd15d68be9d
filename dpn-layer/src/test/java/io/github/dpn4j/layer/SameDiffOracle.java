package io.github.dpn4j.layer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tests' oracle: SameDiff's autodiff of {@link PotentialGraph}'s unrolled ascent, float64, for the loss
 * {@code L = sum(x_n ⊙ eps)}. {@code x} is a variable, not a placeholder: M2.1's gradients for a placeholder fed
 * several batch sizes through one graph came out wrong.
 */
final class SameDiffOracle {

    /** Key of the output {@code x_n} in {@link #of}'s map. */
    static final String OUT = "out";
    /** Key of {@code dL/dx} in {@link #of}'s map. */
    static final String X = "x";
    static final String[] KEYS = {DenoisingPotential.MU, DenoisingPotential.A, DenoisingPotential.C,
            DenoisingPotential.ALPHA};

    private SameDiffOracle() {
    }

    /**
     * The output of {@code n} steps from {@code x [B, d]} ({@link #OUT}) and the gradients of {@code L} for every
     * parameter (their keys) and for {@code x} ({@link #X}), in gradient mode {@code mode}.
     */
    static Map<String, INDArray> of(Precision precision, int k, int d, int n, GradientMode mode,
                                    Map<String, INDArray> params, INDArray x, INDArray eps) {
        Map<String, INDArray> values = new HashMap<>();
        if (n == 0) {
            // the identity: no parameter is used, dL/dx = eps
            values.put(OUT, x);
            values.put(X, eps);
            for (String key : KEYS) {
                values.put(key, Nd4j.zerosLike(params.get(key)));
            }
            return values;
        }
        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> vars = new HashMap<>();
        for (String key : KEYS) {
            vars.put(key, sd.var(key, params.get(key).dup()));
        }
        PotentialGraph graph = PotentialGraph.define(sd, precision, k, d, vars.get(DenoisingPotential.MU),
                vars.get(DenoisingPotential.A), vars.get(DenoisingPotential.C), vars.get(DenoisingPotential.ALPHA));
        SDVariable ascent = graph.ascend(sd.var(X, x.dup()), n, mode);
        sd.setLossVariables(ascent.mul(sd.constant(eps)).sum());
        values.put(OUT, ascent.eval());
        List<String> wanted = new ArrayList<>(List.of(KEYS));
        wanted.add(X);
        values.putAll(sd.calculateGradients(null, wanted));
        return values;
    }
}
