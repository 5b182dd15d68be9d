package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.noise.GaussianNoise;
import io.github.dpn4j.examples.noise.NoiseModel;
import io.github.dpn4j.examples.report.FrontEndReport;
import io.github.dpn4j.examples.report.NoiseLevelCharts;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.StagedRun;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import io.github.dpn4j.examples.train.NoiseConditions;
import io.github.dpn4j.layer.Corruption;
import io.github.dpn4j.layer.DenoisingScoreMatching;
import io.github.dpn4j.layer.NoiseConditionalPotential;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpn robustify}: puts a noise-conditional DPN front-end (one Tweedie step with a blind noise estimate,
 * fitted by denoising score matching on the training images) in front of a trained classifier that stays unchanged,
 * and evaluates both on every noise condition.
 */
@Command(name = "robustify", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Put a denoising DPN front-end in front of a trained classifier, which stays unchanged.", "",
                "Fits a noise-conditional potential to the training images (k-means, then denoising score "
                        + "matching under clipped Gaussian noise), calibrates its noise estimate, puts it in front "
                        + "of the model (e.g. runs/cnn from './dpn train --config cnn'), evaluates the model alone "
                        + "and behind the front-end on the same noisy test sets, and writes runs/<name>/: "
                        + "model.zip, report.md (accuracy, mean estimated noise level, denoising error), "
                        + "denoising.png, noise-levels.png.", ""})
final class RobustifyCommand implements Callable<Integer> {

    /** Suffix of the default run name, appended to the source run's name: {@value}. */
    static final String NAME_SUFFIX = "-robust";
    /** Default mixture components: {@value}. */
    static final int DEFAULT_COMPONENTS = 100;
    /** Default denoising-score-matching epochs: {@value}. */
    static final int DEFAULT_EPOCHS = 10;
    /** Default evaluation conditions, heavy Gaussian noise included: {@value}. */
    static final String DEFAULT_EVAL_NOISE = "none,gaussian:0.3,gaussian:0.6,gaussian:1.0,saltpepper:0.2,occlusion:10";
    /** Examples shown per noise level in denoising.png: {@value}. */
    static final int PICTURE_EXAMPLES = 8;

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "PATH", required = true,
            description = "the trained classifier: a run directory (its config.json tells the data and training "
                    + "noise) or a model.zip")
    Path model;

    @Option(names = {"-k", "--components"}, paramLabel = "K",
            description = "mixture components of the front-end's potential (default: ${DEFAULT-VALUE})")
    int components = DEFAULT_COMPONENTS;

    @Option(names = "--dsm-epochs", paramLabel = "N",
            description = "denoising-score-matching epochs; 0 keeps the k-means fit (default: ${DEFAULT-VALUE})")
    int epochs = DEFAULT_EPOCHS;

    @Option(names = "--tolerated", paramLabel = "S0",
            description = "noise level the classifier tolerates, left in by the front-end (default: the source "
                    + "run's Gaussian training noise, else 0)")
    Double tolerated;

    @Option(names = "--sigma-max", paramLabel = "S",
            description = "highest noise level trained and calibrated for (default: ${DEFAULT-VALUE})")
    double sigmaMax = 1.0;

    @Option(names = "--seed", paramLabel = "S", description = "seed of k-means and training (default: ${DEFAULT-VALUE})")
    long seed = RunConfig.DEFAULT_SEED;

    @Option(names = "--eval-noise", paramLabel = "SPEC", split = ",", defaultValue = DEFAULT_EVAL_NOISE,
            description = "evaluation conditions, comma separated (default: ${DEFAULT-VALUE})")
    List<String> evalNoise;

    @Option(names = "--data", paramLabel = "DIR", description = "IDX data directory (default: the source run's data)")
    Path dataDir;

    @Option(names = "--limit-train", paramLabel = "N",
            description = "use only the first N training images to fit the front-end (default: the source run's)")
    Integer limitTrain;

    @Option(names = "--limit-test", paramLabel = "N", description = "use only the first N test images (default: all)")
    Integer limitTest;

    @Option(names = "--ood-data", paramLabel = "DIR",
            description = "another IDX data set (e.g. Fashion-MNIST); the report gives the AUROC of the potential's "
                    + "log-density separating its test images from the clean test images")
    Path oodData;

    @Option(names = "--runs", paramLabel = "DIR", description = "where run directories go (default: ${DEFAULT-VALUE})")
    Path runsDir = Path.of(TrainOptions.DEFAULT_RUNS_DIR);

    @Option(names = "--name", paramLabel = "NAME",
            description = "run directory name under --runs (default: <source run>" + NAME_SUFFIX + ")")
    String name;

    @Option(names = "--force", description = "write into a directory that is not a dpn run directory")
    boolean force;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        Path modelFile = Files.isDirectory(model) ? model.resolve(RunDirectory.MODEL) : model;
        Path sourceDir = modelFile.toAbsolutePath().getParent();
        RunConfig source = Files.exists(sourceDir.resolve(RunDirectory.CONFIG))
                ? RunDirectory.open(sourceDir).readConfig() : null;
        RunConfig run = InvalidOptionException.check(() -> settings(source));
        double s0 = tolerated != null ? tolerated : trainingSigma(source);
        DenoisingScoreMatching.Options options = InvalidOptionException.check(() -> DenoisingScoreMatching.Options
                .builder().components(components).epochs(epochs).sigmaMax(sigmaMax).tolerated(s0).seed(seed)
                .corruption(Corruption.gaussianClipped(0, 1)).build());
        String sourceName = sourceDir.getFileName().toString();
        Path dir = runsDir.resolve(name == null ? sourceName + NAME_SUFFIX : name);
        if (dir.toAbsolutePath().normalize().equals(sourceDir.normalize())) {
            throw new IllegalArgumentException("the new run would replace the source run " + dir
                    + "; choose another --name");
        }
        Classifier original = Classifier.restore(modelFile);
        MnistData data = TrainingRun.load(run);
        if (components > data.numTrain()) {
            throw new IllegalArgumentException("--components " + components + " exceeds the " + data.numTrain()
                    + " training images");
        }
        NoiseConditions conditions = NoiseConditions.prepare(data.test(), run.evalNoise(), run.evalSeed());
        INDArray ood = oodData == null ? null
                : MnistData.fromDirectory(oodData).limit(1, data.numTest()).test().getFeatures();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %s; fitting a denoising front-end on %,d training images (k=%d, %d epochs, "
                + "s0=%s)%n", modelFile, String.join(" → ", original.layerTypes()), data.numTrain(), components,
                epochs, s0);
        out.flush();

        try (StagedRun staged = RunDirectory.stage(dir, force, Dpn.invocation(spec))) {
            staged.notes().forEach(spec.commandLine().getErr()::println);
            INDArray train = data.train().getFeatures();
            DenoisingScoreMatching.Result fit = DenoisingScoreMatching.fit(
                    train.reshape(train.size(0), -1).castTo(DataType.FLOAT), options);
            NoiseConditionalPotential potential = fit.potential();
            out.printf(Locale.ROOT, "fitted in %.1f s: k-means %d iterations, score-matching loss per epoch %s%n",
                    fit.seconds(), fit.kMeansIterations(), losses(fit.epochLosses()));
            Classifier robust = prepend(original, potential);

            NoiseEvaluation before = conditions.evaluate(original, run.batchSize(), progress.progress());
            NoiseEvaluation after = conditions.evaluate(robust, run.batchSize(), progress.progress());
            INDArray clean = data.test().getFeatures();
            FrontEndReport report = FrontEndReport.measure(sourceName, dir.getFileName().toString(), potential,
                    conditions, clean, ood, oodData == null ? null : oodData.toString(), before, after, fit, options);
            RunDirectory target = staged.run();
            target.saveModel(robust);
            target.writeConfig(run);
            target.writeEvaluation(after);
            NoiseLevelCharts.write(potential, report, target.dir());
            report.writePictures(original, robust, potential, clean, conditions.labelIndices(),
                    target.dir().resolve(FrontEndReport.PICTURE), PICTURE_EXAMPLES);
            target.writeReport(report.markdown(Dpn.invocation(spec)));
            staged.commit();
            out.println();
            out.print(report.table());
        }
        out.println();
        out.println("wrote " + dir + "/ (report.md, model.zip, " + FrontEndReport.PICTURE + ", "
                + NoiseLevelCharts.FILE + ")");
        out.flush();
        return 0;
    }

    /** The source run's data settings, with what the command line overrides. */
    private RunConfig settings(RunConfig source) {
        RunConfig.Builder b = source == null ? new RunConfig.Builder(io.github.dpn4j.examples.configs.ExampleConfig.CNN)
                : source.toBuilder();
        evalNoise.forEach(NoiseModel::parse);
        b.evalNoise(evalNoise);
        if (dataDir != null) {
            b.dataDir(dataDir.toAbsolutePath().normalize().toString());
        }
        if (limitTrain != null) {
            b.limitTrain(limitTrain);
        }
        if (limitTest != null) {
            b.limitTest(limitTest);
        }
        return b.seed(seed).build();
    }

    /** The source run's Gaussian training noise level; 0 when there is none or it is not Gaussian. */
    private static double trainingSigma(RunConfig source) {
        if (source == null) {
            return 0;
        }
        NoiseModel noise = NoiseModel.parse(source.trainNoise());
        return noise instanceof GaussianNoise g ? g.sigma() : 0;
    }

    /** The front-end in front of the classifier, whose parameters are copied bit for bit and frozen. */
    static Classifier prepend(Classifier original, NoiseConditionalPotential potential) {
        if (original.model() instanceof MultiLayerNetwork net) {
            return Classifier.of(DenoisingScoreMatching.frontEnd(net, potential));
        }
        return Classifier.of(DenoisingScoreMatching.frontEnd((ComputationGraph) original.model(), potential));
    }

    private static String losses(double[] losses) {
        List<String> parts = new ArrayList<>();
        Arrays.stream(losses).forEach(l -> parts.add(String.format(Locale.ROOT, "%.4f", l)));
        return parts.isEmpty() ? "(none)" : String.join(" ", parts);
    }
}
