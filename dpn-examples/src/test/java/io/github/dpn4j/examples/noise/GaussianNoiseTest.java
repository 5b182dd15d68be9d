package io.github.dpn4j.examples.noise;

import static io.github.dpn4j.examples.noise.NoiseFixtures.MID_GREY;
import static io.github.dpn4j.examples.noise.NoiseFixtures.midGrey;
import static io.github.dpn4j.examples.noise.NoiseFixtures.randomImages;
import static io.github.dpn4j.examples.noise.NoiseFixtures.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

class GaussianNoiseTest {

    /** 200 images x 784 pixels: the standard error of the mean is sigma / 396. */
    private static final int IMAGES = 200;

    /** Allowed |mean| of the added noise, in units of sigma (about 8 standard errors). */
    private static final double MEAN_TOLERANCE_SIGMAS = 0.02;

    /** Allowed relative error of the standard deviation of the added noise. */
    private static final double STD_RELATIVE_TOLERANCE = 0.02;

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.1})
    void addsNoiseWithMeanZeroAndStdSigma_onMidGreyInput(double sigma) {
        double[] noisy = values(new GaussianNoise(sigma).apply(midGrey(IMAGES), 3));

        double[] added = Arrays.stream(noisy).map(value -> value - MID_GREY).toArray();
        double mean = Arrays.stream(added).average().orElseThrow();
        double std = Math.sqrt(Arrays.stream(added).map(d -> (d - mean) * (d - mean)).sum() / (added.length - 1));
        assertEquals(0, mean, MEAN_TOLERANCE_SIGMAS * sigma, "mean of added noise");
        assertEquals(sigma, std, STD_RELATIVE_TOLERANCE * sigma, "std of added noise");
    }

    @Test
    void clipsToUnitInterval_whenSigmaLarge() {
        double[] noisy = values(new GaussianNoise(5).apply(midGrey(2), 3));

        long zeros = Arrays.stream(noisy).filter(value -> value == 0).count();
        long ones = Arrays.stream(noisy).filter(value -> value == 1).count();
        assertTrue(Arrays.stream(noisy).allMatch(value -> value >= 0 && value <= 1));
        assertTrue(zeros > noisy.length / 3 && ones > noisy.length / 3, zeros + " zeros, " + ones + " ones");
    }

    @Test
    void keepsPixels_whenSigmaZero() {
        double[] clean = values(randomImages(2, DataType.DOUBLE));

        assertArrayEquals(clean, values(new GaussianNoise(0).apply(randomImages(2, DataType.DOUBLE), 3)));
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void rejectsSigma_whenNegativeOrNotFinite(double sigma) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(sigma));

        assertEquals("sigma must be finite and >= 0, got " + sigma, e.getMessage());
    }
}
