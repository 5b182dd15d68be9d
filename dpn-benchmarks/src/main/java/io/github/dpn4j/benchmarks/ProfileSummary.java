package io.github.dpn4j.benchmarks;

import io.github.dpn4j.examples.report.MarkdownTable;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Summarises JFR recordings of benchmark forks ({@code -prof jfr}, recorded during measurement only) into a section
 * of {@code RESULTS.md}: of the samples taken on the benchmark thread, the share in native ND4J/BLAS code
 * ({@code jdk.NativeMethodSample}) versus Java, the hottest frames by self time, and the share of samples under
 * selected frames of the call path (DL4J's forward, SameDiff's session, the op executioner, allocation), which says
 * whether time goes to arithmetic or to per-op graph overhead.
 */
@Command(name = "ProfileSummary", mixinStandardHelpOptions = true,
        description = "Writes a section of RESULTS.md summarising JFR recordings of benchmark forks.")
public final class ProfileSummary implements Callable<Integer> {

    /** Frames whose inclusive share is reported when present, in call-path order. */
    private static final List<String> KEY_FRAMES = List.of(
            "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.ffToLayerActivationsInWs",
            "org.deeplearning4j.nn.multilayer.MultiLayerNetwork.calcBackpropGradients",
            "org.nd4j.autodiff.samediff.SameDiff.calculateGradientsAndOutputs",
            "org.nd4j.autodiff.samediff.internal.AbstractSession.output",
            "org.nd4j.autodiff.samediff.internal.InferenceSession.getAndParameterizeOp",
            "org.nd4j.autodiff.samediff.internal.InferenceSession.doExec",
            "org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner.exec",
            "org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner.calculateOutputShape",
            "org.nd4j.linalg.factory.Nd4j.createUninitialized",
            "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.execCustomOp2");

    @Option(names = "--thread-contains", description = "Only samples of threads whose name contains this "
            + "(default: ${DEFAULT-VALUE}, JMH's benchmark threads).")
    private String threadFilter = "jmh-worker";

    @Option(names = "--top", description = "Hottest self frames to list (default: ${DEFAULT-VALUE}).")
    private int top = 20;

    @Option(names = "--section", description = "Section id (default: ${DEFAULT-VALUE}).")
    private String section = "profile";

    @Option(names = "--title", description = "Section heading (default: ${DEFAULT-VALUE}).")
    private String title = "Profile";

    @Option(names = "--command", required = true, description = "The exact command that produced the recordings.")
    private String command;

    @Option(names = "--output", description = "Markdown file to update (default: ${DEFAULT-VALUE}).")
    private Path output = Path.of(ResultsReport.DEFAULT_OUTPUT);

    @Parameters(arity = "1..*", paramLabel = "JFR", description = "Recordings, one per benchmark (label = parent "
            + "directory name, as JMH's -prof jfr names them).")
    private List<Path> recordings;

    /**
     * Command-line entry; {@code --help} lists the options.
     *
     * @param args options and JFR files
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ProfileSummary()).execute(args));
    }

    @Override
    public Integer call() throws IOException {
        StringBuilder md = new StringBuilder("## ").append(title).append("\n\n");
        md.append("Command:\n\n```\n").append(command).append("\n```\n\n");
        md.append("JFR (`-prof jfr`, measurement iterations only) on the benchmark thread. *native* = samples inside "
                + "ND4J/BLAS native code (`jdk.NativeMethodSample`), *Java* = everything else (DL4J, SameDiff's "
                + "session, array bookkeeping). Shares are of all samples of that benchmark.\n\n");
        md.append("Machine:\n\n");
        ResultsReport.machineLines(command).forEach(l -> md.append(l).append('\n'));
        md.append('\n');
        for (Path file : recordings) {
            summarise(md, file);
        }
        ResultsReport.writeSection(output, section, md.toString());
        return 0;
    }

    private void summarise(StringBuilder md, Path file) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int total = 0;
        int nativeSamples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String type = e.getEventType().getName();
            boolean isNative = "jdk.NativeMethodSample".equals(type);
            if (!isNative && !"jdk.ExecutionSample".equals(type)) {
                continue;
            }
            RecordedThread thread = e.getThread("sampledThread");
            RecordedStackTrace stack = e.getStackTrace();
            if (thread == null || stack == null || thread.getJavaName() == null
                    || !thread.getJavaName().contains(threadFilter) || stack.getFrames().isEmpty()) {
                continue;
            }
            total++;
            if (isNative) {
                nativeSamples++;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (RecordedFrame f : stack.getFrames()) {
                seen.add(f.getMethod().getType().getName() + "." + f.getMethod().getName());
            }
            RecordedFrame head = stack.getFrames().get(0);
            self.merge(head.getMethod().getType().getName() + "." + head.getMethod().getName(), 1, Integer::sum);
            seen.forEach(m -> inclusive.merge(m, 1, Integer::sum));
        }
        Path parent = file.toAbsolutePath().getParent();
        String label = parent == null ? file.toString() : parent.getFileName().toString();
        md.append("### ").append(label).append("\n\n");
        if (total == 0) {
            md.append("No samples on threads containing '").append(threadFilter).append("'.\n\n");
            return;
        }
        final int n = total;
        md.append(String.format(Locale.ROOT, "%d samples: native %.1f%%, Java %.1f%%.%n%n", n,
                100.0 * nativeSamples / n, 100.0 * (n - nativeSamples) / n));
        MarkdownTable onStack = new MarkdownTable(List.of("frame on the stack", "share of samples"));
        for (String frame : KEY_FRAMES) {
            Integer count = inclusive.get(frame);
            if (count != null) {
                onStack.row("`" + frame + "`", share(count, n));
            }
        }
        MarkdownTable hottest = new MarkdownTable(List.of("hottest frames (self)", "share of samples"));
        self.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(en -> hottest.row("`" + en.getKey() + "`", share(en.getValue(), n)));
        md.append(onStack.render()).append('\n').append(hottest.render()).append('\n');
    }

    private static String share(int count, int total) {
        return String.format(Locale.ROOT, "%.1f%%", 100.0 * count / total);
    }
}
