package io.github.dpn4j.examples.configs;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonValue;

/**
 * The runnable example networks, by the name the command line uses ({@code --config NAME}).
 *
 * <p>Each constant knows whether it contains a {@code DenoisingPotential} layer, which container it uses and
 * its default number of ascent steps; {@link ExampleConfigs} builds the network configurations.
 */
public enum ExampleConfig {

    /**
     * The seed configuration: flatten 784 → DPN(784, k = {@value ExampleConfigs#DEFAULT_COMPONENTS},
     * n = {@value ExampleConfigs#SEED_STEPS}) → softmax(10), a {@code MultiLayerNetwork}.
     * <b>Expensive in {@code Precision.FULL}</b> (about 4·B·k·d²·n ≈ 1.9e11 FLOPs per forward batch of 128);
     * {@code Precision.DIAGONAL} is the cheap variant.
     */
    SEED("seed", true, false, ExampleConfigs.SEED_STEPS),

    /**
     * The CNN configuration: conv(16, 5x5) → max-pool → conv(32, 5x5) → max-pool → dense(64) →
     * DPN(k = {@value ExampleConfigs#DEFAULT_COMPONENTS}, n = {@value ExampleConfigs#CNN_STEPS}) → softmax(10),
     * a {@code MultiLayerNetwork}.
     */
    CNN_DPN("cnn-dpn", true, false, ExampleConfigs.CNN_STEPS),

    /** The baseline: {@link #CNN_DPN} without the DPN layer. */
    CNN("cnn", false, false, 0),

    /** {@link #CNN_DPN} as a {@code ComputationGraph}, the DPN vertex named {@value ExampleConfigs#POTENTIAL_VERTEX}. */
    CNN_DPN_GRAPH("cnn-dpn-graph", true, true, ExampleConfigs.CNN_STEPS);

    private final String cliName;
    private final boolean potential;
    private final boolean graph;
    private final int defaultSteps;

    ExampleConfig(String cliName, boolean potential, boolean graph, int defaultSteps) {
        this.cliName = cliName;
        this.potential = potential;
        this.graph = graph;
        this.defaultSteps = defaultSteps;
    }

    /**
     * Looks a configuration up by its command-line name.
     *
     * @param name e.g. {@code "cnn-dpn"} (case-insensitive)
     * @return the configuration
     * @throws IllegalArgumentException naming the value and the valid names
     */
    @JsonCreator
    public static ExampleConfig fromName(String name) {
        for (ExampleConfig c : values()) {
            if (c.cliName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("config must be one of " + names() + ", got '" + name + "'");
    }

    /** @return the valid command-line names, comma separated */
    public static String names() {
        return Arrays.stream(values()).map(ExampleConfig::cliName).collect(Collectors.joining(", "));
    }

    /** @return the command-line name, e.g. {@code "cnn-dpn"}; also the default run name and the JSON value */
    @JsonValue
    public String cliName() {
        return cliName;
    }

    /** @return true if the network contains a {@code DenoisingPotential} layer */
    public boolean hasPotential() {
        return potential;
    }

    /** @return true for a {@code ComputationGraph}, false for a {@code MultiLayerNetwork} */
    public boolean isGraph() {
        return graph;
    }

    /** @return the default number of ascent steps n; 0 for configurations without a DPN layer */
    public int defaultSteps() {
        return defaultSteps;
    }

    /** @return the default number of mixture components k; 0 for configurations without a DPN layer */
    public int defaultComponents() {
        return potential ? ExampleConfigs.DEFAULT_COMPONENTS : 0;
    }

    @Override
    public String toString() {
        return cliName.toLowerCase(Locale.ROOT);
    }
}
