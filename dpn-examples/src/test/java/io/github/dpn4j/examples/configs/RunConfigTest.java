package io.github.dpn4j.examples.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.layer.GradientMode;
import io.github.dpn4j.layer.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

class RunConfigTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every setting away from the defaults of {@link #BASE}; {@link #everySettingDiffersFromTheBase} checks it. */
    private static RunConfig everySettingChanged() {
        return new RunConfig.Builder(ExampleConfig.CNN_DPN_GRAPH).epochs(2).batchSize(32).components(5).steps(4)
                .tolerance(1e-3).precision(Precision.DIAGONAL).gradientMode(GradientMode.FULL).learnStepSize(false)
                .learningRate(0.01).seed(7).trainNoise("saltpepper:0.1").noiseSeed(8)
                .evalNoise(List.of("none", "occlusion:5")).evalSeed(9).kmeansExamples(100).dataDir("/data/fashion")
                .limitTrain(1000).limitTest(200).build();
    }

    private static final RunConfig BASE = RunConfig.defaults(ExampleConfig.SEED);

    private static Object value(RunConfig c, RecordComponent component) {
        try {
            return component.getAccessor().invoke(c);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everySettingDiffersFromTheBase() {
        for (RecordComponent component : RunConfig.class.getRecordComponents()) {
            assertNotEquals(value(BASE, component), value(everySettingChanged(), component), component.getName());
        }
    }

    @Test
    void json_roundTripsEverySetting() {
        RunConfig c = everySettingChanged();
        assertEquals(c, RunConfig.fromJson(c.toJson()));
        assertEquals(BASE, RunConfig.fromJson(BASE.toJson()));
    }

    @Test
    void toBuilder_keepsEverySetting() {
        assertEquals(everySettingChanged(), everySettingChanged().toBuilder().build());
    }

    @Test
    void fromJson_readsEachKey() throws IOException {
        RunConfig changed = everySettingChanged();
        ObjectNode changedJson = (ObjectNode) JSON.readTree(changed.toJson());
        for (RecordComponent component : RunConfig.class.getRecordComponents()) {
            if (component.getName().equals("config")) {
                continue;
            }
            ObjectNode one = (ObjectNode) JSON.readTree(RunConfig.defaults(ExampleConfig.CNN_DPN_GRAPH).toJson());
            one.set(component.getName(), changedJson.get(component.getName()));
            RunConfig read = RunConfig.fromJson(JSON.writeValueAsString(one));
            assertEquals(value(changed, component), value(read, component), component.getName());
        }
    }

    @Test
    void fromJson_missingKeysTakeTheirDefaults() {
        RunConfig read = RunConfig.fromJson("{\"config\": \"seed\", \"epochs\": 3}");
        assertEquals(BASE.toBuilder().epochs(3).build(), read);
    }

    /** {@code config.json} files written before RunConfig was a record (commit d66884f) load, and write back as is. */
    @ParameterizedTest
    @ValueSource(strings = {"cnn", "defaults-cnn-dpn", "every-setting"})
    void savedConfigJson_ofEarlierRuns_loadsAndWritesBackUnchanged(String name) throws IOException {
        String saved;
        try (InputStream in = RunConfigTest.class.getResourceAsStream("saved-before-record-" + name + ".json")) {
            saved = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        RunConfig read = RunConfig.fromJson(saved);
        assertEquals(saved, read.toJson());
        if (name.equals("every-setting")) {
            // saved before --tolerance existed: off
            assertEquals(everySettingChanged().toBuilder().tolerance(RunConfig.DEFAULT_TOLERANCE).build(), read);
        }
    }

    @Test
    void toString_namesEverySettingWithItsValue() {
        RunConfig c = everySettingChanged();
        for (RecordComponent component : RunConfig.class.getRecordComponents()) {
            String expected = component.getName() + "=" + value(c, component);
            assertTrue(c.toString().contains(expected), expected + " missing from " + c);
        }
    }

    @Test
    void componentsAndSteps_areZero_withoutPotential() {
        RunConfig cnn = new RunConfig.Builder(ExampleConfig.CNN).components(5).steps(3).build();
        assertEquals(0, cnn.components());
        assertEquals(0, cnn.steps());
    }

    @Test
    void tolerance_isWrittenOnlyWhenOn_andIsZeroWithoutPotential() {
        RunConfig on = new RunConfig.Builder(ExampleConfig.CNN_DPN).tolerance(1e-3).build();
        assertTrue(on.toJson().contains("\"tolerance\" : 0.001"), on.toJson());
        assertTrue(on.toMap().containsKey("tolerance"), "the report's settings list it: " + on.toMap());
        RunConfig off = RunConfig.defaults(ExampleConfig.CNN_DPN);
        assertFalse(off.toJson().contains("tolerance"), off.toJson());
        assertEquals(0.0, RunConfig.fromJson(off.toJson()).tolerance());
        assertEquals(0.0, new RunConfig.Builder(ExampleConfig.CNN).tolerance(1e-3).build().tolerance());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1e-3, Double.NaN, Double.POSITIVE_INFINITY})
    void tolerance_outOfRange_isRejected_namingTheValue(double tolerance) {
        assertMessage("tolerance must be finite and >= 0, got " + tolerance,
                () -> new RunConfig.Builder(ExampleConfig.CNN_DPN).tolerance(tolerance).build());
    }

    @Test
    void evalNoise_isACopy() {
        List<String> specs = new java.util.ArrayList<>(List.of("none"));
        RunConfig c = new RunConfig.Builder(ExampleConfig.CNN).evalNoise(specs).build();
        specs.add("gaussian:0.1");
        assertEquals(List.of("none"), c.evalNoise());
        assertThrows(UnsupportedOperationException.class, () -> c.evalNoise().add("x"));
    }

    @Test
    void invalidValues_areRejected_namingTheValue() {
        assertMessage("epochs must be >= 0, got -1", () -> new RunConfig.Builder(ExampleConfig.CNN).epochs(-1).build());
        assertMessage("batch size must be >= 1, got 0",
                () -> new RunConfig.Builder(ExampleConfig.CNN).batchSize(0).build());
        assertMessage("components must be >= 1, got 0",
                () -> new RunConfig.Builder(ExampleConfig.SEED).components(0).build());
        assertMessage("learning rate must be finite and > 0, got -0.1",
                () -> new RunConfig.Builder(ExampleConfig.CNN).learningRate(-0.1).build());
        assertMessage("config must be one of seed, cnn-dpn, cnn, cnn-dpn-graph, got 'resnet'",
                () -> ExampleConfig.fromName("resnet"));
        assertMessage("k-means examples must be >= 1, got 0",
                () -> RunConfig.fromJson("{\"config\": \"seed\", \"kmeansExamples\": 0}"));
    }

    @Test
    void fromJson_rejectsUnknownKeys() {
        String json = RunConfig.defaults(ExampleConfig.CNN).toJson().replace("\"epochs\"", "\"epochz\"");
        assertMessage("unknown key in config.json: 'epochz'", () -> RunConfig.fromJson(json));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call).getMessage());
    }
}
