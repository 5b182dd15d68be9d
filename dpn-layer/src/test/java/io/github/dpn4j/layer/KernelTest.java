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

        Map<String, INDArray> expected = SameDiffOracle.of(precision, K, D, STEPS, GradientMode.DETACHED, p, x, eps);

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

    /**
     * Features far from the origin relative to their spread (offset 100, spread 0.1, factors about 10, d = 64,
     * k = 20, as CNN features can be): float32 energies stay within {@link Tolerances#FAR_ENERGIES_FLOAT32} nats of
     * a float64 computation, and the layer's output within {@link Tolerances#FAR_OUTPUT_FLOAT32}. (The expansion
     * {@code x²·P - 2x·Pm + kappa} about the origin, as {@link PotentialGraph} writes it, is off by tens of nats.)
     */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void energiesStayAccurateFarFromTheOrigin_float32(Precision precision) {
        int k = 20;
        int d = 64;
        Map<String, INDArray> p = new HashMap<>();
        p.put(DenoisingPotential.MU, Networks.features(k, d, DataType.DOUBLE, 61).mul(0.1).add(100.0));
        p.put(DenoisingPotential.A, precision == Precision.FULL
                ? Nd4j.eye(d).castTo(DataType.DOUBLE).mul(10.0).reshape(1, d, d).repeat(0, k)
                .add(Networks.features((long) k * d, d, DataType.DOUBLE, 62).reshape(k, d, d).mul(0.3))
                : Networks.features(k, d, DataType.DOUBLE, 62).mul(0.3).add(10.0));
        p.put(DenoisingPotential.C, Networks.features(1, k, DataType.DOUBLE, 63).mul(0.5));
        p.put(DenoisingPotential.ALPHA, Nd4j.valueArrayOf(new long[]{1, 1}, 0.002, DataType.DOUBLE));
        Map<String, INDArray> p32 = new HashMap<>();
        p.forEach((key, v) -> p32.put(key, v.castTo(DataType.FLOAT)));
        INDArray x = Networks.features(16, d, DataType.DOUBLE, 64).mul(0.1).add(100.0);
        DenoisingPotential config = new DenoisingPotential.Builder().nIn(d).components(k).steps(5)
                .precision(precision).build();

        Potential exact = Potential.of(config, p);
        Potential single = Potential.of(config, p32);
        INDArray x32 = x.castTo(DataType.FLOAT);
        double energyError = exact.energies(x).sub(single.energies(x32).castTo(DataType.DOUBLE))
                .amaxNumber().doubleValue();
        assertTrue(energyError < Tolerances.FAR_ENERGIES_FLOAT32, precision + ": energies off by " + energyError
                + " nats (energies around " + exact.energies(x).meanNumber() + ")");
        double outputError = exact.ascend(x).point(5).sub(single.ascend(x32).point(5).castTo(DataType.DOUBLE))
                .amaxNumber().doubleValue();
        assertTrue(outputError < Tolerances.FAR_OUTPUT_FLOAT32, precision + ": output off by " + outputError);
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
