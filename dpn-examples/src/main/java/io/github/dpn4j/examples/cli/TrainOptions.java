package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.ExampleConfigs;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.noise.NoiseModel;
import io.github.dpn4j.layer.GradientMode;
import io.github.dpn4j.layer.Precision;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The command-line options of {@code train} and {@code compare}: every setting of a {@link RunConfig} plus where
 * the run directory goes. Each default comes from the one constant in {@link RunConfig} or {@link ExampleConfigs}
 * (the usage text shows it). {@link #toRunConfig(ExampleConfig)} turns the options into the run's settings.
 */
public final class TrainOptions {

    /** Default parent directory of run directories, relative to the working directory: {@value}. */
    public static final String DEFAULT_RUNS_DIR = "runs";

    @Option(names = "--epochs", paramLabel = "N", description = "training epochs (default: ${DEFAULT-VALUE})")
    int epochs = RunConfig.DEFAULT_EPOCHS;

    @Option(names = "--batch", paramLabel = "B", description = "minibatch size (default: ${DEFAULT-VALUE})")
    int batchSize = RunConfig.DEFAULT_BATCH_SIZE;

    @Option(names = {"-k", "--components"}, paramLabel = "K",
            description = "DPN mixture components (default: " + ExampleConfigs.DEFAULT_COMPONENTS + ")")
    Integer components;

    @Option(names = {"-n", "--steps"}, paramLabel = "N",
            description = "DPN ascent steps (default: " + ExampleConfigs.SEED_STEPS + " for seed, "
                    + ExampleConfigs.CNN_STEPS + " for cnn-dpn and cnn-dpn-graph)")
    Integer steps;

    @Option(names = "--tolerance", paramLabel = "TOL",
            description = "DPN convergence tolerance: the ascent stops once every image of a minibatch moved less "
                    + "than TOL in a step, -n is the cap; 0 is off (default: ${DEFAULT-VALUE}); the run report gives "
                    + "the mean steps taken")
    double tolerance = RunConfig.DEFAULT_TOLERANCE;

    @Option(names = "--precision", paramLabel = "P",
            description = "DPN precision factors, ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); "
                    + "DIAGONAL is far cheaper, above all for the seed config")
    Precision precision = RunConfig.DEFAULT_PRECISION;

    @Option(names = "--gradient-mode", paramLabel = "M",
            description = "DPN backprop through the ascent steps, ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    GradientMode gradientMode = RunConfig.DEFAULT_GRADIENT_MODE;

    @Option(names = "--learn-step-size", negatable = true, fallbackValue = "true",
            description = "whether training updates the DPN step size alpha; with --no-learn-step-size alpha keeps "
                    + "its k-means value (default: ${DEFAULT-VALUE})")
    boolean learnStepSize = RunConfig.DEFAULT_LEARN_STEP_SIZE;

    @Option(names = {"--lr", "--learning-rate"}, paramLabel = "RATE",
            description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    double learningRate = RunConfig.DEFAULT_LEARNING_RATE;

    @Option(names = "--seed", paramLabel = "S",
            description = "seed of the network initialisation and k-means (default: ${DEFAULT-VALUE})")
    long seed = RunConfig.DEFAULT_SEED;

    @Option(names = "--noise", paramLabel = "SPEC",
            description = "noise on the training inputs, fresh every epoch: " + NoiseModel.SPEC_FORMS
                    + " (default: ${DEFAULT-VALUE})")
    String trainNoise = RunConfig.DEFAULT_TRAIN_NOISE;

    @Option(names = "--noise-seed", paramLabel = "S",
            description = "seed of the training noise and shuffling (default: ${DEFAULT-VALUE})")
    long noiseSeed = RunConfig.DEFAULT_NOISE_SEED;

    @Option(names = "--eval-noise", paramLabel = "SPEC", split = ",", defaultValue = RunConfig.DEFAULT_EVAL_NOISE,
            description = "evaluation conditions, comma separated (default: ${DEFAULT-VALUE})")
    List<String> evalNoise;

    @Option(names = "--eval-seed", paramLabel = "S",
            description = "seed of the evaluation noise (default: ${DEFAULT-VALUE})")
    long evalSeed = RunConfig.DEFAULT_EVAL_SEED;

    @Option(names = "--kmeans-examples", paramLabel = "N",
            description = "training examples k-means sees to initialise the DPN centers (default: ${DEFAULT-VALUE})")
    int kmeansExamples = RunConfig.DEFAULT_KMEANS_EXAMPLES;

    @Option(names = "--data", paramLabel = "DIR",
            description = "directory with train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, "
                    + "t10k-labels-idx1-ubyte (raw or .gz), e.g. MNIST or Fashion-MNIST "
                    + "(default: the embedded 8,000 / 2,000 MNIST subset)")
    Path dataDir;

    @Option(names = "--limit-train", paramLabel = "N",
            description = "use only the first N training examples; " + RunConfig.NO_LIMIT + " means all (default: all)")
    int limitTrain = RunConfig.NO_LIMIT;

    @Option(names = "--limit-test", paramLabel = "N",
            description = "use only the first N test examples; " + RunConfig.NO_LIMIT + " means all (default: all)")
    int limitTest = RunConfig.NO_LIMIT;

    @Option(names = "--runs", paramLabel = "DIR",
            description = "where run directories go (default: ${DEFAULT-VALUE})")
    Path runsDir = Path.of(DEFAULT_RUNS_DIR);

    @Option(names = "--name", paramLabel = "NAME",
            description = "run directory name under --runs (default: the config name; compare: 'compare'); "
                    + "an existing run of that name is replaced when the new run completes")
    String name;

    @Option(names = "--force",
            description = "write into a directory that is not a dpn run directory, replacing its files of the names a "
                    + "run writes (config.json, report.md, ...) and keeping the others")
    boolean force;

    /**
     * @param config the network to train
     * @return the run's settings
     * @throws InvalidOptionException naming the first invalid option and its value
     */
    public RunConfig toRunConfig(ExampleConfig config) {
        return InvalidOptionException.check(() -> runConfig(config));
    }

    private RunConfig runConfig(ExampleConfig config) {
        for (String spec : evalNoise) {
            NoiseModel.parse(spec);
        }
        NoiseModel.parse(trainNoise);
        return new RunConfig.Builder(config)
                .epochs(epochs)
                .batchSize(batchSize)
                .components(components)
                .steps(steps)
                .tolerance(tolerance)
                .precision(precision)
                .gradientMode(gradientMode)
                .learnStepSize(learnStepSize)
                .learningRate(learningRate)
                .seed(seed)
                .trainNoise(trainNoise)
                .noiseSeed(noiseSeed)
                .evalNoise(evalNoise)
                .evalSeed(evalSeed)
                .kmeansExamples(kmeansExamples)
                .dataDir(dataDir == null ? null : dataDir.toAbsolutePath().normalize().toString())
                .limitTrain(limitTrain)
                .limitTest(limitTest)
                .build();
    }

    /** @return whether {@code --force} was given */
    public boolean force() {
        return force;
    }

    /**
     * @param defaultName name used when {@code --name} is not given
     * @return the run directory, {@code <--runs>/<--name or defaultName>}
     * @throws InvalidOptionException if the name is not a plain directory name
     */
    public Path runDirectory(String defaultName) {
        String n = name == null ? defaultName : name;
        if (n.isBlank() || n.contains("/") || n.contains("\\") || n.equals("..") || n.equals(".")) {
            throw new InvalidOptionException(new IllegalArgumentException(
                    "run name must be a plain directory name, got '" + n + "'"));
        }
        return runsDir.resolve(n);
    }
}
