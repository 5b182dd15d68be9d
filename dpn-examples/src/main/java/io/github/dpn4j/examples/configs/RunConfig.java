package io.github.dpn4j.examples.configs;

import io.github.dpn4j.examples.noise.NoiseModel;
import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.GradientMode;
import io.github.dpn4j.layer.Precision;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.exc.ValueInstantiationException;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * Everything that determines one example run: the network, its hyper-parameters, the data, the noise and the
 * seeds. Immutable and validated on construction; build with {@link Builder}. Written to a run's
 * {@code config.json} by {@link #toJson()} and read back by {@link #fromJson(String)} (Jackson, one key per
 * component, in this order).
 *
 * <p>Defaults are the constants below (used by the builder, the command line's usage text and the docs).
 * {@code components} and {@code steps} default per configuration ({@link ExampleConfig#defaultComponents()},
 * {@link ExampleConfig#defaultSteps()}); without a DPN layer they mean nothing and are stored as 0, as is
 * {@code tolerance}. {@code config.json} leaves {@code tolerance} out while it is 0 (off), so the files of runs
 * made before the option existed read and write back unchanged.
 *
 * <p>Seeds: {@code seed} initialises the network and seeds k-means; {@code noiseSeed} drives the training noise
 * and the shuffling (fresh noise every epoch, the same sequence for the same seed); {@code evalSeed} fixes the
 * noisy copies of the test set used for evaluation.
 *
 * @param config         the network
 * @param epochs         training epochs, {@code >= 0} (0 trains nothing: k-means init and evaluation only; default
 *                       {@value #DEFAULT_EPOCHS})
 * @param batchSize      minibatch size for training and evaluation, {@code >= 1} (default
 *                       {@value #DEFAULT_BATCH_SIZE})
 * @param components     DPN mixture components k, {@code >= 1} (0 without a DPN layer)
 * @param steps          DPN ascent steps n, {@code >= 0} (0 without a DPN layer)
 * @param tolerance      DPN convergence tolerance: the ascent stops once every row of a minibatch moved less than
 *                       this (Euclidean length of a step, in the layer's feature units), {@code steps} is the cap;
 *                       finite and {@code >= 0}, 0 = off (default {@value #DEFAULT_TOLERANCE}; 0 without a DPN
 *                       layer). The layer rejects it with gradient mode FULL.
 * @param precision      DPN precision factor structure (default FULL)
 * @param gradientMode   DPN gradient mode (default DETACHED)
 * @param learnStepSize  whether training updates the DPN step size alpha (default
 *                       {@value #DEFAULT_LEARN_STEP_SIZE}); if not, alpha keeps the value k-means gives it
 * @param learningRate   Adam learning rate, finite and {@code > 0} (default {@value #DEFAULT_LEARNING_RATE})
 * @param seed           network initialisation and k-means seed (default {@value #DEFAULT_SEED})
 * @param trainNoise     {@code NoiseModel} spec of the training noise (default {@value #DEFAULT_TRAIN_NOISE})
 * @param noiseSeed      seed of the training noise and shuffling (default {@value #DEFAULT_NOISE_SEED})
 * @param evalNoise      {@code NoiseModel} specs of the evaluation conditions, at least one, unmodifiable (default
 *                       {@value #DEFAULT_EVAL_NOISE})
 * @param evalSeed       seed of the evaluation noise (default {@value #DEFAULT_EVAL_SEED})
 * @param kmeansExamples training examples k-means sees, {@code >= 1} (default {@value #DEFAULT_KMEANS_EXAMPLES})
 * @param dataDir        directory of MNIST-format IDX files, or null for the embedded data set
 * @param limitTrain     at most this many training examples, {@value #NO_LIMIT} for all
 * @param limitTest      at most this many test examples, {@value #NO_LIMIT} for all
 */
public record RunConfig(ExampleConfig config, int epochs, int batchSize, int components, int steps,
                        @JsonInclude(JsonInclude.Include.NON_DEFAULT) double tolerance, Precision precision,
                        GradientMode gradientMode, boolean learnStepSize, double learningRate,
                        long seed, String trainNoise, long noiseSeed, List<String> evalNoise, long evalSeed,
                        int kmeansExamples, String dataDir, int limitTrain, int limitTest) {

    /** Default training epochs: {@value}. */
    public static final int DEFAULT_EPOCHS = 5;
    /** Default minibatch size: {@value}. */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** Default Adam learning rate: {@value}. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Default network (and k-means) seed: {@value}. */
    public static final long DEFAULT_SEED = 42;
    /** Default noise applied to the training inputs (labels stay clean): {@value}. */
    public static final String DEFAULT_TRAIN_NOISE = "gaussian:0.3";
    /** Default seed of the training noise and shuffling: {@value}. */
    public static final long DEFAULT_NOISE_SEED = 1234;
    /** Default evaluation conditions, comma separated, each a {@code NoiseModel} spec: {@value}. */
    public static final String DEFAULT_EVAL_NOISE =
            "none,gaussian:0.3,gaussian:0.5,gaussian:0.6,gaussian:1.0,saltpepper:0.2,occlusion:10";
    /** Default seed of the evaluation noise: {@value}. */
    public static final long DEFAULT_EVAL_SEED = 2024;
    /** Default number of training examples k-means sees when initialising the DPN centers: {@value}. */
    public static final int DEFAULT_KMEANS_EXAMPLES = 5000;
    /** Default DPN convergence tolerance: the layer's default ({@value}, off: always {@code steps} steps). */
    public static final double DEFAULT_TOLERANCE = DenoisingPotential.DEFAULT_TOLERANCE;
    /** Default DPN precision factor structure: the layer's default (FULL). */
    public static final Precision DEFAULT_PRECISION = DenoisingPotential.DEFAULT_PRECISION;
    /** Default DPN gradient mode: the layer's default (DETACHED). */
    public static final GradientMode DEFAULT_GRADIENT_MODE = DenoisingPotential.DEFAULT_GRADIENT_MODE;
    /** Default of {@link #learnStepSize()}: the layer's default ({@value}). */
    public static final boolean DEFAULT_LEARN_STEP_SIZE = DenoisingPotential.DEFAULT_LEARN_STEP_SIZE;
    /** "No limit" for {@link #limitTrain()} and {@link #limitTest()}: {@value}. */
    public static final int NO_LIMIT = 0;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Validates every setting.
     *
     * @throws IllegalArgumentException naming the first invalid setting and its value
     */
    public RunConfig {
        require(config != null, "config must not be null");
        require(epochs >= 0, "epochs must be >= 0, got " + epochs);
        require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
        if (config.hasPotential()) {
            require(components >= 1, "components must be >= 1, got " + components);
            require(steps >= 0, "steps must be >= 0, got " + steps);
            require(tolerance >= 0 && Double.isFinite(tolerance), "tolerance must be finite and >= 0, got "
                    + tolerance);
        } else {
            components = config.defaultComponents();
            steps = config.defaultSteps();
            tolerance = DEFAULT_TOLERANCE;
        }
        require(precision != null, "precision must not be null");
        require(gradientMode != null, "gradient mode must not be null");
        require(learningRate > 0 && Double.isFinite(learningRate),
                "learning rate must be finite and > 0, got " + learningRate);
        require(trainNoise != null && !trainNoise.isBlank(),
                "train noise must be a noise spec, got '" + trainNoise + "'");
        require(evalNoise != null && !evalNoise.isEmpty(),
                "eval noise must list at least one condition, got " + evalNoise);
        Set<String> conditions = new HashSet<>();
        for (String spec : evalNoise) {
            // one row per condition: "none,none" or "gaussian:0.3,gaussian:0.30" would repeat a row
            require(conditions.add(NoiseModel.parse(spec).describe()), "eval noise lists the condition '" + spec
                    + "' twice, got " + String.join(",", evalNoise));
        }
        evalNoise = List.copyOf(evalNoise);
        require(kmeansExamples >= 1, "k-means examples must be >= 1, got " + kmeansExamples);
        require(limitTrain >= 0, "limit train must be >= 0 (0 = all), got " + limitTrain);
        require(limitTest >= 0, "limit test must be >= 0 (0 = all), got " + limitTest);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /**
     * @param config the network
     * @return the configuration with every default
     */
    public static RunConfig defaults(ExampleConfig config) {
        return new Builder(config).build();
    }

    /** @return a builder starting from this configuration */
    public Builder toBuilder() {
        return new Builder(config).epochs(epochs).batchSize(batchSize).components(components).steps(steps)
                .tolerance(tolerance).precision(precision).gradientMode(gradientMode).learnStepSize(learnStepSize)
                .learningRate(learningRate).seed(seed).trainNoise(trainNoise).noiseSeed(noiseSeed)
                .evalNoise(evalNoise).evalSeed(evalSeed).kmeansExamples(kmeansExamples).dataDir(dataDir)
                .limitTrain(limitTrain).limitTest(limitTest);
    }

    /** @return every setting by its JSON name, in the order of {@code config.json} */
    public Map<String, Object> toMap() {
        return JSON.convertValue(this, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    /** @return this configuration as indented JSON, the content of a run's {@code config.json} */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("RunConfig could not be written as JSON", e);
        }
    }

    /**
     * Reads a configuration written by {@link #toJson()} (of this or an earlier version: a key it lacks takes its
     * default for the file's {@code config}).
     *
     * @param json the JSON text
     * @return the configuration
     * @throws IllegalArgumentException if the text is not JSON, a key is unknown or a value is invalid
     */
    public static RunConfig fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("config.json is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.has("config")) {
            throw new IllegalArgumentException("config.json must be an object with a \"config\" key, got: " + json);
        }
        ObjectNode settings = JSON.valueToTree(defaults(ExampleConfig.fromName(root.get("config").asText())));
        Set<String> keys = new HashSet<>();
        Arrays.stream(RunConfig.class.getRecordComponents()).forEach(c -> keys.add(c.getName()));
        root.fieldNames().forEachRemaining(key -> {
            // not settings.has(key): the defaults leave out tolerance, written only when on
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("unknown key in config.json: '" + key + "'");
            }
        });
        settings.setAll((ObjectNode) root);
        try {
            return JSON.treeToValue(settings, RunConfig.class);
        } catch (ValueInstantiationException e) {
            // the compact constructor's message names the setting and its value
            throw e.getCause() instanceof IllegalArgumentException iae ? iae
                    : new IllegalArgumentException("invalid config.json: " + e.getMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid config.json: " + e.getOriginalMessage(), e);
        }
    }

    /** Builder of {@link RunConfig}; every setting starts at its default. */
    public static final class Builder {
        private final ExampleConfig config;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Integer components;
        private Integer steps;
        private double tolerance = DEFAULT_TOLERANCE;
        private Precision precision = DEFAULT_PRECISION;
        private GradientMode gradientMode = DEFAULT_GRADIENT_MODE;
        private boolean learnStepSize = DEFAULT_LEARN_STEP_SIZE;
        private double learningRate = DEFAULT_LEARNING_RATE;
        private long seed = DEFAULT_SEED;
        private String trainNoise = DEFAULT_TRAIN_NOISE;
        private long noiseSeed = DEFAULT_NOISE_SEED;
        private List<String> evalNoise = Arrays.asList(DEFAULT_EVAL_NOISE.split(","));
        private long evalSeed = DEFAULT_EVAL_SEED;
        private int kmeansExamples = DEFAULT_KMEANS_EXAMPLES;
        private String dataDir;
        private int limitTrain = NO_LIMIT;
        private int limitTest = NO_LIMIT;

        /** @param config the network, not null */
        public Builder(ExampleConfig config) {
            if (config == null) {
                throw new IllegalArgumentException("config must not be null");
            }
            this.config = config;
        }

        /** @param epochs see {@link RunConfig#epochs()} */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** @param batchSize see {@link RunConfig#batchSize()} */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @param components see {@link RunConfig#components()}; null for the configuration's default */
        public Builder components(Integer components) {
            this.components = components;
            return this;
        }

        /** @param steps see {@link RunConfig#steps()}; null for the configuration's default */
        public Builder steps(Integer steps) {
            this.steps = steps;
            return this;
        }

        /** @param tolerance see {@link RunConfig#tolerance()} */
        public Builder tolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** @param precision see {@link RunConfig#precision()} */
        public Builder precision(Precision precision) {
            this.precision = precision;
            return this;
        }

        /** @param gradientMode see {@link RunConfig#gradientMode()} */
        public Builder gradientMode(GradientMode gradientMode) {
            this.gradientMode = gradientMode;
            return this;
        }

        /** @param learnStepSize see {@link RunConfig#learnStepSize()} */
        public Builder learnStepSize(boolean learnStepSize) {
            this.learnStepSize = learnStepSize;
            return this;
        }

        /** @param learningRate see {@link RunConfig#learningRate()} */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** @param seed see {@link RunConfig#seed()} */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param trainNoise see {@link RunConfig#trainNoise()}, e.g. {@code "gaussian:0.3"} or {@code "none"} */
        public Builder trainNoise(String trainNoise) {
            this.trainNoise = trainNoise;
            return this;
        }

        /** @param noiseSeed see {@link RunConfig#noiseSeed()} */
        public Builder noiseSeed(long noiseSeed) {
            this.noiseSeed = noiseSeed;
            return this;
        }

        /** @param evalNoise see {@link RunConfig#evalNoise()}; copied */
        public Builder evalNoise(List<String> evalNoise) {
            this.evalNoise = evalNoise == null ? null : new ArrayList<>(evalNoise);
            return this;
        }

        /** @param evalSeed see {@link RunConfig#evalSeed()} */
        public Builder evalSeed(long evalSeed) {
            this.evalSeed = evalSeed;
            return this;
        }

        /** @param kmeansExamples see {@link RunConfig#kmeansExamples()} */
        public Builder kmeansExamples(int kmeansExamples) {
            this.kmeansExamples = kmeansExamples;
            return this;
        }

        /** @param dataDir see {@link RunConfig#dataDir()} */
        public Builder dataDir(String dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** @param limitTrain see {@link RunConfig#limitTrain()} */
        public Builder limitTrain(int limitTrain) {
            this.limitTrain = limitTrain;
            return this;
        }

        /** @param limitTest see {@link RunConfig#limitTest()} */
        public Builder limitTest(int limitTest) {
            this.limitTest = limitTest;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid setting and its value
         */
        public RunConfig build() {
            return new RunConfig(config, epochs, batchSize,
                    components == null ? config.defaultComponents() : components,
                    steps == null ? config.defaultSteps() : steps, tolerance, precision, gradientMode, learnStepSize,
                    learningRate, seed, trainNoise, noiseSeed, evalNoise, evalSeed, kmeansExamples, dataDir,
                    limitTrain, limitTest);
        }
    }
}
