package io.github.dpn4j.examples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where and how a run was made, for its report: the exact command, time, source commit, machine, JVM and ND4J
 * backend.
 *
 * @param command   the command line, e.g. {@code ./dpn train --config cnn-dpn}
 * @param time      start time, ISO-8601 with offset
 * @param commit    git commit of the dpn4j checkout ({@code +dirty} with local changes), or {@code unknown}
 * @param cpu       CPU model, or {@code unknown}
 * @param cores     processors available to the JVM
 * @param memory    maximum JVM heap, e.g. {@code 4096 MiB}
 * @param os        operating system name, version and architecture
 * @param java      JVM vendor and version
 * @param backend   ND4J backend, BLAS and thread count, e.g. {@code CPU (OPENBLAS, 2 threads)}
 * @param dl4j      DL4J version, e.g. {@code 1.0.0-M2.1}, or {@code unknown}
 */
public record Provenance(String command, String time, String commit, String cpu, int cores, String memory,
                         String os, String java, String backend, String dl4j) {

    /** System property naming the dpn4j checkout (set by the {@code dpn} launcher): {@value}. */
    public static final String HOME_PROPERTY = "dpn.home";

    private static final String UNKNOWN = "unknown";
    private static final Pattern DL4J_JAR = Pattern.compile("deeplearning4j-nn-([^/\\\\]+)\\.jar$");

    /**
     * Looks at this machine and JVM.
     *
     * @param command the command line to record
     * @return the provenance
     */
    public static Provenance capture(String command) {
        Runtime rt = Runtime.getRuntime();
        return new Provenance(command, ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
                gitCommit(), cpuModel(), rt.availableProcessors(), rt.maxMemory() / (1024 * 1024) + " MiB",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")",
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                detectBackend(), dl4jVersion());
    }

    /** @return markdown bullet lines, one per field */
    public List<String> markdownLines() {
        return List.of(
                "- time: " + time,
                "- dpn4j commit: " + commit,
                "- machine: " + cpu + ", " + cores + " cores, JVM heap " + memory,
                "- OS: " + os,
                "- JVM: " + java,
                "- backend: " + backend,
                "- DL4J: " + dl4j);
    }

    private static String cpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        try {
            if (Files.isReadable(cpuinfo)) {
                for (String line : Files.readAllLines(cpuinfo, StandardCharsets.UTF_8)) {
                    if (line.startsWith("model name")) {
                        return line.substring(line.indexOf(':') + 1).trim();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    private static String detectBackend() {
        try {
            Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
            String name = env.getProperty("backend", Nd4j.getBackend().getClass().getSimpleName());
            String blas = env.getProperty("blas.vendor", "?");
            Object threads = env.get("omp.threads");
            return name + " (" + blas + ", " + (threads == null ? "?" : threads) + " threads)";
        } catch (RuntimeException e) {
            return Nd4j.getBackend().getClass().getSimpleName();
        }
    }

    private static String dl4jVersion() {
        try {
            String location = MultiLayerNetwork.class.getProtectionDomain().getCodeSource().getLocation().getPath();
            Matcher m = DL4J_JAR.matcher(location);
            return m.find() ? m.group(1) : UNKNOWN;
        } catch (RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static String gitCommit() {
        String home = System.getProperty(HOME_PROPERTY, checkout());
        String sha = git(home, "rev-parse", "--short=12", "HEAD");
        if (sha == null || sha.isEmpty()) {
            return UNKNOWN;
        }
        String status = git(home, "status", "--porcelain", "--untracked-files=no");
        return status == null || status.isEmpty() ? sha : sha + "+dirty";
    }

    /** @return the git checkout holding this class (its build output), or the working directory */
    private static String checkout() {
        try {
            Path p = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path d = p; d != null; d = d.getParent()) {
                if (Files.exists(d.resolve(".git"))) {
                    return d.toString();
                }
            }
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return ".";
        }
        return ".";
    }

    private static String git(String dir, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = dir;
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroy();
                return null;
            }
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
