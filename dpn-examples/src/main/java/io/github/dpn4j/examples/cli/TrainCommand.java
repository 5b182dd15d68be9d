package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.report.Provenance;
import io.github.dpn4j.examples.report.ResultsTable;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunSummary;
import io.github.dpn4j.examples.report.StagedRun;
import io.github.dpn4j.examples.train.NoiseConditions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dpn train}: trains one configuration and writes its run directory. */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Train one configuration and write its run directory.", "",
                "Trains on noisy MNIST (clean labels), evaluates on the clean and noisy test sets, and writes "
                        + "runs/<name>/ with model.zip, config.json, metrics.csv, evaluation.csv, report.md, "
                        + "loss.png and accuracy.png.", ""})
final class TrainCommand implements Callable<Integer> {

    /** Default configuration: {@value}. */
    static final String DEFAULT_CONFIG = "cnn-dpn";

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "NAME",
            description = "network: seed, cnn-dpn, cnn or cnn-dpn-graph (default: ${DEFAULT-VALUE})")
    String config = DEFAULT_CONFIG;

    @Mixin
    TrainOptions options;

    @Mixin
    TrainingControlOptions controlOptions;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        RunConfig run = options.toRunConfig(InvalidOptionException.check(() -> ExampleConfig.fromName(config)));
        Path dir = options.runDirectory(run.config().cliName());
        PrintWriter out = spec.commandLine().getOut();
        MnistData data = TrainingRun.load(run);
        NoiseConditions conditions = NoiseConditions.prepare(data.test(), run.evalNoise(), run.evalSeed());
        TrainingControls controls = controlOptions.controls(out);
        TrainingRun training = new TrainingRun(run, data, conditions, progress.progress(), out,
                Provenance.capture(Dpn.invocation(spec)), controls);
        training.check();
        RunSummary summary;
        try (StagedRun staged = RunDirectory.stage(dir, options.force(), Dpn.invocation(spec))) {
            staged.notes().forEach(spec.commandLine().getErr()::println);
            summary = training.executeAndCommit(staged);
        }
        out.println();
        out.print(ResultsTable.markdown(List.of(ResultsTable.Column.of(summary))));
        out.println();
        List<String> files = RunDirectory.open(dir).files();
        out.println("wrote " + dir + "/ (" + String.join(", ", files) + ")");
        if (files.contains(RunDirectory.STATS)) {
            out.println("training stats in DL4J's UI: " + System.getProperty(Dpn.COMMAND_PROPERTY, "./dpn")
                    + " ui --model " + dir);
        }
        out.flush();
        return 0;
    }
}
