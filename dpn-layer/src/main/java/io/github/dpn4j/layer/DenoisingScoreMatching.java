package io.github.dpn4j.layer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Fits a {@link NoiseConditionalPotential} to clean examples by denoising score matching, then calibrates its noise
 * estimate.
 * <ol>
 *   <li><b>Initialisation</b>: k-means ({@link KMeansInit#cluster}) on up to {@link Options#kMeansExamples()}
 *       examples; each component's centre, per-dimension variance (floored at {@link Options#varianceFloor()}) and
 *       share of the examples (its weight).</li>
 *   <li><b>Denoising score matching</b> (Vincent 2011) under the real corruption: for each minibatch a noise level
 *       {@code s ~ U[sigmaMin, sigmaMax]}, {@code x̃ = corrupt(x, s)}, and Adam on
 *       {@code ‖x̃ + s² ∇phi_s(x̃) - x‖² / (d·s²)} averaged over the batch. The gradient with respect to the
 *       parameters is SameDiff's autodiff of the closed-form score ({@link NoiseConditionalGraph}).</li>
 *   <li><b>Calibration</b>: inputs corrupted at known levels {@code 0 … sigmaMax} are searched for their most likely
 *       grid level ({@code argmax_s phi_s}); each grid level is mapped to the mean true level of the inputs that
 *       landed on it, made non-decreasing (pool-adjacent-violators) and filled in by interpolation where nothing
 *       landed.</li>
 * </ol>
 * Deterministic for a seed on one backend and thread count. The potential is frozen afterwards: a classification
 * loss would tune it to the training noise and lose the robustness it exists for.
 */
public final class DenoisingScoreMatching {

    /**
     * Default noise grid searched by the estimate: steps of 0.05 up to 0.3, of 0.02 up to 0.56 (pixel clipping makes
     * the raw estimate of heavy noise on pixels bunch up there, well below the true level), then
     * coarse up to 1.5.
     */
    public static final double[] DEFAULT_NOISE_GRID = {0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.32, 0.34, 0.36, 0.38,
        0.4, 0.42, 0.44, 0.46, 0.48, 0.5, 0.52, 0.54, 0.56, 0.6, 0.7, 0.8, 1.0, 1.5};

    private static final String MU = "mu";
    private static final String LOG_VARIANCE = "logVariance";
    private static final String C = "c";
    private static final String NOISY = "noisy";
    private static final String CLEAN = "clean";
    private static final String S2 = "s2";
    private static final String SCALE = "scale";
    private static final String LOSS = "loss";

    private DenoisingScoreMatching() {
    }

    /**
     * Fits a potential to {@code clean [N, d]} (rows are examples; float32 or float64, computed in that type).
     *
     * @throws IllegalArgumentException for a bad shape, NaN or infinite values, or {@code components > N}
     */
    public static Result fit(INDArray clean, Options options) {
        Objects.requireNonNull(options, "options");
        if (clean.rank() != 2 || clean.size(0) < 1 || clean.size(1) < 1) {
            throw new IllegalArgumentException("denoising score matching needs examples [N, d], got shape "
                    + Arrays.toString(clean.shape()));
        }
        if (!clean.dataType().isFPType()) {
            throw new IllegalArgumentException("denoising score matching needs floating point examples, got "
                    + clean.dataType());
        }
        if (LayerValues.nonFinite(clean)) {
            throw new IllegalArgumentException("denoising score matching: the examples contain NaN or infinite values");
        }
        if (options.components > clean.size(0)) {
            throw new IllegalArgumentException("denoising score matching: components k=" + options.components
                    + " exceeds the " + clean.size(0) + " examples given");
        }
        long start = System.nanoTime();
        Initial init = initialise(clean, options);
        double[] losses = train(clean, init, options);
        NoiseConditionalPotential uncalibrated = NoiseConditionalPotential.of(init.mu, init.logVariance, init.c,
                options.noiseGrid, options.noiseGrid, options.tolerated);
        double[] calibration = calibrate(uncalibrated, clean, options);
        return new Result(uncalibrated.withCalibration(calibration), losses, init.kMeansIterations,
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * Fits the {@link StepRule#TWEEDIE} layer {@code layerIndex} of {@code net} to the features it sees (up to
     * {@code maxExamples} examples of {@code data}, through the layers before it; see {@link DpnLayer#inputFeatures})
     * and writes the fitted parameters into it. {@code components} and the noise grid come from the layer's
     * configuration and override {@code options}'; so does {@code tolerated}.
     */
    public static Result fit(MultiLayerNetwork net, int layerIndex, DataSetIterator data, int maxExamples,
                             Options options) {
        return fitLayer(DpnLayer.at(net, layerIndex), data, maxExamples, options);
    }

    /** {@link #fit(MultiLayerNetwork, int, DataSetIterator, int, Options)} for the layer {@code layerName} of a graph. */
    public static Result fit(ComputationGraph graph, String layerName, DataSetIterator data, int maxExamples,
                             Options options) {
        return fitLayer(DpnLayer.named(graph, layerName), data, maxExamples, options);
    }

    /**
     * Puts a denoising front-end in front of a trained classifier: fits a potential to {@code cleanInputs} (the
     * classifier's training inputs, {@code [N, d]} as the network takes them) and returns a new network, the
     * {@link StepRule#TWEEDIE} layer first and then the classifier, its parameters copied bit for bit and frozen
     * ({@link PotentialTransfer#prepend}). The classifier itself is left unchanged.
     */
    public static MultiLayerNetwork frontEnd(MultiLayerNetwork classifier, INDArray cleanInputs, Options options) {
        return frontEnd(classifier, fit(cleanInputs, options).potential());
    }

    /**
     * A new network: {@code potential} as a {@link StepRule#TWEEDIE} first layer, then {@code classifier}, whose
     * parameters are copied bit for bit and frozen ({@link PotentialTransfer#prepend}); the classifier is unchanged.
     */
    public static MultiLayerNetwork frontEnd(MultiLayerNetwork classifier, NoiseConditionalPotential potential) {
        return PotentialTransfer.prepend(classifier, potential.layer(), potential.parameters(), nothingToTrain(),
                true);
    }

    /**
     * A new graph: {@code potential} as the {@link StepRule#TWEEDIE} vertex
     * {@value PotentialTransfer#DEFAULT_FRONT_NAME} reading the graph's input, then {@code classifier}, whose
     * parameters are copied bit for bit and frozen; the classifier is unchanged.
     */
    public static ComputationGraph frontEnd(ComputationGraph classifier, NoiseConditionalPotential potential) {
        return PotentialTransfer.prepend(classifier, PotentialTransfer.DEFAULT_FRONT_NAME, potential.layer(),
                potential.parameters(), nothingToTrain(), true);
    }

    /** Nothing is left to train: the front-end is frozen by its step rule, the classifier by prepend. */
    private static FineTuneConfiguration nothingToTrain() {
        return new FineTuneConfiguration.Builder().updater(new NoOp()).build();
    }

    private static Result fitLayer(DpnLayer layer, DataSetIterator data, int maxExamples, Options options) {
        DenoisingPotential config = layer.config();
        if (config.getStepRule() != StepRule.TWEEDIE) {
            throw new IllegalArgumentException(layer + ": stepRule is " + config.getStepRule()
                    + "; denoising score matching fits TWEEDIE layers (KMeansInit initialises LEARNED ones)");
        }
        if (maxExamples < 1) {
            throw new IllegalArgumentException("maxExamples must be >= 1, got " + maxExamples);
        }
        List<INDArray> parts = new ArrayList<>();
        long count = 0;
        data.reset();
        while (data.hasNext() && count < maxExamples) {
            INDArray x = layer.inputFeatures(data.next().getFeatures());
            long take = Math.min(x.size(0), maxExamples - count);
            parts.add(x.get(NDArrayIndex.interval(0, take), NDArrayIndex.all()).dup());
            count += take;
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException(layer + ": the iterator gave no examples");
        }
        Options o = options.toBuilder().components(config.getComponents()).noiseGrid(config.getNoiseGrid())
                .tolerated(config.getToleratedNoise()).build();
        Result result = fit(Nd4j.vstack(parts.toArray(new INDArray[0])), o);
        for (Map.Entry<String, INDArray> e : result.potential().parameters().entrySet()) {
            layer.setParameter(e.getKey(), e.getValue());
        }
        return result;
    }

    // ------------------------------------------------------------------------------------------------ steps

    private static final class Initial {
        final INDArray mu;
        final INDArray logVariance;
        final INDArray c;
        final int kMeansIterations;

        Initial(INDArray mu, INDArray logVariance, INDArray c, int kMeansIterations) {
            this.mu = mu;
            this.logVariance = logVariance;
            this.c = c;
            this.kMeansIterations = kMeansIterations;
        }
    }

    private static Initial initialise(INDArray clean, Options o) {
        DataType dt = clean.dataType();
        INDArray sample = rows(clean, Math.min(o.kMeansExamples, clean.size(0)), o.seed);
        KMeansInit.Result km = KMeansInit.cluster(sample, o.components, o.seed, KMeansInit.DEFAULT_ETA);
        INDArray x = sample.castTo(DataType.DOUBLE);
        INDArray centers = km.centers();
        // nearest centre of each example, then per-component per-dimension variance around it
        INDArray distances = x.mmul(centers.transpose()).muli(-2)
                .addiRowVector(centers.mul(centers).sum(true, 1).transpose());
        INDArray nearest = Nd4j.argMin(distances, 1);
        int k = o.components;
        INDArray membership = Nd4j.create(DataType.DOUBLE, k, x.size(0));
        for (int j = 0; j < x.size(0); j++) {
            membership.putScalar(nearest.getInt(j), j, 1.0);
        }
        INDArray counts = membership.sum(true, 1);                                       // [k, 1]
        INDArray safe = Transforms.max(counts, 1.0, true);
        INDArray squares = membership.mmul(x.mul(x)).diviColumnVector(safe);           // E[x²] per component
        INDArray variance = squares.subi(centers.mul(centers)).addi(0.0);
        variance = Transforms.max(variance, o.varianceFloor, false);
        // an empty cluster keeps the floor and half an example's weight
        INDArray weights = Transforms.max(counts, 0.5, true).divi(x.size(0)).reshape(1, k);
        return new Initial(centers.castTo(dt), Transforms.log(variance, false).castTo(dt),
                Transforms.log(weights, false).castTo(dt), km.iterations());
    }

    private static double[] train(INDArray clean, Initial init, Options o) {
        DataType dt = clean.dataType();
        long n = clean.size(0);
        long d = clean.size(1);
        SameDiff sd = SameDiff.create();
        SDVariable mu = sd.var(MU, init.mu.dup());
        SDVariable logVariance = sd.var(LOG_VARIANCE, init.logVariance.dup());
        SDVariable c = sd.var(C, init.c.dup());
        SDVariable noisy = sd.placeHolder(NOISY, dt, -1, d);
        SDVariable target = sd.placeHolder(CLEAN, dt, -1, d);
        SDVariable s2 = sd.placeHolder(S2, dt, 1, 1);
        SDVariable scale = sd.placeHolder(SCALE, dt, 1, 1);
        NoiseConditionalGraph graph = NoiseConditionalGraph.define(sd, mu, logVariance, c,
                sd.constant("origin", init.mu.mean(true, 0)), d);
        graph.scoreMatchingLoss(LOSS, noisy, target, s2, scale);
        sd.setLossVariables(LOSS);
        SameDiffChatter.quietly(sd::createGradFunction);

        List<String> names = List.of(MU, LOG_VARIANCE, C);
        Map<String, GradientUpdater> updaters = new HashMap<>();
        Adam adam = new Adam(o.learningRate);
        for (String name : names) {
            long length = sd.getVariable(name).getArr().length();
            updaters.put(name, adam.instantiate(Nd4j.zeros(dt, 1, adam.stateSize(length)), true));
        }
        SplittableRandom random = new SplittableRandom(o.seed);
        Random noise = Nd4j.getRandomFactory().getNewRandomInstance(o.seed);
        double[] losses = new double[o.epochs];
        int iteration = 0;
        for (int epoch = 0; epoch < o.epochs; epoch++) {
            int[] order = permutation((int) n, random);
            double total = 0;
            int batches = 0;
            for (int from = 0; from < n; from += o.batchSize) {
                int[] batch = Arrays.copyOfRange(order, from, (int) Math.min(n, from + o.batchSize));
                INDArray x = clean.getRows(batch);
                double s = o.sigmaMin + (o.sigmaMax - o.sigmaMin) * random.nextDouble();
                Map<String, INDArray> feed = new HashMap<>();
                feed.put(NOISY, o.corruption.apply(x, s, noise).castTo(dt));
                feed.put(CLEAN, x);
                feed.put(S2, Nd4j.valueArrayOf(new long[]{1, 1}, s * s, dt));
                feed.put(SCALE, Nd4j.valueArrayOf(new long[]{1, 1}, 1.0 / (batch.length * d * s * s), dt));
                Map<String, INDArray> gradients = sd.calculateGradients(feed, names);
                total += sd.output(feed, LOSS).get(LOSS).getDouble(0);
                batches++;
                for (String name : names) {
                    INDArray param = sd.getVariable(name).getArr();
                    INDArray update = gradients.get(name).dup('c');
                    updaters.get(name).applyUpdater(update, iteration, epoch);
                    param.subi(update.reshape(param.shape()));
                }
                iteration++;
            }
            losses[epoch] = total / batches;
            if (!Double.isFinite(losses[epoch])) {
                throw new IllegalStateException("denoising score matching diverged in epoch " + (epoch + 1)
                        + " (loss " + losses[epoch] + "); try a smaller learning rate than " + o.learningRate);
            }
        }
        init.mu.assign(sd.getVariable(MU).getArr());
        init.logVariance.assign(sd.getVariable(LOG_VARIANCE).getArr());
        init.c.assign(sd.getVariable(C).getArr());
        return losses;
    }

    /** Grid level → mean true level of the inputs that land on it; non-decreasing; gaps interpolated. */
    static double[] calibrate(NoiseConditionalPotential potential, INDArray clean, Options o) {
        double[] grid = o.noiseGrid;
        double[] sums = new double[grid.length];
        double[] counts = new double[grid.length];
        INDArray sample = rows(clean, Math.min(o.calibrationExamples, clean.size(0)), o.seed + 1);
        Random noise = Nd4j.getRandomFactory().getNewRandomInstance(o.seed + 1);
        int levels = o.calibrationLevels;
        for (int l = 0; l < levels; l++) {
            double sigma = o.sigmaMax * l / (levels - 1);
            INDArray noisy = sigma == 0 ? sample : o.corruption.apply(sample, sigma, noise);
            for (int index : potential.rawNoiseIndex(noisy)) {
                sums[index] += sigma;
                counts[index]++;
            }
        }
        return NoiseCalibration.monotone(grid, sums, counts);
    }

    private static INDArray rows(INDArray x, long count, long seed) {
        if (count >= x.size(0)) {
            return x;
        }
        int[] order = permutation((int) x.size(0), new SplittableRandom(seed));
        return x.getRows(Arrays.copyOf(order, (int) count));
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    // ------------------------------------------------------------------------------------------------ types

    /** What {@link #fit} produced. */
    public static final class Result {
        private final NoiseConditionalPotential potential;
        private final double[] epochLosses;
        private final int kMeansIterations;
        private final double seconds;

        Result(NoiseConditionalPotential potential, double[] epochLosses, int kMeansIterations, double seconds) {
            this.potential = potential;
            this.epochLosses = epochLosses;
            this.kMeansIterations = kMeansIterations;
            this.seconds = seconds;
        }

        /** The fitted, calibrated potential. */
        public NoiseConditionalPotential potential() {
            return potential;
        }

        /** Mean denoising-score-matching loss of each epoch (a copy). */
        public double[] epochLosses() {
            return epochLosses.clone();
        }

        /** Lloyd iterations of the k-means initialisation. */
        public int kMeansIterations() {
            return kMeansIterations;
        }

        /** Wall-clock seconds of the whole fit (k-means, training, calibration). */
        public double seconds() {
            return seconds;
        }
    }

    /** Settings of {@link #fit}; build with {@link #builder()}. Immutable. */
    public static final class Options {
        private final int components;
        private final int epochs;
        private final int batchSize;
        private final double learningRate;
        private final double sigmaMin;
        private final double sigmaMax;
        private final double tolerated;
        private final double varianceFloor;
        private final int kMeansExamples;
        private final int calibrationExamples;
        private final int calibrationLevels;
        private final double[] noiseGrid;
        private final Corruption corruption;
        private final long seed;

        private Options(Builder b) {
            this.components = b.components;
            this.epochs = b.epochs;
            this.batchSize = b.batchSize;
            this.learningRate = b.learningRate;
            this.sigmaMin = b.sigmaMin;
            this.sigmaMax = b.sigmaMax;
            this.tolerated = b.tolerated;
            this.varianceFloor = b.varianceFloor;
            this.kMeansExamples = b.kMeansExamples;
            this.calibrationExamples = b.calibrationExamples;
            this.calibrationLevels = b.calibrationLevels;
            this.noiseGrid = b.noiseGrid.clone();
            this.corruption = b.corruption;
            this.seed = b.seed;
        }

        /** A builder with the documented defaults. */
        public static Builder builder() {
            return new Builder();
        }

        /** A builder holding these options. */
        public Builder toBuilder() {
            Builder b = new Builder();
            b.components = components;
            b.epochs = epochs;
            b.batchSize = batchSize;
            b.learningRate = learningRate;
            b.sigmaMin = sigmaMin;
            b.sigmaMax = sigmaMax;
            b.tolerated = tolerated;
            b.varianceFloor = varianceFloor;
            b.kMeansExamples = kMeansExamples;
            b.calibrationExamples = calibrationExamples;
            b.calibrationLevels = calibrationLevels;
            b.noiseGrid = noiseGrid.clone();
            b.corruption = corruption;
            b.seed = seed;
            return b;
        }

        /** Mixture components {@code k}; default 100. */
        public int components() {
            return components;
        }

        /** Passes over the examples; default 10. */
        public int epochs() {
            return epochs;
        }

        /** Examples per Adam step (one noise level each); default 64. */
        public int batchSize() {
            return batchSize;
        }

        /** Adam's learning rate; default 1e-3. */
        public double learningRate() {
            return learningRate;
        }

        /** Lowest training noise level; default 0.05. */
        public double sigmaMin() {
            return sigmaMin;
        }

        /** Highest training noise level, also the highest calibration level; default 1.0. */
        public double sigmaMax() {
            return sigmaMax;
        }

        /** {@code s0}, the noise level the model downstream tolerates (left in by the step); default 0. */
        public double tolerated() {
            return tolerated;
        }

        /** Smallest initial variance of a component in one dimension; default 1e-3. */
        public double varianceFloor() {
            return varianceFloor;
        }

        /** Examples clustered by k-means; default 5,000. */
        public int kMeansExamples() {
            return kMeansExamples;
        }

        /** Examples corrupted at each calibration level; default 500. */
        public int calibrationExamples() {
            return calibrationExamples;
        }

        /** Calibration levels, evenly spaced from 0 to {@code sigmaMax}; default 21. */
        public int calibrationLevels() {
            return calibrationLevels;
        }

        /** Noise levels the estimate searches (a copy); default {@link #DEFAULT_NOISE_GRID}. */
        public double[] noiseGrid() {
            return noiseGrid.clone();
        }

        /** The corruption trained and calibrated under; default Gaussian clipped to {@code [0, 1]} (pixels). */
        public Corruption corruption() {
            return corruption;
        }

        /** Seed of k-means, batch order, noise levels and noise; default 42. */
        public long seed() {
            return seed;
        }

        @Override
        public String toString() {
            return "DenoisingScoreMatching.Options(components=" + components + ", epochs=" + epochs + ", batchSize="
                    + batchSize + ", learningRate=" + learningRate + ", sigmaMin=" + sigmaMin + ", sigmaMax="
                    + sigmaMax + ", tolerated=" + tolerated + ", varianceFloor=" + varianceFloor
                    + ", kMeansExamples=" + kMeansExamples + ", calibrationExamples=" + calibrationExamples
                    + ", calibrationLevels=" + calibrationLevels + ", noiseGrid=" + Arrays.toString(noiseGrid)
                    + ", seed=" + seed + ")";
        }

        /** Builder of {@link Options}; each setter checks its value. */
        public static final class Builder {
            private int components = 100;
            private int epochs = 10;
            private int batchSize = 64;
            private double learningRate = 1e-3;
            private double sigmaMin = 0.05;
            private double sigmaMax = 1.0;
            private double tolerated = DenoisingPotential.DEFAULT_TOLERATED_NOISE;
            private double varianceFloor = 1e-3;
            private int kMeansExamples = 5000;
            private int calibrationExamples = 500;
            private int calibrationLevels = 21;
            private double[] noiseGrid = DEFAULT_NOISE_GRID;
            private Corruption corruption = Corruption.gaussianClipped(0, 1);
            private long seed = 42;

            private Builder() {
            }

            public Builder components(int k) {
                this.components = positive("components", k);
                return this;
            }

            public Builder epochs(int epochs) {
                if (epochs < 0) {
                    throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
                }
                this.epochs = epochs;
                return this;
            }

            public Builder batchSize(int batchSize) {
                this.batchSize = positive("batchSize", batchSize);
                return this;
            }

            public Builder learningRate(double learningRate) {
                this.learningRate = positiveFinite("learningRate", learningRate);
                return this;
            }

            public Builder sigmaMin(double sigma) {
                this.sigmaMin = positiveFinite("sigmaMin", sigma);
                return this;
            }

            public Builder sigmaMax(double sigma) {
                this.sigmaMax = positiveFinite("sigmaMax", sigma);
                return this;
            }

            public Builder tolerated(double s0) {
                if (!(s0 >= 0) || Double.isInfinite(s0)) {
                    throw new IllegalArgumentException("tolerated noise level s0 must be finite and >= 0, got " + s0);
                }
                this.tolerated = s0;
                return this;
            }

            public Builder varianceFloor(double floor) {
                this.varianceFloor = positiveFinite("varianceFloor", floor);
                return this;
            }

            public Builder kMeansExamples(int n) {
                this.kMeansExamples = positive("kMeansExamples", n);
                return this;
            }

            public Builder calibrationExamples(int n) {
                this.calibrationExamples = positive("calibrationExamples", n);
                return this;
            }

            public Builder calibrationLevels(int n) {
                if (n < 2) {
                    throw new IllegalArgumentException("calibrationLevels must be >= 2, got " + n);
                }
                this.calibrationLevels = n;
                return this;
            }

            public Builder noiseGrid(double... grid) {
                NoiseConditionalPotential.checkGrid(grid, grid);
                this.noiseGrid = grid.clone();
                return this;
            }

            public Builder corruption(Corruption corruption) {
                this.corruption = Objects.requireNonNull(corruption, "corruption");
                return this;
            }

            public Builder seed(long seed) {
                this.seed = seed;
                return this;
            }

            /** @throws IllegalArgumentException if {@code sigmaMin > sigmaMax} */
            public Options build() {
                if (sigmaMin > sigmaMax) {
                    throw new IllegalArgumentException("sigmaMin must be <= sigmaMax, got " + sigmaMin + " > "
                            + sigmaMax);
                }
                return new Options(this);
            }

            private static int positive(String name, int value) {
                if (value < 1) {
                    throw new IllegalArgumentException(name + " must be >= 1, got " + value);
                }
                return value;
            }

            private static double positiveFinite(String name, double value) {
                if (!(value > 0) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
                }
                return value;
            }
        }
    }
}
