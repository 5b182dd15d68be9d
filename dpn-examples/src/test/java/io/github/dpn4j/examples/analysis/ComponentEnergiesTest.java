package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.junit.jupiter.api.Test;

class ComponentEnergiesTest {

    @ParameterizedTest
    @EnumSource(Precision.class)
    void logSumExpOfEnergiesEqualsPotentialValue_float64(Precision precision) {
        Potential p = Potential.of(TinyModels.dpnFirst(5, TinyModels.dpn(3, 2, precision), DataType.DOUBLE), 0);
        INDArray x = TinyModels.data(7, 5, DataType.DOUBLE, 3).getFeatures().muli(4).subi(2);
        double[] expected = p.value(x).toDoubleVector();
        double[] actual = ComponentEnergies.of(p, x).logSumExp().toDoubleVector();
        for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], actual[j], Tolerances.ENERGIES_VS_POTENTIAL * Math.max(1, Math.abs(expected[j])),
                    "phi of row " + j + " (" + precision + ")");
        }
    }

    @Test
    void responsibilitiesSumToOne_farFromEveryCenter() {
        Potential p = Potential.of(TinyModels.dpnFirst(4, TinyModels.dpn(3, 1, Precision.FULL), DataType.DOUBLE), 0);
        INDArray far = TinyModels.data(3, 4, DataType.DOUBLE, 5).getFeatures().addi(1e4);
        INDArray r = ComponentEnergies.of(p, far).responsibilities();
        double[] sums = r.sum(1).toDoubleVector();
        for (int j = 0; j < sums.length; j++) {
            assertEquals(1.0, sums[j], Tolerances.HAND_COMPUTED, "row " + j + " of " + r);
            assertTrue(Double.isFinite(ComponentEnergies.of(p, far).logSumExp().getDouble(j)));
        }
    }

    @Test
    void of_rejectsWrongWidth_namingShapes() {
        Potential p = Potential.of(TinyModels.dpnFirst(4, TinyModels.dpn(2, 1, Precision.DIAGONAL), DataType.DOUBLE), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ComponentEnergies.of(p, TinyModels.data(2, 3, DataType.DOUBLE, 1).getFeatures()));
        assertTrue(e.getMessage().contains("[N, 4]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }
}
