package io.github.dpn4j.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultsReportTest {

    private static JmhResult result(String cls, String method, Map<String, String> params, double ms) {
        return new JmhResult(cls, method, params, ms, 0.1 * ms, 2, 3, "1 s", 5, "1 s", "test VM");
    }

    private static Map<String, String> layerPoint(String precision) {
        return Map.of("batch", "128", "width", "64", "components", "20", "steps", "10", "precision", precision,
                "gradientMode", "DETACHED");
    }

    @Test
    void render_gemmLimitIsTheFastestThreadCount() {
        // 1 thread 2 ms (10.5 GFLOP/s), 2 threads 1 ms (21.0 GFLOP/s): the layer's 11.0 GFLOP/s is 0.525 of the latter
        List<JmhResult> results = List.of(
                result("GemmBenchmark", "fullStep",
                        Map.of("batch", "128", "width", "64", "components", "20", "threads", "1"), 2.0),
                result("GemmBenchmark", "fullStep",
                        Map.of("batch", "128", "width", "64", "components", "20", "threads", "2"), 1.0),
                result("LayerBenchmark", "forward", layerPoint("FULL"), 20.0));

        String md = ResultsReport.render("T", results, "cmd", false, List.of("- machine: m"))
                .replaceAll(" {2,}", " ");   // table cells are padded to their column's width

        assertTrue(md.contains("| 0.525 (11.0 of 21.0 GFLOP/s) | >= 0.7 | **missed** |"), md);
        assertTrue(md.contains("| 128 | 64 | 20 | fullStep | 1 | 2.000 |"), md);
    }

    @Test
    void render_targetsComputedFromFlopModel() {
        // GEMM step 2·128·20·64² = 2.10e7 FLOPs in 1 ms = 21.0 GFLOP/s; layer forward 2·20·64³ + 10·2.10e7
        // = 2.20e8 FLOPs in 20 ms = 11.0 GFLOP/s, fraction 0.525
        List<JmhResult> results = List.of(
                result("GemmBenchmark", "fullStep", Map.of("batch", "128", "width", "64", "components", "20"), 1.0),
                result("LayerBenchmark", "forward", layerPoint("FULL"), 20.0),
                result("NetworkBenchmark", "trainStep", Map.of("config", "cnn", "precision", "FULL", "batch", "128"),
                        10.0),
                result("NetworkBenchmark", "trainStep",
                        Map.of("config", "cnn-dpn", "precision", "FULL", "batch", "128"), 14.0));

        String md = ResultsReport.render("T", results, "cmd", false, List.of("- machine: m"))
                .replaceAll(" {2,}", " ");   // table cells are padded to their column's width

        assertTrue(md.contains("| 0.525 (11.0 of 21.0 GFLOP/s) | >= 0.7 | **missed** |"), md);
        assertTrue(md.contains("| 1.40 (14.00 / 10.00 ms) | <= 1.2 | **missed** |"), md);
        assertTrue(md.contains("cnn-dpn / cnn inference (batch ?) | not measured in this run"), md);
    }

    @Test
    void writeSection_replacesInPlace_andAppendsNew(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("RESULTS.md");
        ResultsReport.writeSection(file, "quick", "## Quick\nfirst");
        ResultsReport.writeSection(file, "soak", "## Soak\nsoak");
        ResultsReport.writeSection(file, "quick", "## Quick\nsecond");

        String text = Files.readString(file);
        assertTrue(text.startsWith("# dpn4j benchmark results"), text);
        assertTrue(text.contains("second") && !text.contains("first"), text);
        assertTrue(text.indexOf("second") < text.indexOf("soak"), "replaced section keeps its place: " + text);
        assertEquals(1, text.split("<!-- section:quick -->", -1).length - 1, text);
    }

    @Test
    void writeSection_rejectsOddIds(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ResultsReport.writeSection(dir.resolve("R.md"), "a b", "x"));
        assertTrue(e.getMessage().contains("'a b'"), e.getMessage());
    }
}
