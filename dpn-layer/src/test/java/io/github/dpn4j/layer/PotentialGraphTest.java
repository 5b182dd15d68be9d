package io.github.dpn4j.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The closed-form math in {@link PotentialGraph} against SameDiff autodiff and against itself. */
class PotentialGraphTest {

    private static final int K = 3;
    private static final int D = 5;

    private static Map<String, INDArray> params(Precision precision, long seed) {
        return Networks.parameters(precision, K, D, 0.2, seed);
    }

    private static DenoisingPotential config(Precision precision, int steps) {
        return new DenoisingPotential.Builder().nIn(D).components(K).steps(steps).precision(precision).build();
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void closedFormGradientMatchesAutodiff_float64(Precision precision) {
        Map<String, INDArray> p = params(precision, 3);
        INDArray x = Networks.features(4, D, DataType.DOUBLE, 9);

        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.var("x", x.dup());
        PotentialGraph graph = PotentialGraph.define(sd, precision, K, D, sd.constant(p.get(DenoisingPotential.MU)),
                sd.constant(p.get(DenoisingPotential.A)), sd.constant(p.get(DenoisingPotential.C)),
                sd.constant(p.get(DenoisingPotential.ALPHA)));
        SDVariable closedForm = graph.gradient(xv);
        SDVariable total = graph.potential(xv).sum();
        sd.setLossVariables(total);
        INDArray autodiff = sd.calculateGradients(null, "x").get("x");
        INDArray closed = closedForm.eval();

        double diff = autodiff.sub(closed).amaxNumber().doubleValue();
        assertTrue(diff < Tolerances.SAME_MATH_FLOAT64, precision + ": max abs difference " + diff);
    }

    @Test
    void diagonalPrecisionEqualsFullWithDiagonalFactors() {
        Map<String, INDArray> diagonal = params(Precision.DIAGONAL, 21);
        INDArray a = diagonal.get(DenoisingPotential.A);
        INDArray full = Nd4j.create(DataType.DOUBLE, K, D, D);
        for (int i = 0; i < K; i++) {
            full.slice(i).assign(Nd4j.diag(a.getRow(i)));
        }
        Map<String, INDArray> asFull = Map.of(DenoisingPotential.MU, diagonal.get(DenoisingPotential.MU),
                DenoisingPotential.A, full, DenoisingPotential.C, diagonal.get(DenoisingPotential.C),
                DenoisingPotential.ALPHA, diagonal.get(DenoisingPotential.ALPHA));
        Potential d = Potential.of(config(Precision.DIAGONAL, 4), diagonal);
        Potential f = Potential.of(config(Precision.FULL, 4), asFull);
        INDArray x = Networks.features(6, D, DataType.DOUBLE, 5);

        assertClose(f.value(x), d.value(x));
        assertClose(f.gradient(x), d.gradient(x));
        assertClose(f.ascend(x).point(4), d.ascend(x).point(4));
        assertClose(f.precisions(), d.precisions());
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void potentialIsLogSumExpOfEnergies_andResponsibilitiesSumToOne(Precision precision) {
        Potential p = Potential.of(config(precision, 2), params(precision, 31));
        INDArray x = Networks.features(5, D, DataType.DOUBLE, 6);
        INDArray e = p.energies(x);
        INDArray max = e.max(true, 1);
        INDArray logSumExp = Nd4j.math().log(Nd4j.math().exp(e.subColumnVector(max)).sum(1)).add(max.reshape(5));
        assertClose(logSumExp, p.value(x));
        assertClose(Nd4j.ones(DataType.DOUBLE, 5), p.responsibilities(x).sum(1));
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void ascentNeverDecreasesPotential_smallStep(Precision precision) {
        Map<String, INDArray> p = new java.util.HashMap<>(params(precision, 41));
        p.put(DenoisingPotential.ALPHA, Nd4j.valueArrayOf(new long[]{1, 1}, 0.02, DataType.DOUBLE));
        Trajectory trajectory = Potential.of(config(precision, 8), p).ascend(Networks.features(7, D, DataType.DOUBLE, 8));
        for (int t = 1; t <= trajectory.steps(); t++) {
            INDArray gain = trajectory.potential(t).sub(trajectory.potential(t - 1));
            assertTrue(gain.minNumber().doubleValue() > -Tolerances.EXACT_FLOAT64, "step " + t + " decreased phi: " + gain);
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void farInputsGiveFiniteValues_float32AndFloat64(Precision precision) {
        for (DataType dt : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            Map<String, INDArray> p = new java.util.HashMap<>();
            params(precision, 51).forEach((key, v) -> p.put(key, v.castTo(dt)));
            Potential potential = Potential.of(config(precision, 3), p);
            INDArray far = Networks.features(4, D, dt, 10).add(1e4);
            far.getRow(1).muli(-1);
            for (INDArray out : new INDArray[]{potential.value(far), potential.gradient(far),
                    potential.responsibilities(far), potential.ascend(far).point(3)}) {
                assertEquals(dt, out.dataType());
                assertFalse(BooleanIndexing.or(out, Conditions.notFinite()), precision + " " + dt + ": " + out);
            }
        }
    }

    private static void assertClose(INDArray expected, INDArray actual) {
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(diff < Tolerances.SAME_MATH_FLOAT64, "max abs difference " + diff);
    }
}
