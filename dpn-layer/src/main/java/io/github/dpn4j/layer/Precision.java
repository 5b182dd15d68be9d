package io.github.dpn4j.layer;

/**
 * Structure of the precision matrices {@code Sigma_i^-1 = A_iᵀ A_i} of the potential's components, and what each
 * costs. Every per-precision fact lives on these constants; the math lives in one kernel class per constant.
 */
public enum Precision {
    /**
     * Each component has a full factor {@code A_i} of shape {@code [d, d]}: parameter {@code A} is {@code [k, d, d]}.
     * A step is one GEMM {@code [B, d] x [d, k·d]} with the precisions {@code P_i = A_iᵀA_i} formed once per
     * forward pass ({@code 2·k·d³} FLOPs): {@code 2·B·k·d²} FLOPs per step.
     */
    FULL {
        @Override
        public long[] factorShape(long components, long width) {
            return new long[]{components, width, width};
        }

        @Override
        public double flopsPerStep(long batch, long components, long width) {
            return 2.0 * batch * components * width * width;
        }

        @Override
        public double flopsPerForward(long components, long width) {
            return 2.0 * components * width * width * width;
        }

        @Override
        public double flopsPerBackward(long batch, long components, long width, long steps) {
            // U [P_1 … P_k], the [d, n·B] x [n·B, k·d] and [d, B] x [B, k·d] GEMMs, dA_i = A_i S_i
            return 2.0 * components * width * width * batch * (steps + 2) + 2.0 * components * width * width * width;
        }
    },
    /**
     * Each component has a diagonal factor {@code A_i = diag(a_i)}: parameter {@code A} is {@code [k, d]}.
     * A step is two thin GEMMs, {@code [B, 2d] x [2d, k]} and {@code [B, k] x [k, 2d]}: {@code 8·B·k·d} FLOPs.
     */
    DIAGONAL {
        @Override
        public long[] factorShape(long components, long width) {
            return new long[]{components, width};
        }

        @Override
        public double flopsPerStep(long batch, long components, long width) {
            return 8.0 * batch * components * width;
        }

        @Override
        public double flopsPerForward(long components, long width) {
            return 0;
        }

        @Override
        public double flopsPerBackward(long batch, long components, long width, long steps) {
            // dr = [x ⊙ u, u] [-Pᵀ; Pmᵀ], then dqᵀ [x², x] and rᵀ [x ⊙ u, u], each over all n·B rows
            return 12.0 * steps * batch * components * width;
        }
    };

    /** Shape of the factor parameter {@code A} for {@code k} components of width {@code d}. */
    public abstract long[] factorShape(long components, long width);

    /**
     * FLOPs of the GEMMs of one forward ascent step for a minibatch of {@code B} rows (a multiply-add counts 2):
     * the minimal count of the layer's kernel, the elementwise {@code O(B·k·d)} work not included.
     */
    public abstract double flopsPerStep(long batch, long components, long width);

    /** FLOPs formed once per forward pass, before the steps (FULL: the precisions {@code A_iᵀA_i}). */
    public abstract double flopsPerForward(long components, long width);

    /** FLOPs of the GEMMs of the DETACHED backward over {@code n} steps (after a forward that recorded its tape). */
    public abstract double flopsPerBackward(long batch, long components, long width, long steps);
}
