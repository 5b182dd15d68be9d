package io.github.dpn4j.layer;

/**
 * How backpropagation treats the {@code n} unrolled ascent steps. Forward values are the same in every mode (up to
 * float rounding: a FULL-mode training forward runs SameDiff's ops, every other forward the layer's kernel).
 */
public enum GradientMode {
    /**
     * Stop-gradient between steps: {@code x_{t+1} = x_t + alpha * grad phi(stopgrad(x_t))}. The parameters receive
     * gradient from every step; the input gradient flows back along the identity path. A deliberate surrogate: it is
     * the true derivative only for {@code n = 1} with a constant input. The backward is derived by hand in the layer's
     * kernel and reuses what the training forward recorded; it costs about one more forward.
     */
    DETACHED,
    /**
     * Exact backpropagation through the whole unrolled chain (Hessian-vector products at every step): SameDiff's
     * autodiff of the unrolled graph, whose forward also supplies the training loss. Memory grows with {@code n};
     * several times slower than DETACHED.
     */
    FULL
}
