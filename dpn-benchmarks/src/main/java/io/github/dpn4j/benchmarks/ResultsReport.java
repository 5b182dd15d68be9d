package io.github.dpn4j.benchmarks;

import io.github.dpn4j.examples.report.Provenance;
import io.github.dpn4j.layer.Precision;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Param;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * Turns JMH JSON results ({@code -rf json}) of one run into a section of {@code RESULTS.md}: the three
 * targets with verdicts, the layer table (ms/op with JMH's 99.9% error, GFLOP/s by {@link FlopModel}, fraction of the
 * GEMM rate measured at the same {@code (B, d, k)} in the same run), FULL/DIAGONAL speedups, the GEMM table, the
 * network table with ratios to {@code cnn}, the machine and the exact command.
 *
 * <p>A section is delimited by {@code <!-- section:ID -->} and {@code <!-- /section:ID -->}; writing a section that
 * exists replaces it in place, a new one is appended, so {@code quick}, {@code grid}, {@code soak} and before/after
 * sections ({@code quick-before}, {@code quick-after}) live side by side.
 */
@Command(name = "ResultsReport", mixinStandardHelpOptions = true,
        description = "Writes a section of RESULTS.md from JMH JSON result files of one run.")
public final class ResultsReport implements Callable<Integer> {

    /** Target 1: layer forward+backward rate as a fraction of the GEMM rate, at least {@value}. */
    public static final double TARGET_GEMM_FRACTION = 0.5;
    /** Target 2: cnn-dpn / cnn training step time, at most {@value}. */
    public static final double TARGET_TRAIN_RATIO = 1.3;
    /** Target 2: cnn-dpn / cnn inference time, at most {@value}. */
    public static final double TARGET_INFERENCE_RATIO = 1.2;
    /** Target 3: FULL / DIAGONAL time at d = 256, at least {@value}. */
    public static final double TARGET_DIAGONAL_SPEEDUP = 5.0;
    /** Default output file: {@value}. */
    public static final String DEFAULT_OUTPUT = "RESULTS.md";
    /** Default section id: {@value}. */
    public static final String DEFAULT_SECTION = "quick";

    // the reference point for targets 1 and 3
    private static final int REF_BATCH = 128;
    private static final int REF_WIDTH = 64;
    private static final int REF_DIAGONAL_WIDTH = 256;
    private static final int REF_COMPONENTS = 20;
    private static final int REF_STEPS = 10;
    private static final String CNN = "cnn";
    private static final String CNN_DPN = "cnn-dpn";
    private static final String LAYER = "LayerBenchmark";
    private static final String GEMM = "GemmBenchmark";
    private static final String NETWORK = "NetworkBenchmark";
    private static final String FORWARD = "forward";
    private static final String FORWARD_BACKWARD = "forwardBackward";
    private static final String ND4J_POM_PROPERTIES = "/META-INF/maven/org.nd4j/nd4j-api/pom.properties";
    private static final String UNKNOWN = "unknown";
    private static final String HEADER = "# dpn4j benchmark results\n\n"
            + "Sections are written by `dpn-benchmarks/run.sh` (`ResultsReport`, `SoakRun`); all ratios are computed "
            + "inside one run on one machine. See `dpn-benchmarks/README.md` for the commands and what each benchmark "
            + "measures.\n";

    @Option(names = "--section", description = "Section id, e.g. quick, grid, quick-before (default: ${DEFAULT-VALUE}).")
    private String section = DEFAULT_SECTION;

    @Option(names = "--title", description = "Section heading (default: derived from the id).")
    private String title;

    @Option(names = "--command", required = true, description = "The exact command that produced the results.")
    private String command;

    @Option(names = "--output", description = "Markdown file to update (default: ${DEFAULT-VALUE}).")
    private Path output = Path.of(DEFAULT_OUTPUT);

    @Option(names = "--grid", description = "Also list the LayerBenchmark grid points missing from the results.")
    private boolean grid;

    @Parameters(arity = "1..*", paramLabel = "JSON", description = "JMH result files (-rf json) of this run.")
    private List<Path> inputs;

    /**
     * Command-line entry; {@code --help} lists the options.
     *
     * @param args options and JSON files
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ResultsReport()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<JmhResult> results = new ArrayList<>();
        for (Path in : inputs) {
            results.addAll(JmhResult.read(in));
        }
        String heading = title != null ? title : section.substring(0, 1).toUpperCase(Locale.ROOT) + section.substring(1);
        String body = render(heading, results, command, grid, machineLines(command));
        writeSection(output, section, body);
        return 0;
    }

    /**
     * The markdown of one section, without its markers.
     *
     * @param heading    section heading
     * @param results    results of one run
     * @param command    the exact command
     * @param listMissing whether to list LayerBenchmark grid points absent from the results
     * @param machine    machine description lines ({@link Provenance#markdownLines()})
     * @return markdown text
     */
    static String render(String heading, List<JmhResult> results, String command, boolean listMissing,
                         List<String> machine) {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(heading).append("\n\n");
        md.append("Command:\n\n```\n").append(command).append("\n```\n\n");
        results.stream().findFirst().ifPresent(r -> md.append(String.format(Locale.ROOT,
                "JMH 1.37: %d fork(s), %d warmup x %s, %d measurement x %s per fork (as run; benchmarks' "
                        + "defaults may be overridden on the command line). Forks: %s.%n%n",
                r.forks(), r.warmupIterations(), r.warmupTime(), r.measurementIterations(), r.measurementTime(),
                r.jvm())));
        md.append("Machine:\n\n");
        machine.forEach(line -> md.append(line).append('\n'));
        md.append('\n');
        targets(md, results);
        layerTable(md, results);
        speedupTable(md, results);
        gemmTable(md, results);
        networkTable(md, results);
        if (listMissing) {
            missingGrid(md, results);
        }
        return md.toString();
    }

    /**
     * The machine description of a section: {@link Provenance}'s lines (CPU model, cores, OS, JVM, backend with BLAS
     * vendor and thread count), the ND4J version read from the {@code nd4j-api} Maven metadata on the class path
     * (Provenance derives it from a jar name, which the shaded jar does not have) and {@code OMP_NUM_THREADS}.
     *
     * @param command the command to record in the provenance
     * @return markdown bullet lines
     */
    static List<String> machineLines(String command) {
        List<String> lines = new ArrayList<>();
        for (String line : Provenance.capture(command).markdownLines()) {
            if (!line.startsWith("- DL4J:")) {
                lines.add(line);
            }
        }
        lines.add("- ND4J / DL4J: " + nd4jVersion());
        String omp = System.getenv("OMP_NUM_THREADS");
        lines.add("- OMP_NUM_THREADS: " + (omp == null ? "unset (ND4J default)" : omp));
        return lines;
    }

    /** @return the version in {@code META-INF/maven/org.nd4j/nd4j-api/pom.properties}, or {@code unknown} */
    static String nd4jVersion() {
        try (InputStream in = Nd4j.class.getResourceAsStream(ND4J_POM_PROPERTIES)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", UNKNOWN);
        } catch (IOException e) {
            return UNKNOWN;
        }
    }

    // ------------------------------------------------------------------------------------------------- targets

    private static void targets(StringBuilder md, List<JmhResult> results) {
        md.append("### Targets\n\n| target | measured | goal | verdict |\n|---|---|---|---|\n");
        String ref = "B=" + REF_BATCH + ", d=" + REF_WIDTH + ", k=" + REF_COMPONENTS + ", n=" + REF_STEPS
                + ", FULL, DETACHED";
        Optional<JmhResult> layer = find(results, LAYER, FORWARD_BACKWARD, r -> isPoint(r, REF_BATCH, REF_WIDTH,
                REF_COMPONENTS, REF_STEPS, Precision.FULL.name(), "DETACHED"));
        Optional<JmhResult> gemm = gemmFor(results, REF_BATCH, REF_WIDTH, REF_COMPONENTS, Precision.FULL);
        if (layer.isPresent() && gemm.isPresent()) {
            double rate = layerRate(layer.get());
            double gemmRate = gemmRate(gemm.get());
            double fraction = rate / gemmRate;
            row(md, "DPN forward+backward (" + ref + ") / ND4J GEMM rate",
                    String.format(Locale.ROOT, "%.3f (%.1f of %.1f GFLOP/s)", fraction, rate, gemmRate),
                    ">= " + TARGET_GEMM_FRACTION, verdict(fraction >= TARGET_GEMM_FRACTION));
        } else {
            row(md, "DPN forward+backward (" + ref + ") / ND4J GEMM rate", "not measured in this run",
                    ">= " + TARGET_GEMM_FRACTION, "-");
        }
        networkTarget(md, results, "trainStep", "training step", TARGET_TRAIN_RATIO);
        networkTarget(md, results, "inference", "inference", TARGET_INFERENCE_RATIO);
        for (String method : List.of(FORWARD, FORWARD_BACKWARD)) {
            String label = "FULL / DIAGONAL time, " + method + " (B=" + REF_BATCH + ", d=" + REF_DIAGONAL_WIDTH
                    + ", k=" + REF_COMPONENTS + ", n=" + REF_STEPS + ", DETACHED)";
            Optional<JmhResult> full = find(results, LAYER, method, r -> isPoint(r, REF_BATCH, REF_DIAGONAL_WIDTH,
                    REF_COMPONENTS, REF_STEPS, Precision.FULL.name(), "DETACHED"));
            Optional<JmhResult> diagonal = find(results, LAYER, method, r -> isPoint(r, REF_BATCH,
                    REF_DIAGONAL_WIDTH, REF_COMPONENTS, REF_STEPS, Precision.DIAGONAL.name(), "DETACHED"));
            if (full.isPresent() && diagonal.isPresent()) {
                double speedup = full.get().millisPerOp() / diagonal.get().millisPerOp();
                row(md, label, String.format(Locale.ROOT, "%.2f (%s / %s ms)", speedup,
                                millis(full.get().millisPerOp()), millis(diagonal.get().millisPerOp())),
                        ">= " + TARGET_DIAGONAL_SPEEDUP, verdict(speedup >= TARGET_DIAGONAL_SPEEDUP));
            } else {
                row(md, label, "not measured in this run", ">= " + TARGET_DIAGONAL_SPEEDUP, "-");
            }
        }
        md.append('\n');
    }

    private static void networkTarget(StringBuilder md, List<JmhResult> results, String method, String label,
                                      double goal) {
        Optional<JmhResult> base = find(results, NETWORK, method, r -> CNN.equals(r.param("config")));
        Optional<JmhResult> dpn = find(results, NETWORK, method, r -> CNN_DPN.equals(r.param("config"))
                && Precision.FULL.name().equals(r.param("precision")));
        String name = "cnn-dpn / cnn " + label + " (batch " + base.map(r -> r.param("batch")).orElse("?") + ")";
        if (base.isPresent() && dpn.isPresent()) {
            double ratio = dpn.get().millisPerOp() / base.get().millisPerOp();
            row(md, name, String.format(Locale.ROOT, "%.2f (%s / %s ms)", ratio, millis(dpn.get().millisPerOp()),
                    millis(base.get().millisPerOp())), "<= " + goal, verdict(ratio <= goal));
        } else {
            row(md, name, "not measured in this run", "<= " + goal, "-");
        }
    }

    // -------------------------------------------------------------------------------------------------- tables

    private static void layerTable(StringBuilder md, List<JmhResult> results) {
        List<JmhResult> layer = sorted(results, LAYER);
        if (layer.isEmpty()) {
            return;
        }
        md.append("### Layer (`LayerBenchmark`)\n\n")
                .append("GFLOP/s by `FlopModel` (the kernel's minimal GEMM FLOPs: FULL 2·B·k·(d+1)·d per step ")
                .append("+ 2·k·d³ per forward, DIAGONAL 8·B·k·d per step; forward+backward adds the DETACHED ")
                .append("backward's GEMMs); ")
                .append("fraction = layer rate / `GemmBenchmark` rate at the same (B, d, k) and precision.\n\n")
                .append("| B | d | k | n | precision | gradient | benchmark | ms/op | ± (99.9%) | GFLOP/s "
                        + "| GEMM GFLOP/s | fraction of GEMM |\n")
                .append("|---:|---:|---:|---:|---|---|---|---:|---:|---:|---:|---:|\n");
        for (JmhResult r : layer) {
            double rate = layerRate(r);
            Optional<JmhResult> gemm = gemmFor(results, r.intParam("batch"), r.intParam("width"),
                    r.intParam("components"), Precision.valueOf(r.param("precision")));
            String gemmRate = gemm.map(g -> gflops(gemmRate(g))).orElse("-");
            String fraction = gemm.map(g -> String.format(Locale.ROOT, "%.3f", rate / gemmRate(g))).orElse("-");
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    r.param("batch"), r.param("width"), r.param("components"), r.param("steps"),
                    r.param("precision"), r.param("gradientMode"), r.method(), millis(r.millisPerOp()),
                    millis(r.errorMillis()), gflops(rate), gemmRate, fraction));
        }
        md.append('\n');
    }

    private static void speedupTable(StringBuilder md, List<JmhResult> results) {
        List<String> rows = new ArrayList<>();
        for (JmhResult full : sorted(results, LAYER)) {
            if (!Precision.FULL.name().equals(full.param("precision"))) {
                continue;
            }
            find(results, LAYER, full.method(), r -> isPoint(r, full.intParam("batch"), full.intParam("width"),
                    full.intParam("components"), full.intParam("steps"), Precision.DIAGONAL.name(),
                    full.param("gradientMode"))).ifPresent(diagonal -> rows.add(String.format(Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %.2f |%n", full.param("batch"), full.param("width"),
                    full.param("components"), full.param("steps"), full.param("gradientMode"), full.method(),
                    millis(full.millisPerOp()), millis(diagonal.millisPerOp()),
                    full.millisPerOp() / diagonal.millisPerOp())));
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("### FULL vs DIAGONAL precision\n\n")
                .append("| B | d | k | n | gradient | benchmark | FULL ms/op | DIAGONAL ms/op | FULL / DIAGONAL |\n")
                .append("|---:|---:|---:|---:|---|---|---:|---:|---:|\n");
        rows.forEach(md::append);
        md.append('\n');
    }

    private static void gemmTable(StringBuilder md, List<JmhResult> results) {
        List<JmhResult> gemm = sorted(results, GEMM);
        if (gemm.isEmpty()) {
            return;
        }
        md.append("### GEMM limit (`GemmBenchmark`, ND4J `gemm` at one step's shapes)\n\n")
                .append("Threads: ND4J and BLAS threads for the measurement (`default`: `OMP_NUM_THREADS` as run). "
                        + "Where several were measured, the fastest is the limit the layer is compared with.\n\n")
                .append("| B | d | k | step | threads | ms/op | ± (99.9%) | GFLOP/s |\n"
                        + "|---:|---:|---:|---|---:|---:|---:|---:|\n");
        for (JmhResult r : gemm) {
            String threads = r.params().getOrDefault("threads", "0");
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", r.param("batch"),
                    r.param("width"), r.param("components"), r.method(), "0".equals(threads) ? "default" : threads,
                    millis(r.millisPerOp()), millis(r.errorMillis()), gflops(gemmRate(r))));
        }
        md.append('\n');
    }

    private static void networkTable(StringBuilder md, List<JmhResult> results) {
        List<JmhResult> nets = sorted(results, NETWORK);
        if (nets.isEmpty()) {
            return;
        }
        md.append("### Networks (`NetworkBenchmark`, the example configurations)\n\n")
                .append("| config | DPN precision | batch | benchmark | ms/op | ± (99.9%) | / cnn |\n")
                .append("|---|---|---:|---|---:|---:|---:|\n");
        for (JmhResult r : nets) {
            boolean isCnn = CNN.equals(r.param("config"));
            String ratio = find(results, NETWORK, r.method(), b -> CNN.equals(b.param("config"))
                    && b.param("batch").equals(r.param("batch")))
                    .map(b -> String.format(Locale.ROOT, "%.2f", r.millisPerOp() / b.millisPerOp())).orElse("-");
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.param("config"),
                    isCnn ? "-" : r.param("precision"), r.param("batch"), r.method(), millis(r.millisPerOp()),
                    millis(r.errorMillis()), ratio));
        }
        md.append('\n');
    }

    private static void missingGrid(StringBuilder md, List<JmhResult> results) {
        List<String> rows = new ArrayList<>();
        for (String b : values("batch")) {
            for (String d : values("width")) {
                for (String k : values("components")) {
                    for (String n : values("steps")) {
                        for (String p : values("precision")) {
                            for (String g : values("gradientMode")) {
                                for (String m : List.of(FORWARD, FORWARD_BACKWARD)) {
                                    int bi = Integer.parseInt(b);
                                    int di = Integer.parseInt(d);
                                    int ki = Integer.parseInt(k);
                                    int ni = Integer.parseInt(n);
                                    if (find(results, LAYER, m, r -> isPoint(r, bi, di, ki, ni, p, g)).isPresent()) {
                                        continue;
                                    }
                                    Precision precision = Precision.valueOf(p);
                                    double flops = FlopModel.layer(precision, bi, di, ki, ni,
                                            FORWARD_BACKWARD.equals(m));
                                    String estimate = gemmFor(results, bi, di, ki, precision)
                                            .map(gm -> millis(flops / (gemmRate(gm) * 1e9) * 1e3)).orElse("-");
                                    rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %.2g "
                                            + "| %s |%n", b, d, k, n, p, g, m, flops, estimate));
                                }
                            }
                        }
                    }
                }
            }
        }
        md.append("### Grid points not measured\n\n");
        if (rows.isEmpty()) {
            md.append("None: every `LayerBenchmark` grid point was measured.\n\n");
            return;
        }
        md.append(rows.size()).append(" `LayerBenchmark` grid points were not run. Lower bound on their time: the ")
                .append("FLOPs at this run's GEMM rate (the layer measured slower than that everywhere).\n\n")
                .append("| B | d | k | n | precision | gradient | benchmark | FLOPs | ms/op at GEMM rate (lower bound) |\n")
                .append("|---:|---:|---:|---:|---|---|---|---:|---:|\n");
        rows.forEach(md::append);
        md.append('\n');
    }

    // ------------------------------------------------------------------------------------------------ lookups

    private static List<String> values(String field) {
        try {
            return List.of(LayerBenchmark.class.getField(field).getAnnotation(Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("LayerBenchmark has no @Param field " + field, e);
        }
    }

    private static boolean isPoint(JmhResult r, int batch, int width, int components, int steps, String precision,
                                   String gradientMode) {
        return r.intParam("batch") == batch && r.intParam("width") == width && r.intParam("components") == components
                && r.intParam("steps") == steps && r.param("precision").equals(precision)
                && r.param("gradientMode").equals(gradientMode);
    }

    private static Optional<JmhResult> find(List<JmhResult> results, String benchmarkClass, String method,
                                            Predicate<JmhResult> match) {
        return results.stream().filter(r -> r.benchmarkClass().equals(benchmarkClass) && r.method().equals(method))
                .filter(match).findFirst();
    }

    private static Optional<JmhResult> gemmFor(List<JmhResult> results, int batch, int width, int components,
                                               Precision precision) {
        String method = precision == Precision.FULL ? "fullStep" : "diagonalStep";
        // measured at several thread counts: the fastest is the limit
        return results.stream().filter(r -> r.benchmarkClass().equals(GEMM) && r.method().equals(method))
                .filter(r -> r.intParam("batch") == batch && r.intParam("width") == width
                        && r.intParam("components") == components)
                .max(Comparator.comparingDouble(ResultsReport::gemmRate));
    }

    private static List<JmhResult> sorted(List<JmhResult> results, String benchmarkClass) {
        return results.stream().filter(r -> r.benchmarkClass().equals(benchmarkClass))
                .sorted(Comparator.comparing((JmhResult r) -> r.params().toString()).thenComparing(JmhResult::method))
                .toList();
    }

    /** GFLOP/s of a LayerBenchmark result by {@link FlopModel}. */
    private static double layerRate(JmhResult r) {
        double flops = FlopModel.layer(Precision.valueOf(r.param("precision")), r.intParam("batch"),
                r.intParam("width"), r.intParam("components"), r.intParam("steps"),
                FORWARD_BACKWARD.equals(r.method()));
        return FlopModel.gigaflopsPerSecond(flops, r.millisPerOp());
    }

    /** GFLOP/s of a GemmBenchmark result: one step's GEMMs. */
    private static double gemmRate(JmhResult r) {
        Precision precision = "fullStep".equals(r.method()) ? Precision.FULL : Precision.DIAGONAL;
        double flops = FlopModel.stepForward(precision, r.intParam("batch"), r.intParam("width"),
                r.intParam("components"));
        return FlopModel.gigaflopsPerSecond(flops, r.millisPerOp());
    }

    // ---------------------------------------------------------------------------------------------- formatting

    private static void row(StringBuilder md, String target, String measured, String goal, String verdict) {
        md.append("| ").append(target).append(" | ").append(measured).append(" | ").append(goal).append(" | ")
                .append(verdict).append(" |\n");
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, ms < 10 ? "%.3f" : ms < 100 ? "%.2f" : "%.1f", ms);
    }

    private static String gflops(double rate) {
        return String.format(Locale.ROOT, rate < 1 ? "%.3f" : "%.2f", rate);
    }

    // ------------------------------------------------------------------------------------------------- output

    /**
     * Replaces section {@code id} of a markdown file in place, or appends it; creates the file with a header.
     *
     * @param file markdown file
     * @param id   section id (letters, digits, '-')
     * @param body section text without markers
     * @throws IOException on read/write errors
     */
    static void writeSection(Path file, String id, String body) throws IOException {
        if (!id.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("section id must be letters, digits and '-', got '" + id + "'");
        }
        String begin = "<!-- section:" + id + " -->";
        String end = "<!-- /section:" + id + " -->";
        String block = begin + "\n" + body.stripTrailing() + "\n" + end;
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : HEADER;
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from >= 0 && to > from) {
            text = text.substring(0, from) + block + text.substring(to + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + block + "\n";
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
