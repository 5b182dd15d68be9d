package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.report.Provenance;
import io.github.dpn4j.examples.report.ResultsTable;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunReport;
import io.github.dpn4j.examples.report.RunSummary;
import io.github.dpn4j.examples.report.StagedRun;
import io.github.dpn4j.examples.train.NoiseConditions;
import io.github.dpn4j.examples.train.TrainingDivergedException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpn compare}: trains several configurations with identical data, noise, batches, epochs and seeds, and
 * reports them side by side.
 */
@Command(name = "compare", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Train cnn and cnn-dpn with identical data, noise and seeds; report them side by side.", "",
                "Reports accuracy per noise condition, parameters, training time and inference speed. Writes "
                        + "runs/<name>/report.md and one run directory per configuration inside it.", ""})
final class CompareCommand implements Callable<Integer> {

    /** Default compared configurations: {@value}. */
    static final String DEFAULT_CONFIGS = "cnn,cnn-dpn";
    /** Default comparison name: {@value}. */
    static final String DEFAULT_NAME = "compare";

    @Spec
    CommandSpec spec;

    @Option(names = "--configs", paramLabel = "NAME", split = ",", defaultValue = DEFAULT_CONFIGS,
            description = "configurations to compare, comma separated (default: ${DEFAULT-VALUE})")
    List<String> configs;

    @Mixin
    TrainOptions options;

    @Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        List<RunConfig> runs = new ArrayList<>();
        for (String name : configs) {
            ExampleConfig config = InvalidOptionException.check(() -> ExampleConfig.fromName(name));
            if (runs.stream().anyMatch(r -> r.config() == config)) {
                throw new InvalidOptionException(new IllegalArgumentException("configs must differ, got '" + name
                        + "' twice in " + configs));
            }
            runs.add(options.toRunConfig(config));
        }
        Path dir = options.runDirectory(DEFAULT_NAME);
        PrintWriter out = spec.commandLine().getOut();
        // the data and the noisy test sets are shared: every configuration sees exactly the same pixels
        MnistData data = TrainingRun.load(runs.get(0));
        NoiseConditions conditions = NoiseConditions.prepare(data.test(), runs.get(0).evalNoise(),
                runs.get(0).evalSeed());
        Provenance provenance = Provenance.capture(Dpn.invocation(spec));
        List<TrainingRun> trainings = new ArrayList<>();
        for (RunConfig run : runs) {
            TrainingRun training = new TrainingRun(run, data, conditions, progress.progress(), out, provenance);
            training.check();
            trainings.add(training);
        }
        try (StagedRun staged = RunDirectory.stage(dir, options.force(), Dpn.invocation(spec))) {
            staged.notes().forEach(spec.commandLine().getErr()::println);
            List<RunSummary> summaries = new ArrayList<>();
            List<String> runDirs = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                String sub = runs.get(i).config().cliName();
                try {
                    summaries.add(trainings.get(i).execute(staged.run().subRun(sub), dir.resolve(sub)));
                } catch (TrainingDivergedException e) {
                    staged.commit();  // what ran so far is a result: keep it, as train does
                    throw e;
                }
                runDirs.add(sub);
                out.println();
            }
            List<ResultsTable.Column> columns = new ArrayList<>();
            summaries.forEach(s -> columns.add(ResultsTable.Column.of(s)));
            out.print(ResultsTable.markdown(columns));
            staged.run().writeReport(RunReport.comparison(staged.name(), summaries, runDirs, provenance));
            staged.commit();
        }
        out.println();
        out.println("wrote " + dir.resolve(RunDirectory.REPORT));
        out.flush();
        return 0;
    }
}
