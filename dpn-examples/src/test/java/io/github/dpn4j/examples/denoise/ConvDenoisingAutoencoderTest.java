package io.github.dpn4j.examples.denoise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.train.Progress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConvDenoisingAutoencoderTest {

    /** 256 real digits: enough for a few dozen steps, small enough for seconds. */
    private static final INDArray CLEAN = MnistData.embedded().limit(256, 1).train().getFeatures();

    private static DenoiserTraining tiny(int epochs) {
        // a larger step than the default 1e-3, so that a few steps show
        return new DenoiserTraining(epochs, 16, 1e-2,
                DenoiserTraining.DEFAULT_SIGMA_MIN, DenoiserTraining.DEFAULT_SIGMA_MAX, 7);
    }

    @Test
    void hasTheDocumentedSize_andMapsPixelsToPixelsInUnitInterval() {
        ConvDenoisingAutoencoder dae = ConvDenoisingAutoencoder.create(tiny(0));
        INDArray noisy = tiny(0).corruption().apply(CLEAN, 3);

        INDArray out = dae.denoise(noisy);

        assertEquals(18_817, dae.numParams());
        assertArrayEquals(new long[] {256, 784}, out.shape());
        assertTrue(out.minNumber().doubleValue() >= 0 && out.maxNumber().doubleValue() <= 1);
    }

    @Test
    void fitLowersTheLoss_onHeldOutNoise_withoutCollapsingToOneImage_andIsReproducible() {
        INDArray noisy = tiny(0).corruption().apply(CLEAN, 99);  // a draw the training never sees
        ConvDenoisingAutoencoder dae = ConvDenoisingAutoencoder.create(tiny(2));
        double before = dae.loss(noisy, CLEAN);

        List<Double> losses = dae.fit(CLEAN, Progress.none());

        assertEquals(2, losses.size());
        double after = dae.loss(noisy, CLEAN);
        assertTrue(after < 0.8 * before, "loss before " + before + ", after " + after + ", per epoch " + losses);
        INDArray out = dae.denoise(noisy);
        // a collapsed autoencoder (one image for every input) also lowers the loss at first; a denoiser's output
        // varies between inputs about as much as the digits do
        double spread = out.std(0).meanNumber().doubleValue();
        double digitSpread = CLEAN.std(0).meanNumber().doubleValue();
        assertTrue(spread > 0.25 * digitSpread, "output spread between images " + spread + ", digits' " + digitSpread);
        ConvDenoisingAutoencoder twin = ConvDenoisingAutoencoder.create(tiny(2));
        twin.fit(CLEAN, Progress.none());
        assertEquals(dae.network().params(), twin.network().params());
    }

    @Test
    void rejectsPixels_ofTheWrongShape() {
        ConvDenoisingAutoencoder dae = ConvDenoisingAutoencoder.create(tiny(0));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dae.denoise(Nd4j.zeros(2, 100)));
        assertEquals("denoising autoencoder expects pixels [B, 784] with B >= 1, got [2, 100]", e.getMessage());
    }

    @Test
    void trainingSettings_areValidated_namingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DenoiserTraining(1, 16, 1e-3, 0.5, 0.1, 1));
        assertEquals("front-end noise range must satisfy 0 <= sigma min <= sigma max, got 0.5 and 0.1",
                e.getMessage());
        assertEquals("gaussian:0.05-1.0", DenoiserTraining.defaults(1).corruption().describe());
    }
}
