package io.github.dpn4j.benchmarks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves the JMH code generation worked and one benchmark runs end to end, without measuring anything: the
 * annotation processor's {@code META-INF/BenchmarkList} (what {@code benchmarks.jar}'s main reads) lists every
 * benchmark, and {@code LayerBenchmark.forwardBackward} at its smallest grid point runs in-process (no fork, one
 * 200 ms iteration) through JMH's Runner API, writes JSON, and {@link ResultsReport} turns that JSON into a table.
 */
class BenchmarkSmokeTest {

    private static final List<String> BENCHMARKS = List.of("GemmBenchmark.fullStep", "GemmBenchmark.diagonalStep",
            "LayerBenchmark.forward", "LayerBenchmark.forwardBackward", "NetworkBenchmark.trainStep",
            "NetworkBenchmark.inference");

    @Test
    void benchmarkListNamesEveryBenchmark() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
            assertNotNull(in, "META-INF/BenchmarkList missing: the JMH annotation processor did not run");
            String list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String b : BENCHMARKS) {
                // the generated class of each benchmark method is <Class>_<method>_jmhTest
                String generated = "io.github.dpn4j.benchmarks.jmh_generated." + b.replace('.', '_') + "_jmhTest";
                assertTrue(list.contains(generated), b + " missing from BenchmarkList (" + generated + ")");
            }
        }
    }

    @Test
    void layerForwardBackwardRuns_andReportReadsItsJson(@TempDir Path dir) throws RunnerException, IOException {
        Path json = dir.resolve("smoke.json");
        Options options = new OptionsBuilder()
                .include(LayerBenchmark.class.getName() + ".forwardBackward$")
                .param("batch", "32").param("width", "64").param("components", "10").param("steps", "1")
                .param("precision", "FULL").param("gradientMode", "DETACHED")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(200))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString())
                .build();

        Collection<RunResult> results = new Runner(options).run();

        assertEquals(1, results.size(), "one benchmark point expected");
        double score = results.iterator().next().getPrimaryResult().getScore();
        assertTrue(score > 0 && Double.isFinite(score), "ms/op must be positive and finite, got " + score);
        List<JmhResult> read = JmhResult.read(json);
        assertEquals(1, read.size());
        assertEquals("LayerBenchmark", read.get(0).benchmarkClass());
        String md = ResultsReport.render("Smoke", read, "test", false, List.of("- machine: test"))
                .replaceAll(" {2,}", " ");   // table cells are padded to their column's width
        assertTrue(md.contains("| 32 | 64 | 10 | 1 | FULL | DETACHED | forwardBackward |"), md);
    }
}
