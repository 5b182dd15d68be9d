package io.github.dpn4j.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.denoise.ConvDenoisingAutoencoder;
import io.github.dpn4j.examples.denoise.Denoiser;
import io.github.dpn4j.examples.denoise.DenoiserTraining;
import io.github.dpn4j.examples.noise.NoiseModel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** {@link NoiseConditions} with a front-end in front of the classifier. */
class NoiseConditionsTest {

    private static final long EVAL_SEED = 2024;
    private static final DataSet TEST = MnistData.embedded().limit(1, 50).test();
    private static final List<String> SPECS = List.of("none", "gaussian:0.6");

    @Test
    void classifierBehindFrontEnd_isClassifierOfDenoisedPixels_andStaysUnchanged() {
        Classifier classifier = Classifier.create(RunConfig.defaults(ExampleConfig.CNN));
        Denoiser frontEnd = ConvDenoisingAutoencoder.create(DenoiserTraining.defaults(3));
        INDArray before = classifier.model().params().dup();
        NoiseConditions conditions = NoiseConditions.prepare(TEST, SPECS, EVAL_SEED);

        NoiseConditions.Denoised denoised = conditions.through(frontEnd, 16, Progress.none());
        NoiseEvaluation behind = denoised.conditions().evaluate(classifier, 16, Progress.none());

        assertEquals(before, classifier.model().params());
        INDArray truth = TEST.getLabels().argMax(1);
        for (int c = 0; c < SPECS.size(); c++) {
            INDArray noisy = NoiseModel.parse(SPECS.get(c)).apply(TEST.getFeatures(), EVAL_SEED);
            INDArray predicted = classifier.output(frontEnd.denoise(noisy)).argMax(1);
            long correct = predicted.eq(truth).castTo(DataType.INT).sumNumber().longValue();
            assertEquals(correct, behind.conditions().get(c).correct(), SPECS.get(c));
        }
        assertEquals(behind.conditions(), conditions.through(frontEnd, 7, Progress.none()).conditions()
                .evaluate(classifier, 9, Progress.none()).conditions());
    }

    @Test
    void denoisingError_isMeanSquaredErrorToTheCleanImages() {
        NoiseConditions conditions = NoiseConditions.prepare(TEST, SPECS, EVAL_SEED);
        INDArray clean = TEST.getFeatures().castTo(DataType.DOUBLE);
        INDArray noisy = NoiseModel.parse("gaussian:0.6").apply(TEST.getFeatures(), EVAL_SEED).castTo(DataType.DOUBLE);
        double expected = noisy.sub(clean).norm2Number().doubleValue();
        expected = expected * expected / clean.length();

        List<Double> raw = conditions.denoisingError();

        assertEquals(0, raw.get(0));
        assertEquals(expected, raw.get(1), 1e-9 * expected);
        List<Double> denoised = conditions.through(ConvDenoisingAutoencoder.create(DenoiserTraining.defaults(3)), 16,
                Progress.none()).conditions().denoisingError();
        assertNotEquals(0, denoised.get(0));  // an untrained autoencoder does change clean images
    }
}
