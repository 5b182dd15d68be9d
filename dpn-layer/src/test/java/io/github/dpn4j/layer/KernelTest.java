package io.github.dpn4j.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel's ascent and its hand-derived DETACHED backward equal SameDiff's autodiff of {@link PotentialGraph}. */
class KernelTest {

    private static final int K = 3;
    private static final int D = 4;
    private static final int STEPS = 3;
    private static final String[] KEYS = {DenoisingPotential.MU, DenoisingPotential.A, DenoisingPotential.C,
            DenoisingPotential.ALPHA};

    private static Map<String, INDArray> params(Precision precision, long seed) {
        return Networks.parameters(precision, K, D, 0.3, seed);
    }

    private static DenoisingPotential config(Precision precision) {
        return new DenoisingPotential.Builder().nIn(D).components(K).steps(STEPS).precision(precision).build();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void forwardEqualsSameDiffAscent_float64(Precision precision) {
        Map<String, INDArray> p = params(precision, 5);
        INDArray x = Networks.features(5, D, DataType.DOUBLE, 1);
        Kernel kernel = Kernel.of(precision, p);
        INDArray direct = Nd4j.createFromArray(kernel.uncentred(kernel.ascend(x, STEPS, 0, null, null).point()))
                .reshape(5, D);
        SameDiff sd = SameDiff.create();
        PotentialGraph graph = PotentialGraph.define(sd, precision, K, D, sd.constant(p.get(DenoisingPotential.MU)),
                sd.constant(p.get(DenoisingPotential.A)), sd.constant(p.get(DenoisingPotential.C)),
                sd.constant(p.get(DenoisingPotential.ALPHA)));
        INDArray sameDiff = graph.ascend(sd.constant(x), STEPS, GradientMode.DETACHED).eval();
        assertClose(sameDiff, direct, "output");
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void detachedBackwardEqualsSameDiffAutodiff_float64(Precision precision) {
        Map<String, INDArray> p = params(precision, 15);
        INDArray x = Networks.features(5, D, DataType.DOUBLE, 2);
        INDArray eps = Networks.features(5, D, DataType.DOUBLE, 3);

        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> vars = new HashMap<>();
        for (String key : KEYS) {
            vars.put(key, sd.var(key, p.get(key).dup()));
        }
        PotentialGraph graph = PotentialGraph.define(sd, precision, K, D, vars.get(DenoisingPotential.MU),
                vars.get(DenoisingPotential.A), vars.get(DenoisingPotential.C), vars.get(DenoisingPotential.ALPHA));
        SDVariable out = graph.ascend(sd.constant(x), STEPS, GradientMode.DETACHED);
        sd.setLossVariables(out.mul(sd.constant(eps)).sum());
        Map<String, INDArray> expected = sd.calculateGradients(null, KEYS);

        Map<String, INDArray> actual = new HashMap<>();
        for (String key : KEYS) {
            actual.put(key, Nd4j.zerosLike(p.get(key)));
        }
        backward(Kernel.of(precision, p), x, eps, actual);

        for (String key : KEYS) {
            assertClose(expected.get(key), actual.get(key), precision + " grad " + key);
        }
    }

    @Test
    void leavesInputAndParametersUntouched() {
        Map<String, INDArray> p = params(Precision.FULL, 25);
        Map<String, INDArray> copy = new HashMap<>();
        p.forEach((key, v) -> copy.put(key, v.dup()));
        INDArray x = Networks.features(3, D, DataType.DOUBLE, 4);
        INDArray xCopy = x.dup();
        Kernel kernel = Kernel.of(Precision.FULL, p);
        kernel.ascend(x, STEPS, 0, null, null);
        Map<String, INDArray> grads = new HashMap<>();
        copy.forEach((key, v) -> grads.put(key, Nd4j.zerosLike(v)));
        backward(kernel, x, Networks.features(3, D, DataType.DOUBLE, 5), grads);
        assertClose(xCopy, x, "input");
        for (String key : KEYS) {
            assertClose(copy.get(key), p.get(key), key);
        }
    }

    /** The ascent from {@code x} recorded on a tape, then the DETACHED backward of {@code eps} into {@code into}. */
    static void backward(Kernel kernel, INDArray x, INDArray eps, Map<String, INDArray> into) {
        Tape tape = new Tape(kernel, x, STEPS);
        kernel.ascend(x, STEPS, 0, tape, null);
        kernel.backward(tape, HostView.values(eps), into);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double diff = expected.reshape(actual.shape()).sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < Tolerances.SAME_MATH_FLOAT64, what + ": max abs difference " + diff + "\nexpected "
                + expected + "\nactual " + actual);
    }
}
