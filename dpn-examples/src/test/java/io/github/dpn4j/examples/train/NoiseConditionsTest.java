package io.github.dpn4j.examples.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.denoise.ConvDenoisingAutoencoder;
import io.github.dpn4j.examples.denoise.Denoiser;
import io.github.dpn4j.examples.denoise.DenoiserTraining;
import io.github.dpn4j.examples.noise.NoiseModel;
import io.github.dpn4j.examples.analysis.TinyModels;
import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.DpnLayer;
import io.github.dpn4j.layer.Potential;
import io.github.dpn4j.layer.Precision;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

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

    /** DPN ascent steps cap of {@link #contracting}. */
    private static final int CAP = 30;

    /**
     * dense(784 -> 3, tanh) -> DPN (k = 2, DIAGONAL, unit precisions, alpha 0.5: each step halves the distance to a
     * single nearby center, so a row converges in a number of steps that grows with its distance) -> softmax.
     */
    private static MultiLayerNetwork contracting(double tolerance) {
        DenoisingPotential dpn = new DenoisingPotential.Builder().components(2).steps(CAP).precision(Precision.DIAGONAL)
                .tolerance(tolerance).name("dpn").build();
        MultiLayerNetwork net = TinyModels.denseDpn(784, 3, dpn, DataType.DOUBLE);
        net.setParam("1_" + DenoisingPotential.MU, Nd4j.createFromArray(new double[][]{{0.5, 0, 0}, {-0.5, 0, 0}}));
        net.setParam("1_" + DenoisingPotential.A, Nd4j.ones(DataType.DOUBLE, 2, 3));
        net.setParam("1_" + DenoisingPotential.C, Nd4j.zeros(DataType.DOUBLE, 1, 2));
        net.setParam("1_" + DenoisingPotential.ALPHA, Nd4j.valueArrayOf(new long[]{1, 1}, 0.5, DataType.DOUBLE));
        return net;
    }

    @Test
    void meanDpnSteps_withoutTolerance_areN() {
        NoiseEvaluation e = NoiseConditions.prepare(TEST, SPECS, EVAL_SEED)
                .evaluate(Classifier.of(contracting(0.0)), 16, Progress.none());
        for (ConditionAccuracy a : e.conditions()) {
            assertEquals(CAP, a.meanDpnSteps(), a.condition());
            assertEquals(OptionalLong.of((long) CAP * TEST.numExamples()), a.dpnSteps(), a.condition());
        }
    }

    @Test
    void meanDpnSteps_withTolerance_areBelowN_eachMinibatchsStepsWeightedByItsSize() {
        MultiLayerNetwork net = contracting(1e-4);
        NoiseConditions conditions = NoiseConditions.prepare(TEST, SPECS, EVAL_SEED);
        int batch = 16;   // 50 images: 16, 16, 16, 2

        NoiseEvaluation e = conditions.evaluate(Classifier.of(net), batch, Progress.none());

        Potential potential = Potential.of(net, 1);
        Set<Integer> counts = new TreeSet<>();
        for (int c = 0; c < SPECS.size(); c++) {
            long expected = 0;
            for (int start = 0; start < TEST.numExamples(); start += batch) {
                int end = Math.min(TEST.numExamples(), start + batch);
                INDArray x = conditions.features(c).get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
                int steps = potential.ascend(DpnLayer.at(net, 1).inputFeatures(x)).steps();
                counts.add(steps);
                expected += (long) steps * (end - start);
            }
            ConditionAccuracy a = e.conditions().get(c);
            assertEquals(OptionalLong.of(expected), a.dpnSteps(), a.condition());
            assertTrue(a.meanDpnSteps() > 1 && a.meanDpnSteps() < CAP, a.condition() + ": " + a.meanDpnSteps());
        }
        assertTrue(counts.size() > 1, "minibatches that took different steps weigh differently: " + counts);
    }

    @Test
    void dpnSteps_withoutDpn_areEmpty() {
        NoiseEvaluation e = NoiseConditions.prepare(TEST, SPECS, EVAL_SEED)
                .evaluate(Classifier.of(TinyModels.plain(784, 3, DataType.DOUBLE)), 16, Progress.none());
        for (ConditionAccuracy a : e.conditions()) {
            assertEquals(OptionalLong.empty(), a.dpnSteps());
            assertTrue(Double.isNaN(a.meanDpnSteps()));
        }
    }
}
