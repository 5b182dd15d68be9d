package io.github.dpn4j.layer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The layer's math, the one place it lives: energies, responsibilities, {@code grad phi}, the {@code n}-step ascent
 * and its {@link GradientMode#DETACHED} backward, for one layer's parameters. One subclass per {@link Precision},
 * chosen once by {@link #of}; the layer's forward and backward, {@link Potential} (so the analysis shows exactly what
 * the layer does) and the benchmarks' FLOP model all use it. {@link PotentialGraph} is the same math as SameDiff ops:
 * what autodiff differentiates in {@link GradientMode#FULL} and the oracle the tests check this class against.
 *
 * <pre>
 *   e_i(x) = c_i - 1/2 (x - mu_i)ᵀ P_i (x - mu_i),  P_i = A_iᵀ A_i     energies   [B, k]
 *   r = softmax_i(e),  grad phi = -Σ_i r_i P_i (x - mu_i)              [B, k], [B, d]
 *   x_{t+1} = x_t + alpha · grad phi(x_t)
 * </pre>
 *
 * <b>Points are centred on the mean of the centers</b> ({@code origin}) before any product is formed and shifted back
 * at the end: the ascent is translation-equivariant, so the result is the same, and features far from the origin
 * relative to their spread (common for CNN and dense features) do not lose their float32 digits to cancellation.
 * Everything of size {@code [B, k]} or {@code [B, d]} (softmax, the update, the step lengths) runs in one JVM pass per
 * step, in float64; only the products run natively ({@link Gemm}: OpenBLAS directly on ND4J's CPU backend), in the
 * parameters' floating type (float32 for float16/bfloat16). No other native op runs per step: on two threads each
 * one costs a hand-off to ND4J's threads that outweighed its work at the layer's sizes.
 * Native arrays are allocated in whatever workspace is open when they are created: the factors when the kernel is
 * built, a step's buffers when an ascent starts. Not thread-safe.
 */
abstract class Kernel {

    /** Components {@code k}. */
    final int k;
    /** Feature width {@code d}. */
    final int d;
    /** The floating type of the native products: float64 for float64 parameters, float32 otherwise. */
    final DataType dataType;
    /** Log weights {@code c [k]}. */
    final double[] c;
    /** Step size {@code alpha}. */
    final double alpha;
    /** The common origin points are centred on, the mean of the centers: {@code [d]}. */
    final double[] origin;
    /** Centers relative to {@link #origin}: {@code [k·d]}, row-major. */
    final double[] mu;
    /** The factors {@code A} as given ({@code [k, d, d]} or {@code [k, d]}), in {@link #dataType}. */
    final INDArray factors;

    Kernel(Map<String, INDArray> params) {
        INDArray centers = params.get(DenoisingPotential.MU);
        this.k = (int) centers.size(0);
        this.d = (int) centers.size(1);
        this.dataType = centers.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        this.c = HostView.values(params.get(DenoisingPotential.C));
        this.alpha = params.get(DenoisingPotential.ALPHA).getDouble(0);
        INDArray a = params.get(DenoisingPotential.A);
        this.factors = a.dataType() == dataType ? a : a.castTo(dataType);
        this.mu = HostView.values(centers);
        this.origin = new double[d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                origin[j] += mu[i * d + j] / k;
            }
        }
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                mu[i * d + j] -= origin[j];
            }
        }
    }

    /**
     * The kernel of {@code precision} for parameters {@code mu, A, c, alpha} (keys of {@link DenoisingPotential});
     * the parameter arrays are read, not copied, and must not change while the kernel is in use.
     */
    static Kernel of(Precision precision, Map<String, INDArray> params) {
        return switch (precision) {
            case FULL -> new FullKernel(params);
            case DIAGONAL -> new DiagonalKernel(params);
        };
    }

    /** One step's evaluation at a minibatch of centred points, with its own buffers. */
    interface Evaluator {
        /**
         * At centred points {@code x [B·d]}: energies {@code e [B·k]}, responsibilities {@code r [B·k]} and
         * {@code grad phi} {@code g [B·d]}, all row-major, overwritten.
         */
        void evaluate(double[] x, double[] e, double[] r, double[] g);
    }

    /** Buffers for minibatches of {@code batch} rows, allocated in the workspace open now (if any). */
    abstract Evaluator evaluator(int batch);

    /**
     * The DETACHED parameter gradients of {@code L}, given {@code eps = dL/dx_n [B·d]} and the tape of the ascent
     * that produced {@code x_n}; written into {@code gradients} (arrays keyed like the parameters, overwritten).
     */
    abstract void backward(Tape tape, double[] eps, Map<String, INDArray> gradients);

    /** The precision matrices {@code P_i = A_iᵀ A_i}, {@code [k, d, d]} (diagonal for DIAGONAL), a new array. */
    abstract INDArray precisions();

    /** Whether the native arrays built with this kernel are still readable (a closed workspace recycles them). */
    abstract boolean valid();

    /** Receives every point the ascent evaluates, before its step, with the energies there. */
    interface Visitor {
        /** Point {@code t} (centred, {@code [B·d]}) and its energies {@code [B·k]}; do not keep the arrays. */
        void visit(int t, double[] point, double[] energies);
    }

    /** What one ascent did: its end point (centred, {@code [B·d]}) and the number of steps it took. */
    record Ascent(double[] point, int batch, int steps) {
    }

    /**
     * Up to {@code n} steps from {@code x [B, d]}, stopping after the first step in which every row moved less than
     * {@code tolerance} (Euclidean length of {@code alpha · grad phi}; 0 never stops early). Records into
     * {@code tape} and reports to {@code visitor} when they are not null; {@code x} is not modified.
     */
    Ascent ascend(INDArray x, int n, double tolerance, Tape tape, Visitor visitor) {
        int batch = (int) x.size(0);
        double[] point = centred(x);
        Evaluator evaluator = evaluator(batch);
        double[] e = new double[batch * k];
        double[] r = new double[batch * k];
        double[] g = new double[batch * d];
        int t = 0;
        while (t < n) {
            evaluator.evaluate(point, e, r, g);
            if (visitor != null) {
                visitor.visit(t, point, e);
            }
            if (tape != null) {
                tape.record(t, point, r, g);
            }
            t++;
            boolean converged = tolerance > 0 && longestStep(g) < tolerance;
            step(point, g);
            if (converged) {
                break;
            }
        }
        return new Ascent(point, batch, t);
    }

    /** {@code point += alpha · g}: a loop the JIT vectorises (the step lengths, a reduction, are only formed when asked). */
    private void step(double[] point, double[] g) {
        for (int j = 0; j < point.length; j++) {
            point[j] += alpha * g[j];
        }
    }

    /** The longest row of {@code alpha · g [B·d]}, in Euclidean length. */
    private double longestStep(double[] g) {
        double longest = 0;
        for (int o = 0; o < g.length; o += d) {
            double squared = 0;
            for (int j = o; j < o + d; j++) {
                squared += g[j] * g[j];
            }
            longest = Math.max(longest, squared);
        }
        return Math.abs(alpha) * Math.sqrt(longest);
    }

    /** Energies, responsibilities and {@code grad phi} at {@code x [B, d]} (not centred), each row-major. */
    Evaluation evaluate(INDArray x) {
        int batch = (int) x.size(0);
        Evaluation out = new Evaluation(batch, new double[batch * k], new double[batch * k], new double[batch * d]);
        evaluator(batch).evaluate(centred(x), out.energies, out.responsibilities, out.gradient);
        return out;
    }

    /** The result of {@link #evaluate}: {@code [B·k]}, {@code [B·k]} and {@code [B·d]}, row-major. */
    record Evaluation(int batch, double[] energies, double[] responsibilities, double[] gradient) {
    }

    /** {@code x [B, d]} relative to {@link #origin}, row-major. */
    double[] centred(INDArray x) {
        double[] out = HostView.values(x);
        for (int o = 0; o < out.length; o += d) {
            for (int j = 0; j < d; j++) {
                out[o + j] -= origin[j];
            }
        }
        return out;
    }

    /** A centred point {@code [B·d]} back in the caller's coordinates (a new array). */
    double[] uncentred(double[] point) {
        double[] out = point.clone();
        for (int o = 0; o < out.length; o += d) {
            for (int j = 0; j < d; j++) {
                out[o + j] += origin[j];
            }
        }
        return out;
    }

    /** {@code r[o..o+k) = softmax(e[o..o+k))} with the row maximum subtracted. */
    static void softmax(double[] e, int o, int k, double[] r) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = o; i < o + k; i++) {
            max = Math.max(max, e[i]);
        }
        double sum = 0;
        for (int i = o; i < o + k; i++) {
            r[i] = Math.exp(e[i] - max);
            sum += r[i];
        }
        for (int i = o; i < o + k; i++) {
            r[i] /= sum;
        }
    }

    /** {@code log Σ_i exp(e[o + i])} over {@code k} entries, with the maximum subtracted. */
    static double logSumExp(double[] e, int o, int k) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = o; i < o + k; i++) {
            max = Math.max(max, e[i]);
        }
        double sum = 0;
        for (int i = o; i < o + k; i++) {
            sum += Math.exp(e[i] - max);
        }
        return max + Math.log(sum);
    }

    /** {@code de = r ⊙ (dr - Σ r ⊙ dr)} over one row of {@code k}: the VJP of the softmax; {@code dr} becomes {@code de}. */
    static void softmaxBackward(double[] r, int o, int k, double[] dr) {
        double dot = 0;
        for (int i = 0; i < k; i++) {
            dot += r[o + i] * dr[i];
        }
        for (int i = 0; i < k; i++) {
            dr[i] = r[o + i] * (dr[i] - dot);
        }
    }

    /**
     * Whether {@code array} is still readable: detached, or attached to a workspace whose scope is open in the
     * generation it was allocated in.
     */
    static boolean readable(INDArray array) {
        if (!array.isAttached()) {
            return true;
        }
        MemoryWorkspace workspace = array.data().getParentWorkspace();
        return workspace.isScopeActive() && workspace.getGenerationId() == array.data().getGenerationId();
    }

    /** {@code Σ_b eps_b · gradientSum_b}: the step size's DETACHED gradient. */
    static double stepSizeGradient(Tape tape, double[] eps) {
        double sum = 0;
        for (int j = 0; j < eps.length; j++) {
            sum += eps[j] * tape.gradientSum[j];
        }
        return sum;
    }
}
