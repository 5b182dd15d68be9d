package io.github.dpn4j.benchmarks;

import io.github.dpn4j.examples.report.MarkdownTable;
import io.github.dpn4j.layer.Precision;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.github.dpn4j.benchmarks.BenchmarkRun.CNN;
import static io.github.dpn4j.benchmarks.BenchmarkRun.FORWARD;
import static io.github.dpn4j.benchmarks.BenchmarkRun.FORWARD_BACKWARD;
import static io.github.dpn4j.benchmarks.BenchmarkRun.GEMM;
import static io.github.dpn4j.benchmarks.BenchmarkRun.LAYER;
import static io.github.dpn4j.benchmarks.BenchmarkRun.NETWORK;
import static io.github.dpn4j.benchmarks.BenchmarkRun.find;
import static io.github.dpn4j.benchmarks.BenchmarkRun.gemmFor;
import static io.github.dpn4j.benchmarks.BenchmarkRun.gemmRate;
import static io.github.dpn4j.benchmarks.BenchmarkRun.gflops;
import static io.github.dpn4j.benchmarks.BenchmarkRun.isPoint;
import static io.github.dpn4j.benchmarks.BenchmarkRun.layerRate;
import static io.github.dpn4j.benchmarks.BenchmarkRun.millis;
import static io.github.dpn4j.benchmarks.BenchmarkRun.sorted;
import static io.github.dpn4j.benchmarks.BenchmarkRun.values;
import static io.github.dpn4j.examples.report.MarkdownTable.Align.LEFT;
import static io.github.dpn4j.examples.report.MarkdownTable.Align.RIGHT;

/** The measurement tables of a results section: layer, FULL vs DIAGONAL, GEMM limit, networks, missing grid. */
final class ResultsTables {

    private ResultsTables() {
    }

    static void layerTable(StringBuilder md, List<JmhResult> results) {
        List<JmhResult> layer = sorted(results, LAYER);
        if (layer.isEmpty()) {
            return;
        }
        md.append("### Layer (`LayerBenchmark`)\n\n")
                .append("GFLOP/s by `FlopModel` (the kernel's minimal GEMM FLOPs: FULL 2·B·k·(d+1)·d per step ")
                .append("+ 2·k·d³ per forward, DIAGONAL 8·B·k·d per step; forward+backward adds the DETACHED ")
                .append("backward's GEMMs); ")
                .append("fraction = layer rate / `GemmBenchmark` rate at the same (B, d, k) and precision.\n\n");
        MarkdownTable table = new MarkdownTable(List.of("B", "d", "k", "n", "precision", "gradient", "benchmark",
                "ms/op", "± (99.9%)", "GFLOP/s", "GEMM GFLOP/s", "fraction of GEMM"), List.of(RIGHT, RIGHT, RIGHT,
                RIGHT, LEFT, LEFT, LEFT, RIGHT, RIGHT, RIGHT, RIGHT, RIGHT));
        for (JmhResult r : layer) {
            double rate = layerRate(r);
            Optional<JmhResult> gemm = gemmFor(results, r.intParam("batch"), r.intParam("width"),
                    r.intParam("components"), Precision.valueOf(r.param("precision")));
            String gemmRate = gemm.map(g -> gflops(gemmRate(g))).orElse("-");
            String fraction = gemm.map(g -> String.format(Locale.ROOT, "%.3f", rate / gemmRate(g))).orElse("-");
            table.row(r.param("batch"), r.param("width"), r.param("components"), r.param("steps"),
                    r.param("precision"), r.param("gradientMode"), r.method(), millis(r.millisPerOp()),
                    millis(r.errorMillis()), gflops(rate), gemmRate, fraction);
        }
        md.append(table.render()).append('\n');
    }

    static void speedupTable(StringBuilder md, List<JmhResult> results) {
        MarkdownTable table = new MarkdownTable(List.of("B", "d", "k", "n", "gradient", "benchmark", "FULL ms/op",
                "DIAGONAL ms/op", "FULL / DIAGONAL"), List.of(RIGHT, RIGHT, RIGHT, RIGHT, LEFT, LEFT, RIGHT, RIGHT,
                RIGHT));
        boolean any = false;
        for (JmhResult full : sorted(results, LAYER)) {
            if (!Precision.FULL.name().equals(full.param("precision"))) {
                continue;
            }
            Optional<JmhResult> diagonal = find(results, LAYER, full.method(), r -> isPoint(r,
                    full.intParam("batch"), full.intParam("width"),
                    full.intParam("components"), full.intParam("steps"), Precision.DIAGONAL.name(),
                    full.param("gradientMode")));
            if (diagonal.isPresent()) {
                any = true;
                table.row(full.param("batch"), full.param("width"), full.param("components"), full.param("steps"),
                        full.param("gradientMode"), full.method(), millis(full.millisPerOp()),
                        millis(diagonal.get().millisPerOp()), String.format(Locale.ROOT, "%.2f",
                                full.millisPerOp() / diagonal.get().millisPerOp()));
            }
        }
        if (any) {
            md.append("### FULL vs DIAGONAL precision\n\n").append(table.render()).append('\n');
        }
    }

    static void gemmTable(StringBuilder md, List<JmhResult> results) {
        List<JmhResult> gemm = sorted(results, GEMM);
        if (gemm.isEmpty()) {
            return;
        }
        md.append("### GEMM limit (`GemmBenchmark`, ND4J `gemm` at one step's shapes)\n\n")
                .append("Threads: ND4J and BLAS threads for the measurement (`default`: `OMP_NUM_THREADS` as run). "
                        + "Where several were measured, the fastest is the limit the layer is compared with.\n\n");
        MarkdownTable table = new MarkdownTable(List.of("B", "d", "k", "step", "threads", "ms/op", "± (99.9%)",
                "GFLOP/s"), List.of(RIGHT, RIGHT, RIGHT, LEFT, RIGHT, RIGHT, RIGHT, RIGHT));
        for (JmhResult r : gemm) {
            String threads = r.params().getOrDefault("threads", "0");
            table.row(r.param("batch"), r.param("width"), r.param("components"), r.method(),
                    "0".equals(threads) ? "default" : threads, millis(r.millisPerOp()), millis(r.errorMillis()),
                    gflops(gemmRate(r)));
        }
        md.append(table.render()).append('\n');
    }

    static void networkTable(StringBuilder md, List<JmhResult> results) {
        List<JmhResult> nets = sorted(results, NETWORK);
        if (nets.isEmpty()) {
            return;
        }
        md.append("### Networks (`NetworkBenchmark`, the example configurations)\n\n");
        MarkdownTable table = new MarkdownTable(List.of("config", "DPN precision", "batch", "benchmark", "ms/op",
                "± (99.9%)", "/ cnn"), List.of(LEFT, LEFT, RIGHT, LEFT, RIGHT, RIGHT, RIGHT));
        for (JmhResult r : nets) {
            boolean isCnn = CNN.equals(r.param("config"));
            String ratio = find(results, NETWORK, r.method(), b -> CNN.equals(b.param("config"))
                    && b.param("batch").equals(r.param("batch")))
                    .map(b -> String.format(Locale.ROOT, "%.2f", r.millisPerOp() / b.millisPerOp())).orElse("-");
            table.row(r.param("config"), isCnn ? "-" : r.param("precision"), r.param("batch"), r.method(),
                    millis(r.millisPerOp()), millis(r.errorMillis()), ratio);
        }
        md.append(table.render()).append('\n');
    }

    static void missingGrid(StringBuilder md, List<JmhResult> results) {
        MarkdownTable table = new MarkdownTable(List.of("B", "d", "k", "n", "precision", "gradient", "benchmark",
                "FLOPs", "ms/op at GEMM rate (lower bound)"), List.of(RIGHT, RIGHT, RIGHT, RIGHT, LEFT, LEFT, LEFT,
                RIGHT, RIGHT));
        int missing = 0;
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
                                    table.row(b, d, k, n, p, g, m, String.format(Locale.ROOT, "%.2g", flops),
                                            estimate);
                                    missing++;
                                }
                            }
                        }
                    }
                }
            }
        }
        md.append("### Grid points not measured\n\n");
        if (missing == 0) {
            md.append("None: every `LayerBenchmark` grid point was measured.\n\n");
            return;
        }
        md.append(missing).append(" `LayerBenchmark` grid points were not run. Lower bound on their time: the ")
                .append("FLOPs at this run's GEMM rate (the layer measured slower than that everywhere).\n\n")
                .append(table.render()).append('\n');
    }
}
