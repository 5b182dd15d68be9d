package io.github.dpn4j.examples.noise;

import static io.github.dpn4j.examples.noise.NoiseFixtures.MID_GREY;
import static io.github.dpn4j.examples.noise.NoiseFixtures.midGrey;
import static io.github.dpn4j.examples.noise.NoiseFixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import org.junit.jupiter.api.Test;

class GaussianRangeNoiseTest {

    private static final int IMAGES = 200;
    private static final int PIXELS = 784;

    /** Per-image standard deviation of the added noise, on mid-grey images (no clipping for sigma &lt;= 0.1). */
    private static double[] perImageStd(GaussianRangeNoise noise, long seed) {
        double[] noisy = values(noise.apply(midGrey(IMAGES), seed));
        double[] std = new double[IMAGES];
        for (int i = 0; i < IMAGES; i++) {
            double[] added = Arrays.stream(noisy, i * PIXELS, (i + 1) * PIXELS).map(v -> v - MID_GREY).toArray();
            double mean = Arrays.stream(added).average().orElseThrow();
            std[i] = Math.sqrt(Arrays.stream(added).map(d -> (d - mean) * (d - mean)).sum() / (PIXELS - 1));
        }
        return std;
    }

    @Test
    void sigmaVariesPerImage_withinTheRange() {
        // unclipped at 0.5 ± 5 sigma; an image's empirical std is within ~8% (3 standard errors) of its sigma
        DoubleSummaryStatistics std = Arrays.stream(perImageStd(new GaussianRangeNoise(0.02, 0.1), 5))
                .summaryStatistics();

        assertTrue(std.getMin() > 0.02 * 0.9 && std.getMin() < 0.03, "smallest per-image std " + std.getMin());
        assertTrue(std.getMax() < 0.1 * 1.1 && std.getMax() > 0.09, "largest per-image std " + std.getMax());
        // uniform on [0.02, 0.1]: mean 0.06
        assertEquals(0.06, std.getAverage(), 0.006, "mean per-image std");
    }

    @Test
    void equalBounds_giveTheFixedLevelsNoiseStatistics() {
        DoubleSummaryStatistics std = Arrays.stream(perImageStd(new GaussianRangeNoise(0.05, 0.05), 7))
                .summaryStatistics();

        assertEquals(0.05, std.getAverage(), 0.05 * 0.01);
        assertTrue(std.getMax() - std.getMin() < 0.05 * 0.3, "spread " + (std.getMax() - std.getMin()));
    }

    @Test
    void isDeterministic_andStaysInUnitInterval() {
        GaussianRangeNoise noise = new GaussianRangeNoise(0.1, 1);
        double[] a = values(noise.apply(midGrey(IMAGES), 11));

        assertTrue(Arrays.equals(a, values(noise.apply(midGrey(IMAGES), 11))));
        assertTrue(Arrays.stream(a).allMatch(v -> v >= 0 && v <= 1));
        assertTrue(!Arrays.equals(a, values(noise.apply(midGrey(IMAGES), 12))));
    }

    @Test
    void rejectsRange_whenReversedOrNegative() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GaussianRangeNoise(1, 0.1));

        assertEquals("sigma range must be finite with 0 <= min <= max, got min 1.0, max 0.1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GaussianRangeNoise(-0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianRangeNoise(0, Double.NaN));
    }
}
