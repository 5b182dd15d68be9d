package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.analysis.AnalysisReport;
import io.github.dpn4j.examples.analysis.AnalysisSettings;
import io.github.dpn4j.examples.analysis.InspectedModel;
import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.noise.NoiseModel;
import io.github.dpn4j.examples.report.RunDirectory;
import io.github.dpn4j.examples.report.RunLock;
import io.github.dpn4j.examples.train.Classifier;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dpn analyze}: what a trained model's DPN layer learned and how each layer separates the classes
 * ({@link AnalysisReport}). Writes PNGs next to the model and adds (or replaces) an "Analysis" section in the
 * run's {@code report.md}.
 */
@Command(name = "analyze", sortOptions = false,
        description = {"Analyse a saved model: class separation per layer (table and chart) and, for each DPN layer, "
                + "ascent trajectories, centers, covariance structure and denoising examples. Writes PNGs into the "
                + "run directory and adds an Analysis section to its report.md."})
public final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SavedModelOptions saved;

    @Option(names = "--examples", paramLabel = "N",
            description = "test examples for the separation analysis (default: "
                    + AnalysisSettings.DEFAULT_EXAMPLES + "; fewer when the DPN ascent exceeds --max-dpn-flops)")
    Integer examples;

    @Option(names = "--trajectory-examples", paramLabel = "N",
            description = "test examples whose ascent is drawn, each clean and noisy (default: "
                    + AnalysisSettings.DEFAULT_TRAJECTORY_EXAMPLES + ")")
    Integer trajectoryExamples;

    @Option(names = "--noise", paramLabel = "SPEC",
            description = "noise of the trajectory and denoising examples (default: the run's training noise, else "
                    + AnalysisSettings.DEFAULT_NOISE + ")")
    String noise;

    @Option(names = "--noise-seed", paramLabel = "S",
            description = "seed of that noise (default: " + AnalysisSettings.DEFAULT_NOISE_SEED + ")")
    Long noiseSeed;

    @Option(names = "--max-dpn-flops", paramLabel = "F",
            description = "budget of the separation examples' DPN ascents in FLOPs (default: "
                    + AnalysisSettings.DEFAULT_POTENTIAL_FLOP_BUDGET + ")")
    Double maxPotentialFlops;

    @Option(names = "--out", paramLabel = "DIR",
            description = "where the PNGs and report.md go (default: the model's directory)")
    Path out;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        System.setProperty("java.awt.headless", "true");
        Path modelFile = saved.modelFile();
        Path target = out != null ? out : saved.runDirectory();
        Optional<RunConfig> recordedConfig = saved.recordedConfig();
        RunConfig recorded = recordedConfig.orElse(null);

        AnalysisSettings settings = InvalidOptionException.check(() -> settings(recorded));

        Files.createDirectories(target);
        // locked before the long work: a second writer, or a directory we cannot write, fails at once
        try (RunLock lock = RunLock.acquire(target, Dpn.invocation(spec))) {
            lock.takeOverNote().ifPresent(spec.commandLine().getErr()::println);
            PrintWriter printer = spec.commandLine().getOut();
            Classifier classifier = Classifier.restore(modelFile);
            InspectedModel inspected = classifier.isGraph()
                    ? InspectedModel.of((ComputationGraph) classifier.model())
                    : InspectedModel.of((MultiLayerNetwork) classifier.model());
            String data = saved.dataDirectory(recordedConfig);
            MnistData mnist = data == null ? MnistData.embedded() : MnistData.fromDirectory(Path.of(data));
            printer.printf(Locale.ROOT, "%s: %s; data %s%n", modelFile, inspected, mnist.description());
            printer.flush();

            String context = "Produced by `" + Dpn.invocation(spec) + "` on " + mnist.description()
                    + " (test split).";
            AnalysisReport report = AnalysisReport.run(inspected, mnist.test(), settings, context, target);
            Path reportFile = target.resolve(RunDirectory.REPORT);
            report.appendTo(reportFile);
            printer.printf(Locale.ROOT, "wrote %s and %d pictures into %s (%.1f s)%n", reportFile.getFileName(),
                    report.pictures().size(), target, (System.nanoTime() - start) / 1e9);
            printer.flush();
        }
        return Dpn.EXIT_OK;
    }

    /** The analysis settings the options give, defaults from the run's configuration (null if none). */
    private AnalysisSettings settings(RunConfig recorded) {
        AnalysisSettings.Builder settings = new AnalysisSettings.Builder()
                .seedConfiguration(recorded != null && recorded.config() == ExampleConfig.SEED);
        if (examples != null) {
            settings.examples(examples);
        }
        if (trajectoryExamples != null) {
            settings.trajectoryExamples(trajectoryExamples);
        }
        if (noise != null) {
            settings.noise(NoiseModel.parse(noise));
        } else if (recorded != null) {
            settings.noise(NoiseModel.parse(recorded.trainNoise()));
        }
        if (noiseSeed != null) {
            settings.noiseSeed(noiseSeed);
        }
        if (maxPotentialFlops != null) {
            settings.potentialFlopBudget(maxPotentialFlops);
        }
        return settings.build();
    }
}
