package io.github.dpn4j.examples.noise;

import static io.github.dpn4j.examples.noise.NoiseFixtures.MID_GREY;
import static io.github.dpn4j.examples.noise.NoiseFixtures.midGrey;
import static io.github.dpn4j.examples.noise.NoiseFixtures.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaltPepperNoiseTest {

    /** 100 images x 784 pixels. */
    private static final int IMAGES = 100;

    /** Allowed error of the replaced fraction (the binomial standard error is at most 0.0018). */
    private static final double FRACTION_TOLERANCE = 0.01;

    /** Allowed error of the share of replaced pixels set to 0 (standard error at most 0.009 here). */
    private static final double PEPPER_SHARE_TOLERANCE = 0.04;

    @ParameterizedTest
    @ValueSource(doubles = {0.05, 0.2, 0.5})
    void replacesFractionOfPixels_halfWithZeroHalfWithOne(double fraction) {
        double[] noisy = values(new SaltPepperNoise(fraction).apply(midGrey(IMAGES), 5));

        long changed = Arrays.stream(noisy).filter(value -> value != MID_GREY).count();
        long zeros = Arrays.stream(noisy).filter(value -> value == 0).count();
        long ones = Arrays.stream(noisy).filter(value -> value == 1).count();
        assertEquals(changed, zeros + ones, "replaced pixels must be 0 or 1");
        assertEquals(fraction, changed / (double) noisy.length, FRACTION_TOLERANCE, "replaced fraction");
        assertEquals(0.5, zeros / (double) changed, PEPPER_SHARE_TOLERANCE, "share of zeros among replaced");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, 1})
    void replacesNoneOrAll_atFractionBounds(double fraction) {
        double[] noisy = values(new SaltPepperNoise(fraction).apply(midGrey(2), 5));

        long changed = Arrays.stream(noisy).filter(value -> value != MID_GREY).count();
        assertEquals(Math.round(fraction * noisy.length), changed);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, 1.5, Double.NaN})
    void rejectsFraction_outsideUnitInterval(double fraction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SaltPepperNoise(fraction));

        assertTrue(e.getMessage().endsWith("got " + fraction), e.getMessage());
    }
}
