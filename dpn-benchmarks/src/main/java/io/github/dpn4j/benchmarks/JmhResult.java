package io.github.dpn4j.benchmarks;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One benchmark result of a JMH JSON file ({@code -rf json}), the fields the report needs.
 *
 * @param benchmarkClass        simple class name, e.g. {@code LayerBenchmark}
 * @param method                benchmark method, e.g. {@code forwardBackward}
 * @param params                {@code @Param} values by name (sorted)
 * @param millisPerOp           JMH's score, in ms per operation
 * @param errorMillis           JMH's 99.9% confidence half-width in ms, {@code NaN} with fewer than two iterations
 * @param forks                 forks run
 * @param warmupIterations      warmup iterations per fork
 * @param warmupTime            warmup iteration time as JMH writes it, e.g. {@code "1 s"}
 * @param measurementIterations measurement iterations per fork
 * @param measurementTime       measurement iteration time, e.g. {@code "1 s"}
 * @param jvm                   JVM name and version of the forks
 */
public record JmhResult(String benchmarkClass, String method, Map<String, String> params, double millisPerOp,
                        double errorMillis, int forks, int warmupIterations, String warmupTime,
                        int measurementIterations, String measurementTime, String jvm) {

    private static final String MILLIS_PER_OP = "ms/op";

    /**
     * Reads every result of a JMH JSON file.
     *
     * @param file JMH's {@code -rf json} output
     * @return the results in file order
     * @throws IOException              if the file cannot be read or is not JSON
     * @throws IllegalArgumentException if a result is not in ms/op (the benchmarks' unit), naming the benchmark
     */
    public static List<JmhResult> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readAllBytes(file));
        if (root == null || !root.isArray()) {
            throw new IOException("not a JMH JSON result array: " + file);
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonNode r : root) {
            String benchmark = r.path("benchmark").asText();
            int dot = benchmark.lastIndexOf('.');
            String qualifiedClass = benchmark.substring(0, dot);
            String simpleClass = qualifiedClass.substring(qualifiedClass.lastIndexOf('.') + 1);
            JsonNode metric = r.path("primaryMetric");
            String unit = metric.path("scoreUnit").asText();
            if (!MILLIS_PER_OP.equals(unit)) {
                throw new IllegalArgumentException(benchmark + ": expected unit " + MILLIS_PER_OP + ", got " + unit
                        + " (run JMH without -tu, the benchmarks report ms/op)");
            }
            Map<String, String> params = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = r.path("params").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                params.put(e.getKey(), e.getValue().asText());
            }
            results.add(new JmhResult(simpleClass, benchmark.substring(dot + 1), Collections.unmodifiableMap(params),
                    metric.path("score").asDouble(), number(metric.path("scoreError")), r.path("forks").asInt(),
                    r.path("warmupIterations").asInt(), r.path("warmupTime").asText(),
                    r.path("measurementIterations").asInt(), r.path("measurementTime").asText(),
                    r.path("vmName").asText() + " " + r.path("vmVersion").asText()));
        }
        return results;
    }

    /**
     * @param name parameter name
     * @return its value
     * @throws IllegalArgumentException if this result has no such parameter, naming the benchmark and the parameters
     */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException(benchmarkClass + "." + method + " has no parameter '" + name
                    + "', only " + params.keySet());
        }
        return v;
    }

    /** @return the integer value of a parameter */
    public int intParam(String name) {
        return Integer.parseInt(param(name));
    }

    private static double number(JsonNode node) {
        // JMH writes "NaN" as a string when the error is undefined
        return node.isNumber() ? node.asDouble() : Double.NaN;
    }
}
