package io.github.dpn4j.layer;

/**
 * How backpropagation treats the {@code n} unrolled ascent steps. Forward values are identical in every mode.
 */
public enum GradientMode {
    /**
     * Stop-gradient between steps: {@code x_{t+1} = x_t + alpha * grad phi(stopgrad(x_t))}. The parameters receive
     * gradient from every step; the input gradient flows back along the identity path. A deliberate surrogate: it is
     * the true derivative only for {@code n = 1} with a constant input. Backprop costs about one extra forward.
     */
    DETACHED,
    /**
     * Exact backpropagation through the whole unrolled chain (Hessian-vector products at every step). Memory grows
     * with {@code n}.
     */
    FULL
}
