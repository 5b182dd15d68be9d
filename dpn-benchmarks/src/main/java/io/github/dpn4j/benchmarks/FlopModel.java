package io.github.dpn4j.benchmarks;

import io.github.dpn4j.layer.Precision;

/**
 * The floating-point operation counts that turn a measured time into a rate (GFLOP/s). One multiply-add counts as
 * 2 FLOPs; only the GEMMs are counted, elementwise work (softmax, squares, the weighting by {@code r}) is treated as
 * overhead, so a layer rate below the GEMM rate shows exactly that overhead.
 *
 * <pre>
 *   FULL, one step forward      4·B·k·d²   Z = x Sᵀ ([B,d]x[d,k·d]) and grad = -(r ⊙ Z) S ([B,k·d]x[k·d,d])
 *   DIAGONAL, one step forward  8·B·k·d    x²·Pᵀ and x·Pmᵀ ([B,d]x[d,k]), r·Pm and r·P ([B,k]x[k,d])
 *   forward + backward          3 x forward (the convention)
 * </pre>
 *
 * The DIAGONAL count follows the GEMM-expanded form of {@code PotentialGraph} (four thin GEMMs per step); those GEMMs
 * are so small that DIAGONAL is dominated by per-op overhead, and its "fraction of the GEMM rate" says how much.
 */
public final class FlopModel {

    /** Forward+backward counted as this multiple of the forward FLOPs (the convention): {@value}. */
    public static final double FORWARD_BACKWARD_FACTOR = 3.0;

    private FlopModel() {
    }

    /**
     * FLOPs of the two (FULL) or four (DIAGONAL) GEMMs of one forward ascent step.
     *
     * @param precision FULL or DIAGONAL
     * @param batch     B, rows of the minibatch (>= 1)
     * @param width     d, input width (>= 1)
     * @param components k, mixture components (>= 1)
     * @return FLOPs of one step for the whole minibatch
     */
    public static double stepForward(Precision precision, long batch, long width, long components) {
        switch (precision) {
            case FULL:
                return 4.0 * batch * components * width * width;
            case DIAGONAL:
                return 8.0 * batch * components * width;
            default:
                throw new IllegalArgumentException("Unknown precision " + precision);
        }
    }

    /**
     * FLOPs of one layer call: {@code steps} forward steps, times {@link #FORWARD_BACKWARD_FACTOR} with backward.
     *
     * @param precision       FULL or DIAGONAL
     * @param batch           B (>= 1)
     * @param width           d (>= 1)
     * @param components      k (>= 1)
     * @param steps           n (>= 0)
     * @param withBackward    true for forward+backward
     * @return FLOPs per benchmark operation
     */
    public static double layer(Precision precision, long batch, long width, long components, long steps,
                               boolean withBackward) {
        double forward = steps * stepForward(precision, batch, width, components);
        return withBackward ? FORWARD_BACKWARD_FACTOR * forward : forward;
    }

    /**
     * Rate in GFLOP/s.
     *
     * @param flops          FLOPs per operation
     * @param millisPerOp    measured time per operation in milliseconds (> 0)
     * @return 1e-9 FLOPs per second
     */
    public static double gigaflopsPerSecond(double flops, double millisPerOp) {
        return flops / (millisPerOp * 1e-3) / 1e9;
    }
}
