package io.github.dpn4j.examples.train;

import io.github.dpn4j.examples.denoise.Denoiser;
import io.github.dpn4j.examples.noise.NoiseModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The fixed evaluation sets: one noisy copy of the test set per condition, drawn once with one seed, so every
 * classifier (and every re-evaluation of a saved model) sees exactly the same pixels. Labels stay clean.
 */
public final class NoiseConditions {

    /** Name of the condition without noise (spec {@code none}): {@value}. */
    public static final String CLEAN = "clean";

    private final List<String> names;
    private final List<INDArray> features;
    /** The clean test images {@code [N, 784]}, the reference of {@link #denoisingError()}. */
    private final INDArray clean;
    /** One-hot labels {@code [N, classes]}. */
    private final INDArray labels;

    private NoiseConditions(List<String> names, List<INDArray> features, INDArray clean, INDArray labels) {
        this.names = Collections.unmodifiableList(names);
        this.features = features;
        this.clean = clean;
        this.labels = labels;
    }

    /**
     * Draws the noisy copies.
     *
     * @param test  clean test set: features {@code [N, 784]} in [0, 1], labels one-hot {@code [N, 10]}, N &gt;= 1
     * @param specs {@code NoiseModel} specs, at least one (e.g. {@code "none"}, {@code "gaussian:0.3"})
     * @param seed  noise seed, the same for every condition
     * @return the conditions, named by {@code NoiseModel.describe()}, except {@value #CLEAN} for no noise
     * @throws IllegalArgumentException for an invalid spec (naming it) or an empty list
     */
    public static NoiseConditions prepare(DataSet test, List<String> specs, long seed) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("need at least one evaluation condition, got " + specs);
        }
        List<String> names = new ArrayList<>();
        List<INDArray> features = new ArrayList<>();
        for (String spec : specs) {
            NoiseModel noise = NoiseModel.parse(spec);
            names.add(name(noise));
            features.add(noise.apply(test.getFeatures(), seed));
        }
        return new NoiseConditions(names, features, test.getFeatures().dup(), test.getLabels());
    }

    /**
     * @param noise a noise model
     * @return its condition name: {@value #CLEAN} for no noise, else its spec ({@code NoiseModel.describe()})
     */
    public static String name(NoiseModel noise) {
        return noise.describe().equals(NoiseModel.parse("none").describe()) ? CLEAN : noise.describe();
    }

    /** @return the condition names, in order */
    public List<String> names() {
        return names;
    }

    /**
     * @param condition index into {@link #names()}
     * @return that condition's noisy test features {@code [N, 784]} (not a copy: do not modify)
     */
    public INDArray features(int condition) {
        return features.get(condition);
    }

    /** @return the true class of each test example {@code [N]} */
    public INDArray labelIndices() {
        return labels.argMax(1);
    }

    /** @return test examples per condition */
    public int numExamples() {
        return (int) labels.size(0);
    }

    /**
     * Classifies every condition's test set.
     *
     * @param classifier the classifier
     * @param batchSize  minibatch size, &gt;= 1 (does not change the result)
     * @param progress   where to show a bar
     * @return accuracies, the DPN steps taken per condition ({@link ConditionAccuracy#dpnSteps()}: each minibatch's
     *         steps times its size, so the mean depends on {@code batchSize} where a tolerance stops ascents early)
     *         and inference speed (timed after one untimed warm-up batch)
     */
    public NoiseEvaluation evaluate(Classifier classifier, int batchSize, Progress progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        int n = numExamples();
        List<ConditionAccuracy> results = new ArrayList<>();
        // one untimed batch first, so that one-off costs (JIT, SameDiff session setup) stay out of images/s
        classifier.output(features.get(0).get(NDArrayIndex.interval(0, Math.min(n, batchSize)), NDArrayIndex.all()));
        long nanos = 0;
        try (Progress.Bar bar = progress.start("evaluating", (long) n * names.size())) {
            for (int c = 0; c < names.size(); c++) {
                Evaluation scored = new Evaluation((int) labels.size(1));
                long dpnSteps = 0;
                for (int start = 0; start < n; start += batchSize) {
                    int end = Math.min(n, start + batchSize);
                    INDArray x = features.get(c).get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
                    long t0 = System.nanoTime();
                    INDArray output = classifier.output(x);
                    nanos += System.nanoTime() - t0;
                    dpnSteps += (long) classifier.dpnStepsTaken().orElse(0) * (end - start);
                    scored.eval(labels.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()), output);
                    bar.stepBy(end - start);
                }
                results.add(new ConditionAccuracy(names.get(c), correct(scored, (int) labels.size(1)), n,
                        classifier.hasPotential() ? OptionalLong.of(dpnSteps) : OptionalLong.empty()));
            }
        }
        return new NoiseEvaluation(results, (long) n * names.size(), nanos / 1e9);
    }

    /** @return the examples on the confusion matrix's diagonal (an exact count, unlike accuracy × N) */
    private static long correct(Evaluation scored, int classes) {
        long correct = 0;
        for (int i = 0; i < classes; i++) {
            correct += scored.getConfusionMatrix().getCount(i, i);
        }
        return correct;
    }

    /**
     * The conditions as a front-end leaves them: every condition's images passed through it once (the clean
     * images and labels stay), so that a classifier behind the front-end is evaluated with
     * {@link #evaluate(Classifier, int, Progress)} on the result.
     *
     * @param frontEnd  the front-end (inference only)
     * @param batchSize minibatch size, &gt;= 1 (does not change the result beyond rounding)
     * @param progress  where to show a bar
     * @return the denoised conditions and the seconds the front-end took
     */
    public Denoised through(Denoiser frontEnd, int batchSize, Progress progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        int n = numExamples();
        List<INDArray> denoised = new ArrayList<>();
        long nanos = 0;
        try (Progress.Bar bar = progress.start("denoising", (long) n * names.size())) {
            for (INDArray noisy : features) {
                List<INDArray> batches = new ArrayList<>();
                for (int start = 0; start < n; start += batchSize) {
                    int end = Math.min(n, start + batchSize);
                    INDArray x = noisy.get(NDArrayIndex.interval(start, end), NDArrayIndex.all());
                    long t0 = System.nanoTime();
                    batches.add(frontEnd.denoise(x));
                    nanos += System.nanoTime() - t0;
                    bar.stepBy(end - start);
                }
                denoised.add(Nd4j.vstack(batches.toArray(INDArray[]::new)).castTo(noisy.dataType()));
            }
        }
        return new Denoised(new NoiseConditions(names, denoised, clean, labels), nanos / 1e9);
    }

    /**
     * Conditions after a front-end.
     *
     * @param conditions the denoised images per condition, with the original clean images and labels
     * @param seconds    wall-clock seconds the front-end took over all conditions
     */
    public record Denoised(NoiseConditions conditions, double seconds) {
    }

    /**
     * Mean squared error per pixel between each condition's images and the clean test images: the corruption's
     * size, or after {@link #through} what a front-end left of it.
     *
     * @return one mean squared error per condition, in {@link #names()} order
     */
    public List<Double> denoisingError() {
        List<Double> errors = new ArrayList<>();
        INDArray target = clean.castTo(DataType.DOUBLE);
        for (INDArray images : features) {
            INDArray diff = images.castTo(DataType.DOUBLE).sub(target);
            errors.add(diff.mul(diff).sumNumber().doubleValue() / target.length());
        }
        return errors;
    }
}
