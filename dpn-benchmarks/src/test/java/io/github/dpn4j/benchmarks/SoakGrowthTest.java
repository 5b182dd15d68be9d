package io.github.dpn4j.benchmarks;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The soak run's growth measure: medians of the first and last thirds of the samples after warm-up. */
class SoakGrowthTest {

    @Test
    void aSteadyClimbIsGrowth() {
        // 100, 110, ..., 250: thirds of five samples, medians 120 and 230
        long[] climbing = new long[16];
        for (int i = 0; i < climbing.length; i++) {
            climbing[i] = 100 + 10L * i;
        }
        assertEquals(230.0 / 120.0 - 1.0, SoakRun.growth(climbing), Tolerances.HAND_COMPUTED);
    }

    @Test
    void oneHighLastSampleOnAFlatSeriesIsNotGrowth() {
        long[] flat = {100, 104, 97, 101, 99, 103, 98, 102, 100, 96, 101, 99, 100, 125};
        assertTrue(Math.abs(SoakRun.growth(flat)) < 0.02, "growth " + SoakRun.growth(flat));
    }

    @Test
    void twoSamplesCompareFirstAndLast() {
        assertEquals(0.5, SoakRun.growth(new long[]{100, 150}), Tolerances.HAND_COMPUTED);
    }

    @Test
    void zeroStaysZeroAndFromZeroIsInfinite() {
        assertEquals(0.0, SoakRun.growth(new long[]{0, 0, 0}), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, SoakRun.growth(new long[]{0, 0, 5}), 0.0);
    }

    @Test
    void fewerThanTwoSamplesIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> SoakRun.growth(new long[]{1}));
    }
}
