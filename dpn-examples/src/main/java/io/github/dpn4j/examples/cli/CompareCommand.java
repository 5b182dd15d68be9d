package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.report.Provenance;
import io.github.dpn4j.examples.report.ResultsTable;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunReport;
import io.github.dpn4j.examples.report.RunSummary;
import io.github.dpn4j.examples.train.NoiseConditions;
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
            ExampleConfig config = ExampleConfig.fromName(name);
            if (runs.stream().anyMatch(r -> r.config() == config)) {
                throw new IllegalArgumentException("configs must differ, got '" + name + "' twice in " + configs);
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
        List<RunSummary> summaries = new ArrayList<>();
        List<String> runDirs = new ArrayList<>();
        for (RunConfig run : runs) {
            String sub = run.config().cliName();
            summaries.add(new TrainingRun(run, data, conditions, progress.progress(), out, provenance)
                    .execute(dir.resolve(sub)));
            runDirs.add(sub);
            out.println();
        }
        List<ResultsTable.Column> columns = new ArrayList<>();
        summaries.forEach(s -> columns.add(ResultsTable.Column.of(s)));
        out.print(ResultsTable.markdown(columns));
        RunDirectory.writeAtomically(dir.resolve(RunDirectory.REPORT),
                RunReport.comparison(dir.getFileName().toString(), summaries, runDirs, provenance));
        out.println();
        out.println("wrote " + dir.resolve(RunDirectory.REPORT));
        out.flush();
        return 0;
    }
}
