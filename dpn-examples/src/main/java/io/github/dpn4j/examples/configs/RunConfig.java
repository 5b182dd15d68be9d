package io.github.dpn4j.examples.configs;

import io.github.dpn4j.examples.noise.NoiseModel;
import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.GradientMode;
import io.github.dpn4j.layer.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

/**
 * Everything that determines one example run: the network, its hyper-parameters, the data, the noise and the
 * seeds. Immutable; build with {@link Builder}. Written to a run's {@code config.json} by {@link #toJson()} and
 * read back by {@link #fromJson(String)}.
 *
 * <p>Defaults are the constants below (used by the builder, the command line's usage text and the docs).
 * {@code components} and {@code steps} default per configuration ({@link ExampleConfig#defaultComponents()},
 * {@link ExampleConfig#defaultSteps()}).
 *
 * <p>Seeds: {@link #seed()} initialises the network and seeds k-means; {@link #noiseSeed()} drives the training
 * noise and the shuffling (fresh noise every epoch, the same sequence for the same seed);
 * {@link #evalSeed()} fixes the noisy copies of the test set used for evaluation.
 */
public final class RunConfig {

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
    public static final String DEFAULT_EVAL_NOISE = "none,gaussian:0.3,gaussian:0.5,saltpepper:0.2,occlusion:10";
    /** Default seed of the evaluation noise: {@value}. */
    public static final long DEFAULT_EVAL_SEED = 2024;
    /** Default number of training examples k-means sees when initialising the DPN centers: {@value}. */
    public static final int DEFAULT_KMEANS_EXAMPLES = 5000;
    /** Default DPN precision factor structure: the layer's default (FULL). */
    public static final Precision DEFAULT_PRECISION = DenoisingPotential.DEFAULT_PRECISION;
    /** Default DPN gradient mode: the layer's default (DETACHED). */
    public static final GradientMode DEFAULT_GRADIENT_MODE = DenoisingPotential.DEFAULT_GRADIENT_MODE;
    /** Default of {@link #learnStepSize()}: the layer's default ({@value}). */
    public static final boolean DEFAULT_LEARN_STEP_SIZE = DenoisingPotential.DEFAULT_LEARN_STEP_SIZE;
    /** "No limit" for {@link #limitTrain()} and {@link #limitTest()}: {@value}. */
    public static final int NO_LIMIT = 0;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ExampleConfig config;
    private final int epochs;
    private final int batchSize;
    private final int components;
    private final int steps;
    private final Precision precision;
    private final GradientMode gradientMode;
    private final boolean learnStepSize;
    private final double learningRate;
    private final long seed;
    private final String trainNoise;
    private final long noiseSeed;
    private final List<String> evalNoise;
    private final long evalSeed;
    private final int kmeansExamples;
    private final String dataDir;
    private final int limitTrain;
    private final int limitTest;

    private RunConfig(Builder b) {
        this.config = b.config;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        // without a DPN layer k and n mean nothing: stored as 0
        this.components = !b.config.hasPotential() || b.components == null ? b.config.defaultComponents() : b.components;
        this.steps = !b.config.hasPotential() || b.steps == null ? b.config.defaultSteps() : b.steps;
        this.precision = b.precision;
        this.gradientMode = b.gradientMode;
        this.learnStepSize = b.learnStepSize;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
        this.trainNoise = b.trainNoise;
        this.noiseSeed = b.noiseSeed;
        this.evalNoise = Collections.unmodifiableList(new ArrayList<>(b.evalNoise));
        this.evalSeed = b.evalSeed;
        this.kmeansExamples = b.kmeansExamples;
        this.dataDir = b.dataDir;
        this.limitTrain = b.limitTrain;
        this.limitTest = b.limitTest;
    }

    /**
     * @param config the network
     * @return the configuration with every default
     */
    public static RunConfig defaults(ExampleConfig config) {
        return new Builder(config).build();
    }

    /** @return the network configuration */
    public ExampleConfig config() {
        return config;
    }

    /** @return training epochs, &gt;= 0 (default {@value #DEFAULT_EPOCHS}) */
    public int epochs() {
        return epochs;
    }

    /** @return minibatch size for training and evaluation, &gt;= 1 (default {@value #DEFAULT_BATCH_SIZE}) */
    public int batchSize() {
        return batchSize;
    }

    /** @return DPN mixture components k (0 without a DPN layer) */
    public int components() {
        return components;
    }

    /** @return DPN ascent steps n (0 without a DPN layer) */
    public int steps() {
        return steps;
    }

    /** @return DPN precision factor structure (default FULL) */
    public Precision precision() {
        return precision;
    }

    /** @return DPN gradient mode (default DETACHED) */
    public GradientMode gradientMode() {
        return gradientMode;
    }

    /**
     * @return whether training updates the DPN step size alpha (default {@value #DEFAULT_LEARN_STEP_SIZE}); if not,
     *         alpha stays at the value k-means initialisation gives it
     */
    public boolean learnStepSize() {
        return learnStepSize;
    }

    /** @return Adam learning rate, &gt; 0 (default {@value #DEFAULT_LEARNING_RATE}) */
    public double learningRate() {
        return learningRate;
    }

    /** @return network initialisation and k-means seed (default {@value #DEFAULT_SEED}) */
    public long seed() {
        return seed;
    }

    /** @return {@code NoiseModel} spec of the training noise (default {@value #DEFAULT_TRAIN_NOISE}) */
    public String trainNoise() {
        return trainNoise;
    }

    /** @return seed of the training noise and shuffling (default {@value #DEFAULT_NOISE_SEED}) */
    public long noiseSeed() {
        return noiseSeed;
    }

    /** @return {@code NoiseModel} specs of the evaluation conditions, unmodifiable (default {@value #DEFAULT_EVAL_NOISE}) */
    public List<String> evalNoise() {
        return evalNoise;
    }

    /** @return seed of the evaluation noise (default {@value #DEFAULT_EVAL_SEED}) */
    public long evalSeed() {
        return evalSeed;
    }

    /** @return training examples used by k-means, &gt;= 1 (default {@value #DEFAULT_KMEANS_EXAMPLES}) */
    public int kmeansExamples() {
        return kmeansExamples;
    }

    /** @return directory of MNIST-format IDX files, or null for the embedded data set */
    public String dataDir() {
        return dataDir;
    }

    /** @return at most this many training examples, {@value #NO_LIMIT} for all */
    public int limitTrain() {
        return limitTrain;
    }

    /** @return at most this many test examples, {@value #NO_LIMIT} for all */
    public int limitTest() {
        return limitTest;
    }

    /** @return a builder starting from this configuration */
    public Builder toBuilder() {
        return new Builder(config).epochs(epochs).batchSize(batchSize).components(components).steps(steps)
                .precision(precision).gradientMode(gradientMode).learnStepSize(learnStepSize).learningRate(learningRate)
                .seed(seed)
                .trainNoise(trainNoise).noiseSeed(noiseSeed).evalNoise(evalNoise).evalSeed(evalSeed)
                .kmeansExamples(kmeansExamples).dataDir(dataDir).limitTrain(limitTrain).limitTest(limitTest);
    }

    /** @return every setting by its JSON name, in a stable order */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("config", config.cliName());
        m.put("epochs", epochs);
        m.put("batchSize", batchSize);
        m.put("components", components);
        m.put("steps", steps);
        m.put("precision", precision.name());
        m.put("gradientMode", gradientMode.name());
        m.put("learnStepSize", learnStepSize);
        m.put("learningRate", learningRate);
        m.put("seed", seed);
        m.put("trainNoise", trainNoise);
        m.put("noiseSeed", noiseSeed);
        m.put("evalNoise", evalNoise);
        m.put("evalSeed", evalSeed);
        m.put("kmeansExamples", kmeansExamples);
        m.put("dataDir", dataDir);
        m.put("limitTrain", limitTrain);
        m.put("limitTest", limitTest);
        return m;
    }

    /** @return this configuration as indented JSON, the content of a run's {@code config.json} */
    public String toJson() {
        try {
            return JSON.writeValueAsString(toMap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a configuration written by {@link #toJson()}; a missing key takes its default.
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
        Builder b = new Builder(ExampleConfig.fromName(root.get("config").asText()));
        var names = root.fieldNames();
        while (names.hasNext()) {
            String key = names.next();
            JsonNode v = root.get(key);
            switch (key) {
                case "config" -> { }
                case "epochs" -> b.epochs(v.asInt());
                case "batchSize" -> b.batchSize(v.asInt());
                case "components" -> b.components(v.asInt());
                case "steps" -> b.steps(v.asInt());
                case "precision" -> b.precision(Precision.valueOf(v.asText()));
                case "gradientMode" -> b.gradientMode(GradientMode.valueOf(v.asText()));
                case "learnStepSize" -> b.learnStepSize(v.asBoolean());
                case "learningRate" -> b.learningRate(v.asDouble());
                case "seed" -> b.seed(v.asLong());
                case "trainNoise" -> b.trainNoise(v.asText());
                case "noiseSeed" -> b.noiseSeed(v.asLong());
                case "evalNoise" -> {
                    List<String> specs = new ArrayList<>();
                    v.forEach(s -> specs.add(s.asText()));
                    b.evalNoise(specs);
                }
                case "evalSeed" -> b.evalSeed(v.asLong());
                case "kmeansExamples" -> b.kmeansExamples(v.asInt());
                case "dataDir" -> b.dataDir(v.isNull() ? null : v.asText());
                case "limitTrain" -> b.limitTrain(v.asInt());
                case "limitTest" -> b.limitTest(v.asInt());
                default -> throw new IllegalArgumentException("unknown key in config.json: '" + key + "'");
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RunConfig r)) {
            return false;
        }
        return epochs == r.epochs && batchSize == r.batchSize && components == r.components && steps == r.steps
                && Double.compare(learningRate, r.learningRate) == 0 && seed == r.seed && noiseSeed == r.noiseSeed
                && evalSeed == r.evalSeed && kmeansExamples == r.kmeansExamples && limitTrain == r.limitTrain
                && limitTest == r.limitTest && config == r.config && precision == r.precision
                && gradientMode == r.gradientMode && learnStepSize == r.learnStepSize && trainNoise.equals(r.trainNoise) && evalNoise.equals(r.evalNoise)
                && Objects.equals(dataDir, r.dataDir);
    }

    @Override
    public int hashCode() {
        return Objects.hash(config, epochs, batchSize, components, steps, precision, gradientMode, learnStepSize, learningRate,
                seed,
                trainNoise, noiseSeed, evalNoise, evalSeed, kmeansExamples, dataDir, limitTrain, limitTest);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("RunConfig{");
        toMap().forEach((k, v) -> s.append(s.length() > "RunConfig{".length() ? ", " : "").append(k).append('=').append(v));
        return s.append('}').toString();
    }

    /** Builder of {@link RunConfig}; every setting starts at its default. */
    public static final class Builder {
        private final ExampleConfig config;
        private int epochs = DEFAULT_EPOCHS;
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Integer components;
        private Integer steps;
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

        /** @param epochs training epochs, &gt;= 0 (0 trains nothing: k-means init and evaluation only) */
        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /** @param batchSize minibatch size, &gt;= 1 */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** @param components DPN mixture components k, &gt;= 1 (ignored without a DPN layer); null for the default */
        public Builder components(Integer components) {
            this.components = components;
            return this;
        }

        /** @param steps DPN ascent steps n, &gt;= 0 (ignored without a DPN layer); null for the default */
        public Builder steps(Integer steps) {
            this.steps = steps;
            return this;
        }

        /** @param precision DPN precision factor structure, not null */
        public Builder precision(Precision precision) {
            this.precision = precision;
            return this;
        }

        /** @param gradientMode DPN gradient mode, not null */
        public Builder gradientMode(GradientMode gradientMode) {
            this.gradientMode = gradientMode;
            return this;
        }

        /** @param learnStepSize whether training updates the DPN step size alpha */
        public Builder learnStepSize(boolean learnStepSize) {
            this.learnStepSize = learnStepSize;
            return this;
        }

        /** @param learningRate Adam learning rate, finite and &gt; 0 */
        public Builder learningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        /** @param seed network initialisation and k-means seed */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @param trainNoise {@code NoiseModel} spec of the training noise, e.g. {@code "gaussian:0.3"} or {@code "none"} */
        public Builder trainNoise(String trainNoise) {
            this.trainNoise = trainNoise;
            return this;
        }

        /** @param noiseSeed seed of the training noise and shuffling */
        public Builder noiseSeed(long noiseSeed) {
            this.noiseSeed = noiseSeed;
            return this;
        }

        /** @param evalNoise {@code NoiseModel} specs of the evaluation conditions, at least one, copied */
        public Builder evalNoise(List<String> evalNoise) {
            this.evalNoise = evalNoise == null ? null : new ArrayList<>(evalNoise);
            return this;
        }

        /** @param evalSeed seed of the evaluation noise */
        public Builder evalSeed(long evalSeed) {
            this.evalSeed = evalSeed;
            return this;
        }

        /** @param kmeansExamples training examples k-means sees, &gt;= 1 */
        public Builder kmeansExamples(int kmeansExamples) {
            this.kmeansExamples = kmeansExamples;
            return this;
        }

        /** @param dataDir directory of MNIST-format IDX files, or null for the embedded data set */
        public Builder dataDir(String dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** @param limitTrain at most this many training examples, {@value #NO_LIMIT} for all */
        public Builder limitTrain(int limitTrain) {
            this.limitTrain = limitTrain;
            return this;
        }

        /** @param limitTest at most this many test examples, {@value #NO_LIMIT} for all */
        public Builder limitTest(int limitTest) {
            this.limitTest = limitTest;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException naming the first invalid option and its value
         */
        public RunConfig build() {
            require(epochs >= 0, "epochs must be >= 0, got " + epochs);
            require(batchSize >= 1, "batch size must be >= 1, got " + batchSize);
            if (config.hasPotential()) {
                require(components == null || components >= 1, "components must be >= 1, got " + components);
                require(steps == null || steps >= 0, "steps must be >= 0, got " + steps);
            }
            require(precision != null, "precision must not be null");
            require(gradientMode != null, "gradient mode must not be null");
            require(learningRate > 0 && Double.isFinite(learningRate),
                    "learning rate must be finite and > 0, got " + learningRate);
            require(trainNoise != null && !trainNoise.isBlank(), "train noise must be a noise spec, got '" + trainNoise + "'");
            require(evalNoise != null && !evalNoise.isEmpty(), "eval noise must list at least one condition, got " + evalNoise);
            Set<String> conditions = new HashSet<>();
            for (String spec : evalNoise) {
                // one row per condition: "none,none" or "gaussian:0.3,gaussian:0.30" would repeat a row
                require(conditions.add(NoiseModel.parse(spec).describe()), "eval noise lists the condition '" + spec
                        + "' twice, got " + String.join(",", evalNoise));
            }
            require(kmeansExamples >= 1, "k-means examples must be >= 1, got " + kmeansExamples);
            require(limitTrain >= 0, "limit train must be >= 0 (0 = all), got " + limitTrain);
            require(limitTest >= 0, "limit test must be >= 0 (0 = all), got " + limitTest);
            return new RunConfig(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
