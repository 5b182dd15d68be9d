package io.github.dpn4j.layer;

/**
 * The one validation of a {@link DenoisingPotential}'s options, used by the builder ({@link #all} on the built
 * configuration), by every setter (one option each, so a configuration changed after {@code build()} or read from
 * JSON is held to the same ranges) and by {@link DenoisingPotential#instantiate} ({@link #all} again, for the
 * combinations a loaded model's JSON could break). Every message names the layer (when its name is known), the
 * option and the value: {@code DenoisingPotential layer "dpn": steps must be >= 0, got -4}.
 */
final class LayerOptions {

    private LayerOptions() {
    }

    static long nIn(DenoisingPotential layer, long nIn) {
        require(nIn >= 0, layer, "nIn must be >= 1 (or 0 to infer it), got " + nIn);
        return nIn;
    }

    static int components(DenoisingPotential layer, int k) {
        require(k >= 1, layer, "components must be >= 1, got " + k);
        return k;
    }

    static int steps(DenoisingPotential layer, int n) {
        require(n >= 0, layer, "steps must be >= 0, got " + n);
        return n;
    }

    static double stepSize(DenoisingPotential layer, double alpha) {
        require(alpha > 0 && Double.isFinite(alpha), layer, "stepSize must be finite and > 0, got " + alpha);
        return alpha;
    }

    /** For {@code tolerance}, {@code toleratedNoise} and {@code noiseLevel}. */
    static double finiteNonNegative(DenoisingPotential layer, String option, double value) {
        require(value >= 0 && Double.isFinite(value), layer, option + " must be finite and >= 0, got " + value);
        return value;
    }

    static <T> T notNull(DenoisingPotential layer, String option, T value) {
        require(value != null, layer, option + " must not be null");
        return value;
    }

    static double[] noiseGrid(DenoisingPotential layer, double[] grid) {
        require(grid != null, layer, "noiseGrid must not be null");
        try {
            NoiseConditionalPotential.checkGrid(grid, grid);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix(layer) + ": " + e.getMessage(), e);
        }
        return grid;
    }

    /**
     * Every option and every rule between options.
     *
     * @throws IllegalArgumentException naming the layer, the option and the value
     */
    static void all(DenoisingPotential layer) {
        nIn(layer, layer.getNIn());
        components(layer, layer.getComponents());
        steps(layer, layer.getSteps());
        stepSize(layer, layer.getStepSize());
        notNull(layer, "precision", layer.getPrecision());
        notNull(layer, "gradientMode", layer.getGradientMode());
        notNull(layer, "stepRule", layer.getStepRule());
        finiteNonNegative(layer, "toleratedNoise", layer.getToleratedNoise());
        finiteNonNegative(layer, "noiseLevel", layer.getNoiseLevel());
        finiteNonNegative(layer, "tolerance", layer.getTolerance());
        noiseGrid(layer, layer.getNoiseGrid());
        if (layer.getStepRule() == StepRule.TWEEDIE) {
            require(layer.getPrecision() == Precision.DIAGONAL, layer, "stepRule TWEEDIE needs precision DIAGONAL, got "
                    + layer.getPrecision());
            require(layer.getSteps() == 1, layer, "stepRule TWEEDIE takes exactly one step, got steps="
                    + layer.getSteps());
        }
        require(layer.getTolerance() == 0 || layer.getGradientMode() != GradientMode.FULL, layer, "tolerance "
                + layer.getTolerance() + " needs gradientMode DETACHED: FULL differentiates all " + layer.getSteps()
                + " unrolled steps");
    }

    /** {@code DenoisingPotential layer "name"}, or {@code DenoisingPotential} while the name is not known. */
    static String prefix(DenoisingPotential layer) {
        return layer == null || layer.getLayerName() == null ? "DenoisingPotential" : layer.describe();
    }

    private static void require(boolean ok, DenoisingPotential layer, String message) {
        if (!ok) {
            throw new IllegalArgumentException(prefix(layer) + ": " + message);
        }
    }
}
