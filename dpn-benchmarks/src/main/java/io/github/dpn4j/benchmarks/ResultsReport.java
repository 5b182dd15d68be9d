package io.github.dpn4j.benchmarks;

import io.github.dpn4j.examples.report.MarkedSection;
import io.github.dpn4j.examples.report.Provenance;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;


/**
 * The command that turns JMH JSON results ({@code -rf json}) of one run into a section of {@code RESULTS.md}: the
 * issue's three targets with verdicts ({@link BenchmarkTargets}), then the tables ({@link ResultsTables}): the layer
 * (ms/op with JMH's 99.9% error, GFLOP/s by {@link FlopModel}, fraction of the GEMM rate measured at the same
 * {@code (B, d, k)} in the same run), FULL/DIAGONAL speedups, the GEMM limit and the networks with ratios to
 * {@code cnn}; and the machine and the exact command.
 *
 * <p>A section is delimited by {@code <!-- section:ID -->} and {@code <!-- /section:ID -->}; writing a section that
 * exists replaces it in place, a new one is appended, so {@code quick}, {@code grid}, {@code soak} and before/after
 * sections ({@code quick-before}, {@code quick-after}) live side by side.
 */
@Command(name = "ResultsReport", mixinStandardHelpOptions = true,
        description = "Writes a section of RESULTS.md from JMH JSON result files of one run.")
public final class ResultsReport implements Callable<Integer> {

    /** Default output file: {@value}. */
    public static final String DEFAULT_OUTPUT = "RESULTS.md";
    /** Default section id: {@value}. */
    public static final String DEFAULT_SECTION = "quick";

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
        BenchmarkTargets.append(md, results);
        ResultsTables.layerTable(md, results);
        ResultsTables.speedupTable(md, results);
        ResultsTables.gemmTable(md, results);
        ResultsTables.networkTable(md, results);
        if (listMissing) {
            ResultsTables.missingGrid(md, results);
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

    // ------------------------------------------------------------------------------------------------- output

    /**
     * Replaces section {@code id} of a markdown file in place, or appends it ({@link MarkedSection}); creates the
     * file with a header.
     *
     * @param file markdown file
     * @param id   section id (letters, digits, '-')
     * @param body section text without markers
     * @throws IOException on read/write errors
     */
    static void writeSection(Path file, String id, String body) throws IOException {
        MarkedSection.withId(id).writeInto(file, body, HEADER);
    }
}
