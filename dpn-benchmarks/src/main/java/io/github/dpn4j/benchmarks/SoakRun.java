package io.github.dpn4j.benchmarks;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.report.MarkdownTable;
import io.github.dpn4j.examples.report.MarkdownTable.Align;
import io.github.dpn4j.examples.train.Classifier;
import org.bytedeco.javacpp.Pointer;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;

/**
 * Soak run: many training iterations of {@code cnn-dpn} (the example configuration, DPN k-means initialised) on small
 * MNIST batches, sampling memory every {@code --sample-every} iterations after a full GC: JVM heap in use, the
 * process's physical memory ({@code Pointer.physicalBytes()}, resident set) and the off-heap bytes JavaCPP tracks
 * ({@code Pointer.totalBytes()}) and the bytes ND4J's allocation tracker counts. Growth is measured over the samples at
 * or after {@code --warmup} iterations, as the change from the median of their first third to the median of their
 * last third ({@link #growth(long[])}): one sample of resident memory moves by ±10% with GC and allocator timing, so
 * two single samples say more about that noise than about a trend. The single-sample change from the first to the
 * last of those samples is reported beside it. The run passes when every quantity grows by less than
 * {@code --growth-limit}. Writes a CSV, a PNG chart and a section of {@code RESULTS.md}; exits 1 when it fails.
 */
@Command(name = "SoakRun", mixinStandardHelpOptions = true,
        description = "Trains cnn-dpn for many iterations and checks that memory does not grow.")
public final class SoakRun implements Callable<Integer> {

    /** Default training iterations: {@value}. */
    public static final int DEFAULT_ITERATIONS = 10_000;
    /** Default minibatch size: {@value}. */
    public static final int DEFAULT_BATCH = 32;
    /** Default sampling interval in iterations: {@value}. */
    public static final int DEFAULT_SAMPLE_EVERY = 500;
    /**
     * Default warm-up in iterations, excluded from the growth measure (resident memory settled by ~2,000 in our
     * runs): {@value}.
     */
    public static final int DEFAULT_WARMUP = 2_500;
    /** Default limit on relative growth after warm-up (0.05 = 5%): {@value}. */
    public static final double DEFAULT_GROWTH_LIMIT = 0.05;
    /** Examples k-means sees before training: {@value}. */
    public static final int KMEANS_EXAMPLES = 1_000;

    private static final double MIB = 1024.0 * 1024.0;
    private static final long GC_SETTLE_MILLIS = 100;
    private static final int CPU_DEVICE = 0;
    private static final List<String> QUANTITIES = List.of("JVM heap in use", "process physical bytes (RSS)",
            "JavaCPP off-heap bytes (`Pointer.totalBytes()`)", "ND4J allocated bytes");

    @Option(names = "--iterations", description = "Training iterations (default: ${DEFAULT-VALUE}).")
    private int iterations = DEFAULT_ITERATIONS;

    @Option(names = "--batch", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    private int batch = DEFAULT_BATCH;

    @Option(names = "--sample-every", description = "Iterations between memory samples (default: ${DEFAULT-VALUE}).")
    private int sampleEvery = DEFAULT_SAMPLE_EVERY;

    @Option(names = "--warmup", description = "Iterations before the growth reference sample (default: ${DEFAULT-VALUE}).")
    private int warmup = DEFAULT_WARMUP;

    @Option(names = "--growth-limit", description = "Largest allowed relative growth after warm-up (default: ${DEFAULT-VALUE}).")
    private double growthLimit = DEFAULT_GROWTH_LIMIT;

    @Option(names = "--seed", description = "Network and k-means seed (default: ${DEFAULT-VALUE}).")
    private long seed = BenchmarkJvm.SEED;

    @Option(names = "--out-dir", description = "Directory for soak.csv and soak.png (default: ${DEFAULT-VALUE}).")
    private Path outDir = Path.of("results");

    @Option(names = "--results", description = "Markdown file to update (default: ${DEFAULT-VALUE}).")
    private Path results = Path.of(ResultsReport.DEFAULT_OUTPUT);

    @Option(names = "--section", description = "Section id in the markdown file (default: ${DEFAULT-VALUE}).")
    private String section = "soak";

    @Option(names = "--command", description = "The command line to record (default: this program's arguments).")
    private String command;

    /** One memory sample; bytes, seconds since the start of training. */
    private record Sample(int iteration, double seconds, long heapBytes, long physicalBytes, long offHeapBytes,
                          long nd4jBytes, double score) {
    }

    /**
     * Command-line entry; {@code --help} lists the options.
     *
     * @param args options
     */
    public static void main(String[] args) {
        SoakRun run = new SoakRun();
        CommandLine cli = new CommandLine(run);
        if (run.command == null) {
            run.command = "SoakRun " + String.join(" ", args);
        }
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws IOException {
        if (iterations < 1 || batch < 1 || sampleEvery < 1 || warmup < 0 || warmup >= iterations) {
            throw new IllegalArgumentException("need iterations >= 1, batch >= 1, sample-every >= 1 and "
                    + "0 <= warmup < iterations, got iterations=" + iterations + ", batch=" + batch
                    + ", sample-every=" + sampleEvery + ", warmup=" + warmup);
        }
        String recorded = command != null ? command : "SoakRun";
        RunConfig run = new RunConfig.Builder(ExampleConfig.CNN_DPN).batchSize(batch).seed(seed).build();
        Classifier classifier = Classifier.create(run);
        DataSet train = MnistData.embedded().train();
        List<DataSet> batches = train.batchBy(batch);
        classifier.initPotential(new ViewIterator(train, batch), KMEANS_EXAMPLES, seed);

        List<Sample> samples = new ArrayList<>();
        long start = System.nanoTime();
        samples.add(sample(0, start, Double.NaN));
        for (int i = 1; i <= iterations; i++) {
            DataSet minibatch = batches.get((i - 1) % batches.size());
            if (i == 1) {
                BenchmarkJvm.withoutStdout(() -> classifier.fit(minibatch)); // SameDiff prints its gradient graph
            } else {
                classifier.fit(minibatch);
            }
            if (i % sampleEvery == 0 || i == iterations) {
                samples.add(sample(i, start, classifier.score()));
            }
        }

        Files.createDirectories(outDir);
        Path csv = outDir.resolve("soak.csv");
        Path png = outDir.resolve("soak.png");
        writeCsv(csv, samples);
        writeChart(png, samples);
        List<Sample> settled = samples.stream().filter(s -> s.iteration() >= warmup).toList();
        Sample reference = settled.isEmpty() ? samples.get(samples.size() - 1) : settled.get(0);
        Sample last = samples.get(samples.size() - 1);
        List<ToLongFunction<Sample>> quantities = List.of(Sample::heapBytes, Sample::physicalBytes,
                Sample::offHeapBytes, Sample::nd4jBytes);
        double[] growths = new double[quantities.size()];
        double[] endpoints = new double[quantities.size()];
        boolean passed = true;
        for (int q = 0; q < quantities.size(); q++) {
            ToLongFunction<Sample> quantity = quantities.get(q);
            growths[q] = growth(settled.stream().mapToLong(quantity).toArray());
            endpoints[q] = growth(new long[]{quantity.applyAsLong(reference), quantity.applyAsLong(last)});
            passed &= growths[q] < growthLimit;
        }

        Path chartLink = results.toAbsolutePath().getParent() == null ? png
                : results.toAbsolutePath().getParent().relativize(png.toAbsolutePath());
        ResultsReport.writeSection(results, section, markdown(recorded, samples, reference, growths, endpoints,
                passed, chartLink, run));
        return passed ? 0 : 1;
    }

    private static Sample sample(int iteration, long start, double score) {
        System.gc();
        System.gc();
        try {
            Thread.sleep(GC_SETTLE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Runtime rt = Runtime.getRuntime();
        Sample s = new Sample(iteration, (System.nanoTime() - start) / 1e9, rt.totalMemory() - rt.freeMemory(),
                Pointer.physicalBytes(), Pointer.totalBytes(), Nd4j.getMemoryManager().allocatedMemory(CPU_DEVICE),
                score);
        // progress on stderr, one line per sample: a 10,000-iteration run takes a while
        System.err.printf(Locale.ROOT, "soak: iteration %d, %.0f s, heap %.1f MiB, physical %.1f MiB, "
                        + "ND4J %.1f MiB%n", s.iteration(), s.seconds(), s.heapBytes() / MIB, s.physicalBytes() / MIB,
                s.nd4jBytes() / MIB);
        return s;
    }

    /**
     * Relative growth of a series sampled at even intervals: from the median of its first third to the median of its
     * last third (each at least one sample); for two samples, simply from the first to the second.
     *
     * @param series values in sampling order, at least two
     * @return the relative change; 0 when both medians are 0, infinite when only the first is
     */
    static double growth(long[] series) {
        if (series.length < 2) {
            throw new IllegalArgumentException("growth needs at least two samples, got " + series.length);
        }
        int third = Math.max(1, series.length / 3);
        double from = median(Arrays.copyOfRange(series, 0, third));
        double to = median(Arrays.copyOfRange(series, series.length - third, series.length));
        return from == 0 ? (to == 0 ? 0.0 : Double.POSITIVE_INFINITY) : (to - from) / from;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
    }

    private static void writeCsv(Path file, List<Sample> samples) throws IOException {
        StringBuilder csv = new StringBuilder(
                "iteration,seconds,heap_bytes,physical_bytes,javacpp_bytes,nd4j_bytes,score\n");
        for (Sample s : samples) {
            csv.append(String.format(Locale.ROOT, "%d,%.3f,%d,%d,%d,%d,%.6f%n", s.iteration(), s.seconds(),
                    s.heapBytes(), s.physicalBytes(), s.offHeapBytes(), s.nd4jBytes(), s.score()));
        }
        Files.writeString(file, csv, StandardCharsets.UTF_8);
    }

    private static void writeChart(Path file, List<Sample> samples) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(500).title("cnn-dpn soak run: memory after full GC")
                .xAxisTitle("training iteration").yAxisTitle("MiB").build();
        double[] x = samples.stream().mapToDouble(Sample::iteration).toArray();
        chart.addSeries("JVM heap in use", x, samples.stream().mapToDouble(s -> s.heapBytes() / MIB).toArray());
        chart.addSeries("process physical (RSS)", x,
                samples.stream().mapToDouble(s -> s.physicalBytes() / MIB).toArray());
        chart.addSeries("JavaCPP off-heap", x, samples.stream().mapToDouble(s -> s.offHeapBytes() / MIB).toArray());
        chart.addSeries("ND4J allocated", x, samples.stream().mapToDouble(s -> s.nd4jBytes() / MIB).toArray());
        String name = file.getFileName().toString();
        Path base = file.resolveSibling(name.endsWith(".png") ? name.substring(0, name.length() - 4) : name);
        BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private String markdown(String recorded, List<Sample> samples, Sample reference, double[] growths,
                            double[] endpoints, boolean passed, Path chart, RunConfig run) {
        StringBuilder md = new StringBuilder("## Soak run\n\n");
        md.append("Command:\n\n```\n").append(recorded).append("\n```\n\n");
        md.append(String.format(Locale.ROOT, "`cnn-dpn` (k=%d, n=%d, %s, %s), batch %d, %d iterations on the "
                        + "embedded MNIST training set, Adam %.0e; memory sampled after `System.gc()` every %d "
                        + "iterations. Growth is measured over the samples from iteration %d (after %d warm-up "
                        + "iterations) to iteration %d, from the median of their first third to the median of their "
                        + "last third (single samples of resident memory move by about ±10%% with GC and allocator "
                        + "timing); limit %.0f%%. The change from the first of those samples to the last is shown "
                        + "beside it.%n%n", run.components(), run.steps(), run.precision(),
                run.gradientMode(), batch, iterations, run.learningRate(), sampleEvery, reference.iteration(), warmup,
                samples.get(samples.size() - 1).iteration(), growthLimit * 100));
        md.append("Machine:\n\n");
        ResultsReport.machineLines(recorded).forEach(l -> md.append(l).append('\n'));
        md.append('\n');
        MarkdownTable growth = new MarkdownTable(List.of("quantity", "growth after warm-up (medians of thirds)",
                "first to last sample", "verdict"), List.of(Align.LEFT, Align.RIGHT, Align.RIGHT, Align.LEFT));
        for (int i = 0; i < QUANTITIES.size(); i++) {
            growth.row(QUANTITIES.get(i), String.format(Locale.ROOT, "%+.2f%%", growths[i] * 100),
                    String.format(Locale.ROOT, "%+.2f%%", endpoints[i] * 100), verdict(growths[i]));
        }
        md.append(growth.render());
        md.append("\n`Pointer.totalBytes()` counts only memory JavaCPP allocates itself; ND4J's CPU data buffers are "
                + "counted by ND4J's own tracker (`Nd4j.getMemoryManager().allocatedMemory(0)`, \"ND4J allocated\"), "
                + "and both are part of the process's physical bytes.\n\n");
        md.append("**").append(passed ? "Passed" : "Failed").append("**: ")
                .append(passed ? "no quantity grew by " : "a quantity grew by ")
                .append(String.format(Locale.ROOT, "%.0f%% or more", growthLimit * 100))
                .append(" after warm-up.\n\n");
        MarkdownTable table = new MarkdownTable(List.of("iteration", "seconds", "heap MiB", "physical MiB",
                "JavaCPP MiB", "ND4J MiB", "score"), Collections.nCopies(7, Align.RIGHT));
        for (Sample s : samples) {
            table.row(Integer.toString(s.iteration()), String.format(Locale.ROOT, "%.1f", s.seconds()),
                    String.format(Locale.ROOT, "%.1f", s.heapBytes() / MIB),
                    String.format(Locale.ROOT, "%.1f", s.physicalBytes() / MIB),
                    String.format(Locale.ROOT, "%.3f", s.offHeapBytes() / MIB),
                    String.format(Locale.ROOT, "%.1f", s.nd4jBytes() / MIB),
                    String.format(Locale.ROOT, "%.4f", s.score()));
        }
        md.append(table.render());
        md.append("\n![memory during the soak run](").append(chart.toString().replace('\\', '/')).append(")\n");
        return md.toString();
    }

    private String verdict(double growth) {
        return growth < growthLimit ? "met" : "**missed**";
    }
}
