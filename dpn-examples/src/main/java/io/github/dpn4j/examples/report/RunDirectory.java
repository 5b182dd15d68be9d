package io.github.dpn4j.examples.report;

import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.examples.train.EpochMetrics;
import io.github.dpn4j.examples.train.NoiseEvaluation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The directory one run writes, {@code runs/<name>/}:
 * <ul>
 *   <li>{@value #MODEL}: the model ({@code ModelSerializer}, no updater state), rewritten after every epoch;</li>
 *   <li>{@value #CONFIG}: the {@link RunConfig};</li>
 *   <li>{@value #METRICS}: one row per epoch (loss, accuracies, alpha, seconds);</li>
 *   <li>{@value #EVALUATION}: the final accuracy per evaluation condition (counts, so re-evaluations compare
 *       exactly);</li>
 *   <li>{@value #REPORT}: results, command, machine, backend, seeds;</li>
 *   <li>{@value #LOSS_CHART}, {@value #ACCURACY_CHART}: charts per epoch.</li>
 * </ul>
 * Every file is written atomically: to a temporary file in the same directory, then renamed over the target, so a
 * crash or a diverged run never leaves a half-written model; the last good one stays.
 *
 * <p>A new run is written through {@link #stage}: beside the previous run, under the directory's lock, and swapped
 * in whole when it completes ({@link StagedRun}).
 */
public final class RunDirectory {

    /** File name of the model: {@value}. */
    public static final String MODEL = "model.zip";
    /** File name of the run configuration: {@value}. */
    public static final String CONFIG = "config.json";
    /** File name of the per-epoch metrics: {@value}. */
    public static final String METRICS = "metrics.csv";
    /** File name of the final evaluation: {@value}. */
    public static final String EVALUATION = "evaluation.csv";
    /** File name of the report: {@value}. */
    public static final String REPORT = "report.md";
    /** File name of the loss chart: {@value}. */
    public static final String LOSS_CHART = "loss.png";
    /** File name of the accuracy chart: {@value}. */
    public static final String ACCURACY_CHART = "accuracy.png";
    /** DPN potential chart (when measured): {@value}. */
    public static final String POTENTIAL_CHART = "potential.png";
    /** The DPN listener's log, one line per measurement: {@value}. */
    public static final String POTENTIAL_LOG = "potential.log";
    /** DL4J stats storage of the run (StatsListener and DPN measurements), for {@code dpn ui}: {@value}. */
    public static final String STATS = "stats.dl4j";
    /** Directory of DL4J CheckpointListener's checkpoints ({@code --keep-checkpoints}): {@value}. */
    public static final String CHECKPOINTS = "checkpoints";

    /** Every file name above. */
    static final List<String> FILES = List.of(MODEL, CONFIG, METRICS, EVALUATION, REPORT, LOSS_CHART,
            ACCURACY_CHART, POTENTIAL_CHART, POTENTIAL_LOG, STATS);

    private final Path dir;

    RunDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Begins writing a run into {@code dir}, the only way to get a run directory to write (so every command that
     * writes a run holds its lock): checks {@code dir}, locks it ({@link RunLock}) and returns a staging area
     * inside it where the new run is written; {@link StagedRun#commit()} swaps the new run in, closing without a
     * commit discards it. The previous run stays untouched until the commit.
     *
     * @param dir     the run directory; created if missing
     * @param force   write into a directory that is not a dpn run directory, replacing only its files of the
     *                names the new run writes
     * @param command the command, shown to a second writer
     * @return the staged run; close it (try-with-resources)
     * @throws IllegalArgumentException if {@code dir} is a file, or not a dpn run directory and {@code force} is off
     * @throws RunLock.RunLockedException if another process writes there
     * @throws IOException on I/O errors, e.g. {@link java.nio.file.AccessDeniedException}
     */
    public static StagedRun stage(Path dir, boolean force, String command) throws IOException {
        return StagedRun.begin(dir, force, command);
    }

    /**
     * A subdirectory of this run holding a run of its own (a comparison's configurations), created if missing.
     *
     * @param name a plain directory name
     * @return the sub-run
     */
    public RunDirectory subRun(String name) throws IOException {
        return new RunDirectory(Files.createDirectories(dir.resolve(name)));
    }

    /**
     * Whether {@code dir} holds nothing but what dpn writes, so that a new run may replace it whole: it is empty
     * (apart from the lock and staging entries), or its {@value #CONFIG} is a run configuration or its
     * {@value #REPORT} a dpn report, and every entry is one of the files above, a PNG (the analysis pictures), a
     * temporary file of {@link #writeAtomically} or a directory that is itself a run (a comparison's runs).
     *
     * @param dir an existing directory
     * @return its entries that dpn did not write; empty for a run directory
     * @throws IOException if it cannot be listed
     */
    public static List<String> foreignEntries(Path dir) throws IOException {
        List<String> all = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : (Iterable<Path>) entries.sorted()::iterator) {
                String name = entry.getFileName().toString();
                if (StagedRun.isBookkeeping(name)) {
                    continue;
                }
                all.add(name);
                boolean ours = Files.isDirectory(entry) ? name.equals(CHECKPOINTS) || foreignEntries(entry).isEmpty()
                        : FILES.contains(name) || name.endsWith(".png") || name.endsWith(".tmp");
                if (!ours) {
                    foreign.add(name);
                }
            }
        }
        if (all.isEmpty() || !foreign.isEmpty() || isRunConfig(dir.resolve(CONFIG))
                || isDpnReport(dir.resolve(REPORT))) {
            return foreign;
        }
        return all;  // dpn's names, but written by someone else
    }

    private static boolean isRunConfig(Path file) {
        try {
            RunConfig.fromJson(Files.readString(file, StandardCharsets.UTF_8));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isDpnReport(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return lines.findFirst().orElse("").startsWith(RunReport.TITLE_PREFIX);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * @param dir an existing run directory
     * @return the run directory
     * @throws NoSuchFileException if it does not exist
     */
    public static RunDirectory open(Path dir) throws NoSuchFileException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "run directory does not exist");
        }
        return new RunDirectory(dir);
    }

    /** @return the directory */
    public Path dir() {
        return dir;
    }

    /**
     * @return the run files present, in the order of the list above, e.g. {@code [model.zip, config.json,
     *         metrics.csv, evaluation.csv, report.md]} after a run of 0 epochs (no charts)
     */
    public List<String> files() {
        return FILES.stream().filter(f -> Files.isRegularFile(dir.resolve(f))).toList();
    }

    /** @return path of the model file */
    public Path model() {
        return dir.resolve(MODEL);
    }

    /** @return path of {@value #CONFIG} */
    public Path config() {
        return dir.resolve(CONFIG);
    }

    /** @return path of {@value #METRICS} */
    public Path metrics() {
        return dir.resolve(METRICS);
    }

    /** @return path of {@value #EVALUATION} */
    public Path evaluation() {
        return dir.resolve(EVALUATION);
    }

    /** @return path of {@value #REPORT} */
    public Path report() {
        return dir.resolve(REPORT);
    }

    /** @return path of {@value #LOSS_CHART} */
    public Path lossChart() {
        return dir.resolve(LOSS_CHART);
    }

    /** @return path of {@value #ACCURACY_CHART} */
    public Path accuracyChart() {
        return dir.resolve(ACCURACY_CHART);
    }

    /**
     * @param classifier the classifier to save as {@value #MODEL}, atomically
     * @throws IOException on write errors (the previous model stays)
     */
    public void saveModel(Classifier classifier) throws IOException {
        writeAtomically(model(), classifier::save);
    }

    /** @return the classifier saved in {@value #MODEL} */
    public Classifier restoreModel() throws IOException {
        return Classifier.restore(model());
    }

    /** @param config written as {@value #CONFIG} */
    public void writeConfig(RunConfig config) throws IOException {
        writeAtomically(config(), config.toJson());
    }

    /**
     * @return the configuration in {@value #CONFIG}
     * @throws IOException if it is missing or unreadable
     * @throws IllegalArgumentException if it is not a valid configuration
     */
    public RunConfig readConfig() throws IOException {
        return RunConfig.fromJson(Files.readString(config(), StandardCharsets.UTF_8));
    }

    /** @param history written as {@value #METRICS} */
    public void writeMetrics(List<EpochMetrics> history) throws IOException {
        writeAtomically(metrics(), MetricsCsv.format(history));
    }

    /** @param evaluation written as {@value #EVALUATION} */
    public void writeEvaluation(NoiseEvaluation evaluation) throws IOException {
        writeAtomically(evaluation(), EvaluationCsv.format(evaluation));
    }

    /** @return the evaluation in {@value #EVALUATION} (without timing) */
    public NoiseEvaluation readEvaluation() throws IOException {
        return EvaluationCsv.parse(Files.readString(evaluation(), StandardCharsets.UTF_8));
    }

    /**
     * Draws {@value #LOSS_CHART}, {@value #ACCURACY_CHART} and, when measured, {@value #POTENTIAL_CHART}; does nothing
     * for an empty history.
     *
     * @param title   chart title, e.g. the run name
     * @param history metrics per epoch
     */
    public void writeCharts(String title, List<EpochMetrics> history) throws IOException {
        if (history.isEmpty()) {
            return;
        }
        byte[] loss = TrainingCharts.lossPng(title, history);
        byte[] accuracy = TrainingCharts.accuracyPng(title, history);
        writeAtomically(lossChart(), tmp -> Files.write(tmp, loss));
        writeAtomically(accuracyChart(), tmp -> Files.write(tmp, accuracy));
        if (history.stream().anyMatch(m -> m.potential() != null)) {
            byte[] potential = TrainingCharts.potentialPng(title, history);
            writeAtomically(dir.resolve(POTENTIAL_CHART), tmp -> Files.write(tmp, potential));
        }
    }

    /** @param markdown written as {@value #REPORT} */
    public void writeReport(String markdown) throws IOException {
        writeAtomically(report(), markdown);
    }

    /**
     * Writes a text file atomically (UTF-8).
     *
     * @param target the file
     * @param text   its content
     */
    public static void writeAtomically(Path target, String text) throws IOException {
        writeAtomically(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Writes a file atomically: the writer fills a temporary file in the target's directory, which is then renamed
     * over the target. If the writer fails, the target is untouched and the temporary file removed.
     *
     * @param target the file
     * @param writer fills the temporary file it is given
     */
    public static void writeAtomically(Path target, FileWriter writer) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, target.getFileName() + ".", ".tmp");
        try {
            writer.writeTo(tmp);
            if (Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
                // temporary files are created owner-only; a run's files are ordinary files
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Fills a file. */
    @FunctionalInterface
    public interface FileWriter {
        /**
         * @param file the (temporary) file to write
         * @throws IOException on write errors
         */
        void writeTo(Path file) throws IOException;
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
