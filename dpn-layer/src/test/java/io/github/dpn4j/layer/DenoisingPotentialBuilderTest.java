package io.github.dpn4j.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DenoisingPotentialBuilderTest {

    /** The numbers the README and the class javadoc give, written out: a changed constant must change this too. */
    @Test
    void defaultsAreTheDocumentedNumbers() {
        DenoisingPotential dpn = new DenoisingPotential.Builder().build();
        assertEquals(0, dpn.getNIn());
        assertEquals(10, dpn.getComponents());
        assertEquals(10, dpn.getSteps());
        assertEquals(0.1, dpn.getStepSize());
        assertTrue(dpn.isLearnStepSize());
        assertTrue(dpn.isNonNegativeStepSize());
        assertEquals(Precision.FULL, dpn.getPrecision());
        assertEquals(GradientMode.DETACHED, dpn.getGradientMode());
        assertEquals(StepRule.LEARNED, dpn.getStepRule());
        assertEquals(0.0, dpn.getToleratedNoise());
        assertEquals(0.0, dpn.getTolerance());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "components | 0 | components must be >= 1, got 0",
            "components | -3 | components must be >= 1, got -3",
            "steps | -1 | steps must be >= 0, got -1",
            "stepSize | 0 | stepSize must be finite and > 0, got 0.0",
            "stepSize | -0.5 | stepSize must be finite and > 0, got -0.5",
            "stepSize | NaN | stepSize must be finite and > 0, got NaN",
            "stepSize | Infinity | stepSize must be finite and > 0, got Infinity",
            "nIn | -2 | nIn must be >= 1 (or 0 to infer it), got -2"})
    void rejectsOutOfRangeOption_namingOptionAndValue(String option, String value, String message) {
        UnaryOperator<DenoisingPotential.Builder> set;
        switch (option) {
            case "components":
                set = b -> b.components(Integer.parseInt(value));
                break;
            case "steps":
                set = b -> b.steps(Integer.parseInt(value));
                break;
            case "stepSize":
                set = b -> b.stepSize(Double.parseDouble(value));
                break;
            default:
                set = b -> b.nIn(Long.parseLong(value));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> set.apply(new DenoisingPotential.Builder()).build());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void rejectsNullEnums() {
        assertThrows(IllegalArgumentException.class, () -> new DenoisingPotential.Builder().precision(null).build());
        assertThrows(IllegalArgumentException.class, () -> new DenoisingPotential.Builder().gradientMode(null).build());
    }

    @Test
    void acceptsZeroSteps() {
        assertEquals(0, new DenoisingPotential.Builder().steps(0).build().getSteps());
    }

    @Test
    void equalsAndHashCodeCoverEverySetting() {
        DenoisingPotential base = full().build();
        assertEquals(base, full().build());
        assertEquals(base.hashCode(), full().build().hashCode());
        assertNotEquals(base, full().nIn(9).build());
        assertNotEquals(base, full().components(4).build());
        assertNotEquals(base, full().steps(2).build());
        assertNotEquals(base, full().stepSize(0.3).build());
        assertNotEquals(base, full().learnStepSize(false).build());
        assertNotEquals(base, full().nonNegativeStepSize(false).build());
        assertNotEquals(base, full().precision(Precision.DIAGONAL).build());
        assertNotEquals(base, full().gradientMode(GradientMode.FULL).build());
        assertNotEquals(base, full().name("other").build());
    }

    @Test
    void toStringListsEverySetting() {
        String s = full().build().toString();
        for (String part : new String[]{"name=dpn", "nIn=8", "components=3", "steps=5", "stepSize=0.2",
                "learnStepSize=true", "nonNegativeStepSize=true", "precision=FULL", "gradientMode=DETACHED"}) {
            assertTrue(s.contains(part), s + " lacks " + part);
        }
    }

    private static DenoisingPotential.Builder full() {
        return new DenoisingPotential.Builder().nIn(8).components(3).steps(5).stepSize(0.2).name("dpn");
    }
}
