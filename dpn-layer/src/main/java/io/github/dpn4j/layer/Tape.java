package io.github.dpn4j.layer;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a training forward keeps for the {@link GradientMode#DETACHED} backward, on the JVM heap: the kernel it ran
 * (its factors, reused by the backward rather than rebuilt), the centred point and the responsibilities before every
 * step taken, and {@code Σ_t grad phi(x_t)} ({@code [B·d]}). Under stop-gradient nothing else of the forward is needed,
 * so the backward never reruns the ascent. Used once, and only for the same input array.
 */
final class Tape {

    final Kernel kernel;
    final int batch;
    /** Steps recorded; at most the capacity {@code n}. */
    int steps;
    /** {@code [n][B·d]}: the centred point before each step. */
    final double[][] points;
    /** {@code [n][B·k]}: the responsibilities there. */
    final double[][] responsibilities;
    /** {@code Σ_t grad phi(x_t)}, {@code [B·d]}. */
    final double[] gradientSum;
    private final INDArray input;

    Tape(Kernel kernel, INDArray input, int n) {
        this.kernel = kernel;
        this.input = input;
        this.batch = (int) input.size(0);
        this.points = new double[n][];
        this.responsibilities = new double[n][];
        this.gradientSum = new double[batch * kernel.d];
    }

    void record(int t, double[] point, double[] r, double[] g) {
        points[t] = point.clone();
        responsibilities[t] = r.clone();
        for (int j = 0; j < g.length; j++) {
            gradientSum[j] += g[j];
        }
        steps = t + 1;
    }

    /** Whether this tape was recorded from {@code x} (the same array) and its kernel's arrays are still readable. */
    boolean recordedFrom(INDArray x) {
        return x == input && kernel.valid();
    }
}
