package io.github.dpn4j.examples.cli;

import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.report.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --model} and {@code --data} options of the commands that read a saved model ({@code evaluate},
 * {@code analyze}): the model, the run directory it sits in, the settings that run recorded, and the data to use.
 */
public final class SavedModelOptions {

    @Option(names = {"-m", "--model"}, paramLabel = "PATH", required = true,
            description = "a model.zip, or a run directory holding one")
    Path model;

    @Option(names = "--data", paramLabel = "DIR",
            description = "directory of MNIST-format IDX files (default: the run's, else the embedded subset)")
    Path dataDir;

    /**
     * @param model a model zip, or a run directory holding {@value RunDirectory#MODEL}
     * @return the model zip
     */
    static Path modelFile(Path model) {
        return Files.isDirectory(model) ? model.resolve(RunDirectory.MODEL) : model;
    }

    /** @return the model zip named by {@code --model} */
    public Path modelFile() {
        return modelFile(model);
    }

    /** @return the absolute directory holding the model zip (its run directory, if it came from a run) */
    public Path runDirectory() {
        return modelFile().toAbsolutePath().getParent();
    }

    /**
     * @return the settings the model's run recorded in its {@value RunDirectory#CONFIG}, or empty when the model's
     *         directory has none (a model saved elsewhere)
     * @throws IOException if the file exists but cannot be read
     */
    public Optional<RunConfig> recordedConfig() throws IOException {
        RunDirectory run = RunDirectory.open(runDirectory());
        return Files.isRegularFile(run.config()) ? Optional.of(run.readConfig()) : Optional.empty();
    }

    /**
     * @param recorded the run's recorded settings, if any
     * @return {@code --data} as an absolute path, else the recorded run's data directory, else null for the
     *         embedded subset
     */
    public String dataDirectory(Optional<RunConfig> recorded) {
        if (dataDir != null) {
            return dataDir.toAbsolutePath().normalize().toString();
        }
        return recorded.map(RunConfig::dataDir).orElse(null);
    }
}
