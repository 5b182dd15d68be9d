package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.report.ResultsTable;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.examples.train.ConditionAccuracy;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import io.github.dpn4j.examples.train.NoiseConditions;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpn evaluate}: re-evaluates a saved model (MultiLayerNetwork or ComputationGraph) on the evaluation
 * conditions, by default exactly those its run used, and checks the result against the run's
 * {@code evaluation.csv}.
 */
@Command(name = "evaluate", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Re-evaluate a saved model on the clean and noisy test sets.", "",
                "Prints the results table. Data, test limit, conditions, seed and batch default to the run's "
                        + "config.json next to the model, so the numbers can be compared with the run's "
                        + "evaluation.csv.", ""})
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SavedModelOptions saved;

    @Option(names = "--limit-test", paramLabel = "N",
            description = "use only the first N test examples (default: the run's, else all)")
    Integer limitTest;

    @Option(names = "--eval-noise", paramLabel = "SPEC", split = ",",
            description = "evaluation conditions, comma separated (default: the run's, else "
                    + RunConfig.DEFAULT_EVAL_NOISE + ")")
    List<String> evalNoise;

    @Option(names = "--eval-seed", paramLabel = "S",
            description = "seed of the evaluation noise (default: the run's, else " + RunConfig.DEFAULT_EVAL_SEED + ")")
    Long evalSeed;

    @Option(names = "--batch", paramLabel = "B",
            description = "minibatch size (default: the run's, else " + RunConfig.DEFAULT_BATCH_SIZE + ")")
    Integer batchSize;

    @Option(names = "--tolerance", paramLabel = "TOL",
            description = "stop the DPN ascents once every image of a minibatch moved less than TOL in a step, "
                    + "0 for all n steps (default: the saved model's)")
    Double tolerance;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        Path modelFile = saved.modelFile();
        Path dir = saved.runDirectory();
        RunDirectory run = RunDirectory.open(dir);
        Optional<RunConfig> recorded = saved.recordedConfig();
        RunConfig.Builder b = recorded.orElse(RunConfig.defaults(ExampleConfig.CNN)).toBuilder().limitTrain(1)
                .dataDir(saved.dataDirectory(recorded));
        if (limitTest != null) {
            b.limitTest(limitTest);
        }
        if (evalNoise != null) {
            b.evalNoise(evalNoise);
        }
        if (evalSeed != null) {
            b.evalSeed(evalSeed);
        }
        if (batchSize != null) {
            b.batchSize(batchSize);
        }
        RunConfig config = InvalidOptionException.check(b::build);
        PrintWriter out = spec.commandLine().getOut();

        Classifier classifier = Classifier.restore(modelFile);
        if (tolerance != null) {
            InvalidOptionException.check(() -> {
                classifier.setDpnTolerance(tolerance);
                return tolerance;
            });
        }
        MnistData data = TrainingRun.load(config);
        out.printf("%s: %s, %,d parameters; data %s%n", modelFile, classifier.isGraph() ? "ComputationGraph"
                : "MultiLayerNetwork", classifier.numParams(), data.description());
        NoiseEvaluation evaluation = NoiseConditions.prepare(data.test(), config.evalNoise(), config.evalSeed())
                .evaluate(classifier, config.batchSize(), progress.progress());
        String name = dir.getFileName() == null ? modelFile.toString() : dir.getFileName().toString();
        out.println();
        out.print(ResultsTable.markdown(List.of(new ResultsTable.Column(name, evaluation, classifier.numParams(),
                Double.NaN, classifier.stepSize().orElse(Double.NaN)))));
        out.println();
        if (Files.isRegularFile(run.evaluation())) {
            out.println(compare(evaluation, run.readEvaluation(), run.evaluation())
                    + (tolerance == null ? "" : " (evaluated with --tolerance " + tolerance + ")"));
        }
        out.flush();
        return 0;
    }

    private static String compare(NoiseEvaluation now, NoiseEvaluation saved, Path savedFile) {
        if (sameCounts(now.conditions(), saved.conditions())) {
            return "identical to the accuracies recorded in " + savedFile;
        }
        return "differs from " + savedFile + " (recorded [condition, correct, total]: " + counts(saved.conditions())
                + "); different data, conditions or seed, or another backend";
    }

    /** The conditions and their counts; not the DPN steps, which files written before them lack. */
    private static boolean sameCounts(List<ConditionAccuracy> a, List<ConditionAccuracy> b) {
        return counts(a).equals(counts(b));
    }

    private static List<List<Object>> counts(List<ConditionAccuracy> conditions) {
        return conditions.stream().map(c -> List.<Object>of(c.condition(), c.correct(), c.total())).toList();
    }
}
