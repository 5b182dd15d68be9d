package io.github.dpn4j.layer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The checks of the values that cross the layer's boundary, so that no NaN leaves it without a word: parameters where
 * they enter ({@code setParam}, a layer's {@code setParams}, a loaded model, {@link Potential#of}), inputs (the layer
 * and {@link Potential} alike), and the layer's output, a cheap scan that on failure finds the culprit: a parameter,
 * or a finite input too large for the floating type.
 *
 * <p><b>Range.</b> Energies hold squared distances {@code ||A_i (x - mu_i)||²}, so they overflow once
 * {@code |x - mu|·‖A‖} passes the square root of the type's largest value: about {@value #FLOAT_SAFE} in float32
 * (whose products run in float32) and {@value #DOUBLE_SAFE} in float64. For float32 the layer's inference and
 * {@link Potential} then recompute in float64, which covers every finite float32 input ({@code 3.4e38} and below)
 * unless {@code ‖A‖} exceeds about {@code 1e115}; a float32 <i>training</i> pass cannot (its backward and tape are
 * float32) and fails naming the range instead.
 */
final class LayerValues {

    /** {@code |x - mu|·‖A‖} below this is safe in float32: {@code sqrt(3.4e38)}, about {@value}. */
    static final double FLOAT_SAFE = 1.8e19;
    /** {@code |x - mu|·‖A‖} below this is safe in float64: {@code sqrt(1.8e308)}, about {@value}. */
    static final double DOUBLE_SAFE = 1.3e154;

    private LayerValues() {
    }

    /**
     * One parameter entering the layer.
     *
     * @param layer the layer's configuration
     * @param where the layer as named in messages, e.g. {@code DenoisingPotential layer "dpn" (index 1)}
     * @param key   parameter key
     * @param value its new value
     * @throws IllegalArgumentException if it holds NaN or infinity, or {@code alpha < 0} while the layer keeps
     *                                  {@code alpha >= 0}
     */
    static void checkParameter(DenoisingPotential layer, String where, String key, INDArray value) {
        if (nonFinite(value)) {
            throw new IllegalArgumentException(where + ": parameter \"" + key + "\" contains " + firstNonFinite(value)
                    + "; the layer's output would be NaN");
        }
        if (key.equals(DenoisingPotential.ALPHA) && layer.getStepRule() == StepRule.LEARNED
                && layer.isNonNegativeStepSize() && value.getDouble(0) < 0) {
            throw new IllegalArgumentException(where + ": alpha must be >= 0 while nonNegativeStepSize is on (a "
                    + "negative step size descends the potential), got " + value.getDouble(0)
                    + "; build the layer with nonNegativeStepSize(false) to allow it");
        }
    }

    /** {@link #checkParameter} for every parameter of layer {@code index}. */
    static void checkParameters(DenoisingPotential layer, int index, Map<String, INDArray> params) {
        String where = layer.describe() + " (index " + index + ")";
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            checkParameter(layer, where, e.getKey(), e.getValue());
        }
    }

    /**
     * @param where the layer or potential as named in messages
     * @param x     points or the layer's input
     * @throws IllegalArgumentException if {@code x} holds NaN or infinity, naming the first
     */
    static void checkInput(String where, INDArray x) {
        if (nonFinite(x)) {
            String half = x.dataType() == DataType.HALF ? "; float16 training is not supported: DL4J 1.0.0-M2.1's "
                    + "updaters (measured with Adam) turn float16 parameters with a zero gradient into NaN after one "
                    + "update, with or without a DPN layer, and the NaN reaches this layer as input; train in float32" : "";
            throw new IllegalArgumentException(where + ": input contains NaN or infinite values (" + firstNonFinite(x)
                    + "; from the layers before it or the network's input)" + half);
        }
    }

    /**
     * The layer's output, scanned once: a non-finite value from finite parameters and a finite input is an overflow,
     * recomputed in float64 for float32 inference.
     *
     * @param layer    the configuration
     * @param index    the layer's index
     * @param input    the (finite) input {@code [B, d]}
     * @param out      the output {@code [B, d]}; overwritten by the float64 recomputation
     * @param params   the layer's parameters
     * @param training whether this is a training pass (no float64 fallback: its tape and backward are float32)
     * @return {@code out}
     * @throws IllegalArgumentException naming the parameter at fault, or the input's magnitude and the usable range
     */
    static INDArray checkOutput(DenoisingPotential layer, int index, INDArray input, INDArray out,
                                Map<String, INDArray> params, boolean training) {
        if (!nonFinite(out)) {
            return out;
        }
        checkParameters(layer, index, params);
        String where = layer.describe() + " (index " + index + ")";
        checkInput(where, input);
        boolean wide = out.dataType() == DataType.DOUBLE;
        if (!wide && !training && layer.getStepRule() == StepRule.LEARNED) {
            INDArray recomputed = float64Ascent(layer, params, input).castTo(out.dataType());
            if (!nonFinite(recomputed)) {
                return out.assign(recomputed);
            }
        }
        throw new IllegalArgumentException(where + ": " + overflow(input, params, out.dataType(), training));
    }

    /**
     * Why a finite input gave a non-finite result, and the usable range.
     *
     * @param x      the input
     * @param params the parameters
     * @param type   the result's floating type
     * @param training whether a float32 training pass (no float64 fallback)
     * @return the message, without the layer's name
     */
    static String overflow(INDArray x, Map<String, INDArray> params, DataType type, boolean training) {
        double largest = x.amaxNumber().doubleValue();
        double factor = params.get(DenoisingPotential.A) == null ? Double.NaN
                : params.get(DenoisingPotential.A).amaxNumber().doubleValue();
        boolean wide = type == DataType.DOUBLE;
        return String.format(Locale.ROOT, "finite input (largest |x| = %.3g) gave a non-finite %s: "
                        + "squared distances overflowed %s. |x - mu|·‖A‖ up to about %.2g is safe in float32, %.2g in "
                        + "float64 (largest |A| entry here %.3g); scale the features down%s", largest,
                training ? "training output" : "result", wide ? "float64" : "float32 (largest value 3.4e38)",
                FLOAT_SAFE, DOUBLE_SAFE, factor, wide ? ""
                        : training ? " or train in float64 (inference recomputes such inputs in float64 by itself)"
                        : " or use float64 parameters");
    }

    /** The layer's ascent of {@code input} in float64: {@code [B, d]} float64. */
    static INDArray float64Ascent(DenoisingPotential layer, Map<String, INDArray> params, INDArray input) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Kernel kernel = Kernel.of(layer.getPrecision(), float64(params));
            Kernel.Ascent ascent = kernel.ascend(input.castTo(DataType.DOUBLE), layer.getSteps(),
                    layer.getTolerance(), null, null);
            return HostView.array(DataType.DOUBLE, kernel.uncentred(ascent.point()), input.shape());
        }
    }

    /** Detached float64 copies of {@code mu, A, c, alpha}. */
    static Map<String, INDArray> float64(Map<String, INDArray> params) {
        Map<String, INDArray> out = new HashMap<>();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (String key : new String[]{DenoisingPotential.MU, DenoisingPotential.A, DenoisingPotential.C,
                    DenoisingPotential.ALPHA}) {
                out.put(key, params.get(key).castTo(DataType.DOUBLE).dup());
            }
        }
        return out;
    }

    /**
     * Whether {@code a} holds NaN or infinity; scanned on the JVM ({@link HostView#finite}), where it costs less than
     * ND4J's native scan at the layer's sizes. float16 and bfloat16 are scanned as float32 (measured with ND4J
     * 1.0.0-M2.1, its native scan misses NaN in a float16 array); integer types are always finite.
     */
    static boolean nonFinite(INDArray a) {
        if (!a.dataType().isFPType()) {
            return false;
        }
        INDArray scanned = a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE
                ? a : a.castTo(DataType.FLOAT);
        return !HostView.finite(scanned);
    }

    /** E.g. {@code NaN at [0, 3]}; only called once a scan found one. */
    private static String firstNonFinite(INDArray a) {
        double[] values = a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                long[] at = new long[a.rank()];
                long rest = i;
                for (int dim = a.rank() - 1; dim >= 0; dim--) {
                    at[dim] = rest % a.size(dim);
                    rest /= a.size(dim);
                }
                return values[i] + " at " + Arrays.toString(at);
            }
        }
        return "NaN or infinite values";
    }
}
