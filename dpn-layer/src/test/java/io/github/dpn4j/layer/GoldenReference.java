package io.github.dpn4j.layer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The float64 case computed by an independent PyTorch implementation ({@code reference/golden-small.json} in the test
 * resources, described by the README beside it), read as it is.
 */
final class GoldenReference {

    private static final String RESOURCE = "/reference/golden-small.json";

    private final JsonNode root;

    private GoldenReference(JsonNode root) {
        this.root = root;
    }

    static GoldenReference load() {
        try (InputStream in = GoldenReference.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            return new GoldenReference(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int d() {
        return root.get("d").asInt();
    }

    int k() {
        return root.get("k").asInt();
    }

    int n() {
        return root.get("n").asInt();
    }

    INDArray param(String name) {
        return array(root.get("params").get(name));
    }

    INDArray get(String name) {
        return array(root.get(name));
    }

    /** A field of {@code modes.<mode>}: {@code detach}, {@code full} or {@code literal}. */
    INDArray mode(String mode, String name) {
        return array(root.get("modes").get(mode).get(name));
    }

    /** Nested JSON arrays of numbers as a float64 array of the same shape; a bare number as a scalar. */
    static INDArray array(JsonNode node) {
        if (node.isNumber()) {
            return Nd4j.scalar(node.asDouble());
        }
        List<Long> shape = new ArrayList<>();
        JsonNode probe = node;
        while (probe.isArray()) {
            shape.add((long) probe.size());
            probe = probe.get(0);
        }
        List<Double> flat = new ArrayList<>();
        flatten(node, flat);
        double[] values = flat.stream().mapToDouble(Double::doubleValue).toArray();
        return Nd4j.create(values, shape.stream().mapToLong(Long::longValue).toArray(), DataType.DOUBLE);
    }

    private static void flatten(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(child -> flatten(child, out));
        } else {
            out.add(node.asDouble());
        }
    }
}
