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

/** The plain-ND4J ascent and its hand-derived DETACHED backward equal SameDiff's autodiff of {@link PotentialGraph}. */
class DirectAscentTest {

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
        INDArray direct = new DirectAscent(config(precision), p).forward(x, STEPS);
        INDArray sameDiff = Potential.of(config(precision), p).ascend(x).point(STEPS);
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
        new DirectAscent(config(precision), p).backward(x, STEPS, eps, actual);

        for (String key : KEYS) {
            assertClose(expected.get(key), actual.get(key), precision + " grad " + key);
        }
    }

    @Test
    void fullBackwardIsTheSameWhetherTheTapeKeepsZOrNot_float64() {
        Map<String, INDArray> p = params(Precision.FULL, 35);
        INDArray x = Networks.features(5, D, DataType.DOUBLE, 6);
        INDArray eps = Networks.features(5, D, DataType.DOUBLE, 7);
        DirectAscent ascent = new DirectAscent(config(Precision.FULL), p);
        Map<String, Map<String, INDArray>> byMode = new HashMap<>();
        for (boolean keep : new boolean[]{true, false}) {
            DirectAscent.Tape tape = ascent.tape(x, STEPS, shape -> Nd4j.create(DataType.DOUBLE, shape), keep);
            ascent.forward(x, STEPS, tape);
            Map<String, INDArray> gradients = new HashMap<>();
            for (String key : KEYS) {
                gradients.put(key, Nd4j.zerosLike(p.get(key)));
            }
            ascent.backward(tape, eps, gradients);
            byMode.put(keep ? "kept" : "recomputed", gradients);
        }
        for (String key : KEYS) {
            assertClose(byMode.get("kept").get(key), byMode.get("recomputed").get(key), "grad " + key);
        }
    }

    @Test
    void leavesInputAndParametersUntouched() {
        Map<String, INDArray> p = params(Precision.FULL, 25);
        Map<String, INDArray> copy = new HashMap<>();
        p.forEach((key, v) -> copy.put(key, v.dup()));
        INDArray x = Networks.features(3, D, DataType.DOUBLE, 4);
        INDArray xCopy = x.dup();
        DirectAscent ascent = new DirectAscent(config(Precision.FULL), p);
        ascent.forward(x, STEPS);
        Map<String, INDArray> grads = new HashMap<>();
        copy.forEach((key, v) -> grads.put(key, Nd4j.zerosLike(v)));
        ascent.backward(x, STEPS, Networks.features(3, D, DataType.DOUBLE, 5), grads);
        assertClose(xCopy, x, "input");
        for (String key : KEYS) {
            assertClose(copy.get(key), p.get(key), key);
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double diff = expected.reshape(actual.shape()).sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < Tolerances.SAME_MATH_FLOAT64, what + ": max abs difference " + diff + "\nexpected "
                + expected + "\nactual " + actual);
    }
}
