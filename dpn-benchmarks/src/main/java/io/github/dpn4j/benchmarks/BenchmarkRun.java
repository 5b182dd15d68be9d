package io.github.dpn4j.benchmarks;

import io.github.dpn4j.layer.Precision;
import org.openjdk.jmh.annotations.Param;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The JMH results of one run looked up by benchmark class, method and grid point, with the rates {@link FlopModel}
 * gives them and their formatting; shared by {@link BenchmarkTargets} and {@link ResultsTables}.
 */
final class BenchmarkRun {

    static final String CNN = "cnn";
    static final String CNN_DPN = "cnn-dpn";
    static final String LAYER = "LayerBenchmark";
    static final String GEMM = "GemmBenchmark";
    static final String NETWORK = "NetworkBenchmark";
    static final String FORWARD = "forward";
    static final String FORWARD_BACKWARD = "forwardBackward";

    private BenchmarkRun() {
    }

    static List<String> values(String field) {
        try {
            return List.of(LayerBenchmark.class.getField(field).getAnnotation(Param.class).value());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("LayerBenchmark has no @Param field " + field, e);
        }
    }

    static boolean isPoint(JmhResult r, int batch, int width, int components, int steps, String precision,
                                   String gradientMode) {
        return r.intParam("batch") == batch && r.intParam("width") == width && r.intParam("components") == components
                && r.intParam("steps") == steps && r.param("precision").equals(precision)
                && r.param("gradientMode").equals(gradientMode);
    }

    static Optional<JmhResult> find(List<JmhResult> results, String benchmarkClass, String method,
                                            Predicate<JmhResult> match) {
        return results.stream().filter(r -> r.benchmarkClass().equals(benchmarkClass) && r.method().equals(method))
                .filter(match).findFirst();
    }

    static Optional<JmhResult> gemmFor(List<JmhResult> results, int batch, int width, int components,
                                               Precision precision) {
        String method = precision == Precision.FULL ? "fullStep" : "diagonalStep";
        // measured at several thread counts: the fastest is the limit
        return results.stream().filter(r -> r.benchmarkClass().equals(GEMM) && r.method().equals(method))
                .filter(r -> r.intParam("batch") == batch && r.intParam("width") == width
                        && r.intParam("components") == components)
                .max(Comparator.comparingDouble(BenchmarkRun::gemmRate));
    }

    static List<JmhResult> sorted(List<JmhResult> results, String benchmarkClass) {
        return results.stream().filter(r -> r.benchmarkClass().equals(benchmarkClass))
                .sorted(Comparator.comparing((JmhResult r) -> r.params().toString()).thenComparing(JmhResult::method))
                .toList();
    }

    /** GFLOP/s of a LayerBenchmark result by {@link FlopModel}. */
    static double layerRate(JmhResult r) {
        double flops = FlopModel.layer(Precision.valueOf(r.param("precision")), r.intParam("batch"),
                r.intParam("width"), r.intParam("components"), r.intParam("steps"),
                FORWARD_BACKWARD.equals(r.method()));
        return FlopModel.gigaflopsPerSecond(flops, r.millisPerOp());
    }

    /** GFLOP/s of a GemmBenchmark result: one step's GEMMs. */
    static double gemmRate(JmhResult r) {
        Precision precision = "fullStep".equals(r.method()) ? Precision.FULL : Precision.DIAGONAL;
        double flops = FlopModel.stepForward(precision, r.intParam("batch"), r.intParam("width"),
                r.intParam("components"));
        return FlopModel.gigaflopsPerSecond(flops, r.millisPerOp());
    }

    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, ms < 10 ? "%.3f" : ms < 100 ? "%.2f" : "%.1f", ms);
    }

    static String gflops(double rate) {
        return String.format(Locale.ROOT, rate < 1 ? "%.3f" : "%.2f", rate);
    }
}
