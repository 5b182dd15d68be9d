package io.github.dpn4j.benchmarks;

import io.github.dpn4j.layer.Precision;

/**
 * The floating-point operation counts that turn a measured time into a rate (GFLOP/s): the minimal GEMM FLOPs of the
 * layer's kernel, taken from {@link Precision} (one place for per-precision facts). One multiply-add counts as 2
 * FLOPs; elementwise work (softmax, the weighting by {@code r}, the update) is treated as overhead, so a layer rate
 * below the GEMM rate shows exactly that overhead, and a fraction above 1 would mean the count is wrong.
 *
 * <pre>
 *   FULL, one step forward      2·B·k·d²         Y = x [P_1 … P_k]  ([B,d]x[d,k·d])
 *        once per forward        2·k·d³           P_i = A_iᵀ A_i
 *        DETACHED backward       2·k·d²·B·(n+2) + 2·k·d³
 *   DIAGONAL, one step forward  8·B·k·d          [x², x] [Pᵀ; -2Pmᵀ] and r [P, Pm]
 *        DETACHED backward       12·n·B·k·d
 * </pre>
 */
public final class FlopModel {

    private FlopModel() {
    }

    /**
     * FLOPs of the GEMMs of one forward ascent step.
     *
     * @param precision  FULL or DIAGONAL
     * @param batch      B, rows of the minibatch (>= 1)
     * @param width      d, input width (>= 1)
     * @param components k, mixture components (>= 1)
     * @return FLOPs of one step for the whole minibatch
     */
    public static double stepForward(Precision precision, long batch, long width, long components) {
        return precision.flopsPerStep(batch, components, width);
    }

    /**
     * FLOPs of one layer call: the once-per-forward work and {@code steps} forward steps, plus the DETACHED backward
     * when {@code withBackward}.
     *
     * @param precision    FULL or DIAGONAL
     * @param batch        B (>= 1)
     * @param width        d (>= 1)
     * @param components   k (>= 1)
     * @param steps        n (>= 0)
     * @param withBackward true for forward+backward
     * @return FLOPs per benchmark operation
     */
    public static double layer(Precision precision, long batch, long width, long components, long steps,
                               boolean withBackward) {
        double forward = precision.flopsPerForward(components, width)
                + steps * precision.flopsPerStep(batch, components, width);
        return withBackward ? forward + precision.flopsPerBackward(batch, components, width, steps) : forward;
    }

    /**
     * Rate in GFLOP/s.
     *
     * @param flops       FLOPs per operation
     * @param millisPerOp measured time per operation in milliseconds (> 0)
     * @return 1e-9 FLOPs per second
     */
    public static double gigaflopsPerSecond(double flops, double millisPerOp) {
        return flops / (millisPerOp * 1e-3) / 1e9;
    }
}
