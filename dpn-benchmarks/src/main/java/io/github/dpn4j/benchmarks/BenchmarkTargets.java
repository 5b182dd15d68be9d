package io.github.dpn4j.benchmarks;

import io.github.dpn4j.examples.report.MarkdownTable;
import io.github.dpn4j.layer.Precision;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.github.dpn4j.benchmarks.BenchmarkRun.CNN;
import static io.github.dpn4j.benchmarks.BenchmarkRun.CNN_DPN;
import static io.github.dpn4j.benchmarks.BenchmarkRun.FORWARD;
import static io.github.dpn4j.benchmarks.BenchmarkRun.FORWARD_BACKWARD;
import static io.github.dpn4j.benchmarks.BenchmarkRun.LAYER;
import static io.github.dpn4j.benchmarks.BenchmarkRun.NETWORK;
import static io.github.dpn4j.benchmarks.BenchmarkRun.find;
import static io.github.dpn4j.benchmarks.BenchmarkRun.gemmFor;
import static io.github.dpn4j.benchmarks.BenchmarkRun.gemmRate;
import static io.github.dpn4j.benchmarks.BenchmarkRun.isPoint;
import static io.github.dpn4j.benchmarks.BenchmarkRun.layerRate;
import static io.github.dpn4j.benchmarks.BenchmarkRun.millis;

/** The benchmark issue's three targets, their reference points and the verdict of one run on each. */
final class BenchmarkTargets {

    /** Target 1: layer forward+backward rate as a fraction of the GEMM rate, at least {@value}. */
    public static final double TARGET_GEMM_FRACTION = 0.5;
    /** Target 2: cnn-dpn / cnn training step time, at most {@value}. */
    public static final double TARGET_TRAIN_RATIO = 1.3;
    /** Target 2: cnn-dpn / cnn inference time, at most {@value}. */
    public static final double TARGET_INFERENCE_RATIO = 1.2;
    /** Target 3: FULL / DIAGONAL time at d = 256, at least {@value}. */
    public static final double TARGET_DIAGONAL_SPEEDUP = 5.0;

    // the reference point for targets 1 and 3
    private static final int REF_BATCH = 128;
    private static final int REF_WIDTH = 64;
    private static final int REF_DIAGONAL_WIDTH = 256;
    private static final int REF_COMPONENTS = 20;
    private static final int REF_STEPS = 10;

    private BenchmarkTargets() {
    }

    /**
     * Appends the targets table: each target's measured value, goal and verdict, or "not measured in this run".
     *
     * @param md      the section being written
     * @param results the run's results
     */
    static void append(StringBuilder md, List<JmhResult> results) {
        md.append("### Targets\n\n");
        MarkdownTable table = MarkdownTable.leftAligned(List.of("target", "measured", "goal", "verdict"));
        String ref = "B=" + REF_BATCH + ", d=" + REF_WIDTH + ", k=" + REF_COMPONENTS + ", n=" + REF_STEPS
                + ", FULL, DETACHED";
        Optional<JmhResult> layer = find(results, LAYER, FORWARD_BACKWARD, r -> isPoint(r, REF_BATCH, REF_WIDTH,
                REF_COMPONENTS, REF_STEPS, Precision.FULL.name(), "DETACHED"));
        Optional<JmhResult> gemm = gemmFor(results, REF_BATCH, REF_WIDTH, REF_COMPONENTS, Precision.FULL);
        if (layer.isPresent() && gemm.isPresent()) {
            double rate = layerRate(layer.get());
            double gemmRate = gemmRate(gemm.get());
            double fraction = rate / gemmRate;
            table.row("DPN forward+backward (" + ref + ") / ND4J GEMM rate",
                    String.format(Locale.ROOT, "%.3f (%.1f of %.1f GFLOP/s)", fraction, rate, gemmRate),
                    ">= " + TARGET_GEMM_FRACTION, verdict(fraction >= TARGET_GEMM_FRACTION));
        } else {
            table.row("DPN forward+backward (" + ref + ") / ND4J GEMM rate", "not measured in this run",
                    ">= " + TARGET_GEMM_FRACTION, "-");
        }
        networkTarget(table, results, "trainStep", "training step", TARGET_TRAIN_RATIO);
        networkTarget(table, results, "inference", "inference", TARGET_INFERENCE_RATIO);
        for (String method : List.of(FORWARD, FORWARD_BACKWARD)) {
            String label = "FULL / DIAGONAL time, " + method + " (B=" + REF_BATCH + ", d=" + REF_DIAGONAL_WIDTH
                    + ", k=" + REF_COMPONENTS + ", n=" + REF_STEPS + ", DETACHED)";
            Optional<JmhResult> full = find(results, LAYER, method, r -> isPoint(r, REF_BATCH, REF_DIAGONAL_WIDTH,
                    REF_COMPONENTS, REF_STEPS, Precision.FULL.name(), "DETACHED"));
            Optional<JmhResult> diagonal = find(results, LAYER, method, r -> isPoint(r, REF_BATCH,
                    REF_DIAGONAL_WIDTH, REF_COMPONENTS, REF_STEPS, Precision.DIAGONAL.name(), "DETACHED"));
            if (full.isPresent() && diagonal.isPresent()) {
                double speedup = full.get().millisPerOp() / diagonal.get().millisPerOp();
                table.row(label, String.format(Locale.ROOT, "%.2f (%s / %s ms)", speedup,
                                millis(full.get().millisPerOp()), millis(diagonal.get().millisPerOp())),
                        ">= " + TARGET_DIAGONAL_SPEEDUP, verdict(speedup >= TARGET_DIAGONAL_SPEEDUP));
            } else {
                table.row(label, "not measured in this run", ">= " + TARGET_DIAGONAL_SPEEDUP, "-");
            }
        }
        md.append(table.render()).append('\n');
    }

    private static void networkTarget(MarkdownTable table, List<JmhResult> results, String method, String label,
                                      double goal) {
        Optional<JmhResult> base = find(results, NETWORK, method, r -> CNN.equals(r.param("config")));
        Optional<JmhResult> dpn = find(results, NETWORK, method, r -> CNN_DPN.equals(r.param("config"))
                && Precision.FULL.name().equals(r.param("precision")));
        String name = "cnn-dpn / cnn " + label + " (batch " + base.map(r -> r.param("batch")).orElse("?") + ")";
        if (base.isPresent() && dpn.isPresent()) {
            double ratio = dpn.get().millisPerOp() / base.get().millisPerOp();
            table.row(name, String.format(Locale.ROOT, "%.2f (%s / %s ms)", ratio, millis(dpn.get().millisPerOp()),
                    millis(base.get().millisPerOp())), "<= " + goal, verdict(ratio <= goal));
        } else {
            table.row(name, "not measured in this run", "<= " + goal, "-");
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }
}
