package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.denoise.ConvDenoisingAutoencoder;
import io.github.dpn4j.examples.denoise.DenoiserTraining;
import io.github.dpn4j.examples.denoise.PotentialDenoiser;
import io.github.dpn4j.examples.noise.NoiseModel;
import io.github.dpn4j.examples.report.Provenance;
import io.github.dpn4j.examples.report.ResultsTable;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunReport;
import io.github.dpn4j.examples.report.RunSummary;
import io.github.dpn4j.examples.report.StagedRun;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import io.github.dpn4j.examples.train.NoiseConditions;
import io.github.dpn4j.examples.train.TrainingDivergedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpn compare}: trains several models with identical data, noise, batches, epochs and seeds, and reports
 * them side by side, optionally over several seeds (mean ± sample standard deviation).
 *
 * <p>Two kinds of comparison: {@code --models} (the default) compares ways to make the trained CNN robust to
 * noise: the plain CNN, the same CNN (unchanged) behind a denoising front-end, and a CNN retrained on a range of
 * noise levels; {@code --configs} trains network configurations side by side (e.g. {@code cnn,cnn-dpn}).
 */
@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Train models with identical data, noise and seeds; report them side by side.", "",
                "Default (--models): the plain cnn, the same trained cnn unchanged behind a denoising front-end "
                        + "(cnn+dpn: the DPN; cnn+dae: a small denoising autoencoder), and a cnn trained with a noise level drawn per image (cnn-augmented). "
                        + "--configs cnn,cnn-dpn trains network configurations side by side instead.",
                "Reports accuracy per noise condition (with --seeds N: mean ± sample std over N seeds), parameters, "
                        + "training time and inference speed. Writes runs/<name>/report.md and one run directory "
                        + "per model (per seed: seed-<S>/<model>) inside it.", ""})
final class CompareCommand implements Callable<Integer> {

    /** Default compared models (--models): {@value}. */
    static final String DEFAULT_MODELS = "cnn,cnn+dpn,cnn+dae,cnn-augmented";
    /** Default comparison name: {@value}. */
    static final String DEFAULT_NAME = "compare";
    /** Default training noise of the {@code cnn-augmented} model: {@value}. */
    static final String DEFAULT_AUGMENTED_NOISE = "gaussian:0.1-1";
    /** Default number of seeds: {@value}. */
    static final int DEFAULT_SEEDS = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--models", paramLabel = "NAME", split = ",",
            description = "models to compare, comma separated, among cnn, cnn+dpn, cnn+dae, cnn-augmented"
                    + " (default: " + DEFAULT_MODELS + ")")
    List<String> models;

    @Option(names = "--configs", paramLabel = "NAME", split = ",",
            description = "instead of --models: network configurations to train side by side, comma separated, "
                    + "e.g. cnn,cnn-dpn")
    List<String> configs;

    @Option(names = "--seeds", paramLabel = "N",
            description = "train every model N times, with --seed and --noise-seed S, S+1, ..., S+N-1 (the "
                    + "evaluation noise stays fixed); accuracies are reported as mean ± sample std "
                    + "(default: ${DEFAULT-VALUE})")
    int seeds = DEFAULT_SEEDS;

    @Option(names = "--augmented-noise", paramLabel = "SPEC",
            description = "training noise of cnn-augmented (default: ${DEFAULT-VALUE})")
    String augmentedNoise = DEFAULT_AUGMENTED_NOISE;

    @Option(names = "--front-end-epochs", paramLabel = "N",
            description = "training epochs of a denoising front-end (default: ${DEFAULT-VALUE})")
    int frontEndEpochs = DenoiserTraining.DEFAULT_EPOCHS;

    @Option(names = "--front-end-sigma-min", paramLabel = "S",
            description = "smallest noise level a front-end trains on, per image sigma ~ U[min, max] "
                    + "(default: ${DEFAULT-VALUE})")
    double sigmaMin = DenoiserTraining.DEFAULT_SIGMA_MIN;

    @Option(names = "--front-end-sigma-max", paramLabel = "S",
            description = "largest noise level a front-end trains on (default: ${DEFAULT-VALUE})")
    double sigmaMax = DenoiserTraining.DEFAULT_SIGMA_MAX;

    @Option(names = "--front-end-components", paramLabel = "K",
            description = "mixture components of the DPN front-end (default: ${DEFAULT-VALUE})")
    int frontEndComponents = PotentialDenoiser.DEFAULT_COMPONENTS;

    @Option(names = "--tolerated", paramLabel = "S0",
            description = "noise level the DPN front-end leaves in, what the classifier behind it tolerates "
                    + "(default: ${DEFAULT-VALUE})")
    double tolerated = PotentialDenoiser.DEFAULT_TOLERATED;

    @Mixin
    TrainOptions options;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) {
            throw new IllegalArgumentException("seeds must be >= 1, got " + seeds);
        }
        if (configs != null && models != null) {
            throw new IllegalArgumentException("--configs and --models exclude each other, got --configs " + configs
                    + " and --models " + models);
        }
        Path dir = options.runDirectory(DEFAULT_NAME);
        PrintWriter out = spec.commandLine().getOut();
        Provenance provenance = Provenance.capture(Dpn.invocation(spec));
        Comparison comparison = configs != null ? compareConfigs(out, provenance)
                : compareModels(models == null ? Arrays.asList(DEFAULT_MODELS.split(",")) : models, out, provenance);
        try (StagedRun staged = RunDirectory.stage(dir, options.force(), Dpn.invocation(spec))) {
            staged.notes().forEach(spec.commandLine().getErr()::println);
            String report;
            try {
                report = comparison.run(staged, dir);
            } catch (TrainingDivergedException e) {
                staged.commit();  // what ran so far is a result: keep it, as train does
                throw e;
            }
            staged.run().writeReport(report);
            staged.commit();
        }
        out.println();
        out.println("wrote " + dir.resolve(RunDirectory.REPORT));
        out.flush();
        return 0;
    }

    /** A comparison checked and ready to run: trains into a staged directory and returns the report. */
    @FunctionalInterface
    private interface Comparison {
        String run(StagedRun staged, Path dir) throws IOException, TrainingDivergedException;
    }

    private Comparison compareConfigs(PrintWriter out, Provenance provenance) throws IOException {
        List<RunConfig> runs = new ArrayList<>();
        for (String name : configs) {
            ExampleConfig config = InvalidOptionException.check(() -> ExampleConfig.fromName(name));
            if (runs.stream().anyMatch(r -> r.config() == config)) {
                throw new InvalidOptionException(new IllegalArgumentException("configs must differ, got '" + name
                        + "' twice in " + configs));
            }
            runs.add(options.toRunConfig(config));
        }
        // the data and the noisy test sets are shared: every configuration sees exactly the same pixels
        MnistData data = TrainingRun.load(runs.get(0));
        NoiseConditions conditions = NoiseConditions.prepare(data.test(), runs.get(0).evalNoise(),
                runs.get(0).evalSeed());
        for (RunConfig run : runs) {
            new TrainingRun(run, data, conditions, progress.progress(), out, provenance).check();
        }
        return (staged, dir) -> {
            Map<ExampleConfig, List<RunSummary>> results = new LinkedHashMap<>();
            Map<String, String> links = new LinkedHashMap<>();
            for (int i = 0; i < seeds; i++) {
                for (RunConfig base : runs) {
                    RunConfig run = seeded(base, i);
                    String sub = subdirectory(run, base.config().cliName());
                    results.computeIfAbsent(base.config(), c -> new ArrayList<>()).add(
                            new TrainingRun(run, data, conditions, progress.progress(), out, provenance)
                                    .execute(staged.run().subRun(sub), dir.resolve(sub)));
                    links.put(sub, sub);
                    out.println();
                }
            }
            List<ResultsTable.Column> columns = new ArrayList<>();
            results.values().forEach(perSeed -> columns.add(ResultsTable.Column.of(perSeed)));
            out.print(ResultsTable.markdown(columns));
            RunConfig first = runs.get(0);
            String intro = "Each configuration trained on " + data.description() + " with the same noise `"
                    + first.trainNoise() + "`, batches, epochs and seeds; evaluated on the same noisy test sets ("
                    + conditions.numExamples() + " images each)." + seedSentence(first);
            return RunReport.comparison(staged.name(), intro, columns,
                    "Training time includes k-means initialisation of the DPN layer.", links, first, provenance);
        };
    }

    private Comparison compareModels(List<String> names, PrintWriter out, Provenance provenance)
            throws IOException {
        List<ComparedModel> compared = new ArrayList<>();
        for (String name : names) {
            ComparedModel m = ComparedModel.fromName(name);
            if (compared.contains(m)) {
                throw new IllegalArgumentException("models must differ, got '" + name + "' twice in " + names);
            }
            compared.add(m);
        }
        RunConfig base = options.toRunConfig(ExampleConfig.CNN);
        NoiseModel augmented = NoiseModel.parse(augmentedNoise);
        frontEndTraining(base);  // checks the front-end options before hours of training
        MnistData data = TrainingRun.load(base);
        if (compared.contains(ComparedModel.CNN_DPN) && (frontEndComponents < 1
                || frontEndComponents > data.numTrain() || !(tolerated >= 0) || !Double.isFinite(tolerated))) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "the DPN front-end needs 1 <= "
                    + "--front-end-components <= training examples (%,d) and a finite --tolerated >= 0, got %d and %s",
                    data.numTrain(), frontEndComponents, tolerated));
        }
        NoiseConditions conditions = NoiseConditions.prepare(data.test(), base.evalNoise(), base.evalSeed());
        new TrainingRun(base, data, conditions, progress.progress(), out, provenance).check();
        boolean plainNeeded = compared.stream().anyMatch(m -> m == ComparedModel.CNN || m.isFrontEnd());
        return (staged, dir) -> {
            Map<ComparedModel, List<NoiseEvaluation>> evaluations = new EnumMap<>(ComparedModel.class);
            Map<ComparedModel, List<Double>> seconds = new EnumMap<>(ComparedModel.class);
            Map<ComparedModel, Long> parameters = new EnumMap<>(ComparedModel.class);
            Map<String, String> links = new LinkedHashMap<>();
            for (int i = 0; i < seeds; i++) {
                RunConfig run = seeded(base, i);
                Classifier plain = null;
                double plainSeconds = 0;
                if (plainNeeded) {
                    String sub = subdirectory(run, ComparedModel.CNN.cliName());
                    RunDirectory plainRun = staged.run().subRun(sub);
                    RunSummary s = new TrainingRun(run, data, conditions, progress.progress(), out, provenance)
                            .execute(plainRun, dir.resolve(sub));
                    out.println();
                    plain = plainRun.restoreModel();
                    plainSeconds = s.trainingSeconds();
                    if (compared.contains(ComparedModel.CNN)) {
                        record(ComparedModel.CNN, s.evaluation(), s.parameters(), plainSeconds, evaluations, seconds,
                                parameters);
                        links.put(sub, sub);
                    }
                }
                for (ComparedModel m : compared) {
                    String sub = subdirectory(run, m.cliName());
                    if (m.isFrontEnd()) {
                        FrontEndRun.Result r = new FrontEndRun(m, frontEndTraining(run), frontEndComponents,
                                tolerated, conditions, run.batchSize(),
                                progress.progress(), out, provenance).execute(data.train().getFeatures(), plain,
                                staged.run().subRun(sub), dir.resolve(sub));
                        record(m, r.evaluation(), r.parameters(), plainSeconds + r.trainingSeconds(), evaluations,
                                seconds, parameters);
                    } else if (m == ComparedModel.CNN_AUGMENTED) {
                        RunConfig retrained = run.toBuilder().trainNoise(augmented.describe()).build();
                        RunSummary s = new TrainingRun(retrained, data, conditions, progress.progress(), out,
                                provenance).execute(staged.run().subRun(sub), dir.resolve(sub));
                        record(m, s.evaluation(), s.parameters(), s.trainingSeconds(), evaluations, seconds,
                                parameters);
                    } else {
                        continue;
                    }
                    links.put(sub, sub);
                    out.println();
                }
            }
            List<ResultsTable.Column> columns = new ArrayList<>();
            for (ComparedModel m : compared) {
                columns.add(new ResultsTable.Column(m.cliName(), evaluations.get(m), parameters.get(m),
                        seconds.get(m).stream().mapToDouble(Double::doubleValue).average().orElseThrow(),
                        Double.NaN));
            }
            out.print(ResultsTable.markdown(columns));
            String intro = "Trained on " + data.description() + ", the CNNs for " + base.epochs() + " epochs; "
                    + "evaluated on the same noisy test sets (" + conditions.numExamples() + " images each)."
                    + seedSentence(base);
            return RunReport.comparison(staged.name(), intro, columns, notes(compared, base), links, base,
                    provenance);
        };
    }

    private static void record(ComparedModel m, NoiseEvaluation evaluation, long params, double trainingSeconds,
                               Map<ComparedModel, List<NoiseEvaluation>> evaluations,
                               Map<ComparedModel, List<Double>> seconds, Map<ComparedModel, Long> parameters) {
        evaluations.computeIfAbsent(m, k -> new ArrayList<>()).add(evaluation);
        seconds.computeIfAbsent(m, k -> new ArrayList<>()).add(trainingSeconds);
        parameters.put(m, params);
    }

    private String notes(List<ComparedModel> compared, RunConfig base) {
        StringBuilder s = new StringBuilder("Models:\n\n");
        for (ComparedModel m : compared) {
            s.append("- `").append(m.cliName()).append("`: ").append(m.description());
            switch (m) {
                case CNN -> s.append(" `").append(base.trainNoise()).append('`');
                case CNN_AUGMENTED -> s.append(" `").append(NoiseModel.parse(augmentedNoise).describe()).append('`');
                case CNN_DPN -> s.append(" (k = ").append(frontEndComponents).append(", s0 = ").append(tolerated)
                        .append("), trained ").append(frontEndTraining(base)).append(" on the clean training images "
                                + "(score matching's own minibatches of one noise level each)");
                case CNN_DAE -> s.append(" (").append(ConvDenoisingAutoencoder.LAYERS).append("), trained ")
                        .append(frontEndTraining(base)).append(", batch ").append(base.batchSize())
                        .append(" on the clean training images, MSE to the clean image");
            }
            s.append(".\n");
        }
        s.append("\nParameters and training time of a front-end column count the classifier's and the "
                + "front-end's.");
        if (seeds > 1) {
            s.append(" Accuracies are the mean ± sample standard deviation over ").append(seeds).append(" seeds.");
        }
        return s.toString();
    }

    private String seedSentence(RunConfig base) {
        return seeds == 1 ? "" : String.format(Locale.ROOT, " Every model was trained %d times, with network seeds "
                + "%d..%d and training-noise seeds %d..%d; the evaluation noise (seed %d) is the same for all.",
                seeds, base.seed(), base.seed() + seeds - 1, base.noiseSeed(), base.noiseSeed() + seeds - 1,
                base.evalSeed());
    }

    private DenoiserTraining frontEndTraining(RunConfig run) {
        return new DenoiserTraining(frontEndEpochs, run.batchSize(), run.learningRate(), sigmaMin, sigmaMax,
                run.seed());
    }

    private RunConfig seeded(RunConfig base, int offset) {
        return base.toBuilder().seed(base.seed() + offset).noiseSeed(base.noiseSeed() + offset).build();
    }

    private String subdirectory(RunConfig run, String model) {
        return seeds == 1 ? model : "seed-" + run.seed() + "/" + model;
    }
}
