package io.github.dpn4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MeanStdTest {

    private static final double EXACT = 1e-12;

    @Test
    void meanAndSampleStd_ofKnownValues() {
        // mean 2.5, squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, sample variance 5 / 3
        MeanStd m = MeanStd.of(1, 2, 3, 4);

        assertEquals(2.5, m.mean(), EXACT);
        assertEquals(Math.sqrt(5.0 / 3), m.std(), EXACT);
        assertEquals(4, m.count());
        assertEquals("2.50 ± 1.29%", m.format(2, "%"));
    }

    @Test
    void singleValue_hasNoSpread_andIsShownAlone() {
        MeanStd m = MeanStd.of(95.15);

        assertEquals(0, m.std());
        assertEquals("95.15%", m.format(2, "%"));
        assertEquals("95.2", m.format(1, ""));
    }

    @Test
    void equalValues_haveZeroStd() {
        assertEquals("74.30 ± 0.00%", MeanStd.of(74.3, 74.3, 74.3).format(2, "%"));
    }

    @Test
    void rejectsEmptyOrNonFinite() {
        assertEquals("need at least one value, got none",
                assertThrows(IllegalArgumentException.class, MeanStd::of).getMessage());
        assertEquals("values must be finite, got [1.0, NaN]",
                assertThrows(IllegalArgumentException.class, () -> MeanStd.of(1, Double.NaN)).getMessage());
    }
}
