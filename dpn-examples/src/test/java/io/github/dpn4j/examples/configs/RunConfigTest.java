package io.github.dpn4j.examples.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.layer.GradientMode;
import io.github.dpn4j.layer.Precision;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunConfigTest {

    private static RunConfig everySettingChanged() {
        return new RunConfig.Builder(ExampleConfig.CNN_DPN_GRAPH).epochs(2).batchSize(32).components(5).steps(4)
                .precision(Precision.DIAGONAL).gradientMode(GradientMode.FULL).learningRate(0.01).seed(7)
                .trainNoise("saltpepper:0.1").noiseSeed(8).evalNoise(List.of("none", "occlusion:5")).evalSeed(9)
                .kmeansExamples(100).dataDir("/data/fashion").limitTrain(1000).limitTest(200).build();
    }

    @Test
    void json_roundTripsEverySetting() {
        RunConfig c = everySettingChanged();
        RunConfig back = RunConfig.fromJson(c.toJson());
        assertEquals(c, back);
        assertEquals(c.hashCode(), back.hashCode());
        assertEquals(RunConfig.defaults(ExampleConfig.SEED), RunConfig.fromJson(RunConfig.defaults(ExampleConfig.SEED).toJson()));
    }

    @Test
    void toString_listsEverySetting() {
        String s = everySettingChanged().toString();
        for (String key : everySettingChanged().toMap().keySet()) {
            assertTrue(s.contains(key + "="), key + " missing from " + s);
        }
    }

    @Test
    void equals_seesEverySetting() {
        RunConfig c = everySettingChanged();
        assertNotEquals(c, c.toBuilder().seed(8).build());
        assertNotEquals(c, c.toBuilder().evalNoise(List.of("none")).build());
        assertNotEquals(c, c.toBuilder().dataDir(null).build());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void componentsAndSteps_areZero_withoutPotential() {
        RunConfig cnn = new RunConfig.Builder(ExampleConfig.CNN).components(5).steps(3).build();
        assertEquals(0, cnn.components());
        assertEquals(0, cnn.steps());
    }

    @Test
    void invalidValues_areRejected_namingTheValue() {
        assertMessage("epochs must be >= 0, got -1", () -> new RunConfig.Builder(ExampleConfig.CNN).epochs(-1).build());
        assertMessage("batch size must be >= 1, got 0", () -> new RunConfig.Builder(ExampleConfig.CNN).batchSize(0).build());
        assertMessage("components must be >= 1, got 0",
                () -> new RunConfig.Builder(ExampleConfig.SEED).components(0).build());
        assertMessage("learning rate must be finite and > 0, got -0.1",
                () -> new RunConfig.Builder(ExampleConfig.CNN).learningRate(-0.1).build());
        assertMessage("config must be one of seed, cnn-dpn, cnn, cnn-dpn-graph, got 'resnet'",
                () -> ExampleConfig.fromName("resnet"));
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
