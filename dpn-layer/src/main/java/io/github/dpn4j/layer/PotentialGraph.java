package io.github.dpn4j.layer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * The DPN math as SameDiff ops: energies, potential, its closed-form gradient and the ascent step, for
 * {@link Precision#FULL} and {@link Precision#DIAGONAL}. This is what SameDiff's autodiff differentiates: the layer's
 * {@link GradientMode#FULL} training ({@link DenoisingPotential#defineLayer}) and the oracle the tests check the
 * layer's {@link Kernel} against. Every other pass (inference, DETACHED training, {@link Potential}) runs the kernel.
 *
 * <pre>
 *   e_i(x)   = c_i - 1/2 ||A_i (x - mu_i)||²          energies          [B, k]
 *   phi(x)   = logsumexp_i e_i(x)                     potential         [B]
 *   grad phi = - sum_i r_i A_iᵀ A_i (x - mu_i)         r = softmax_i(e)  [B, d]
 *   step     = x + alpha * grad phi(x)
 * </pre>
 *
 * FULL uses the stacked two-GEMM form: {@code S = A} viewed as {@code [k·d, d]}, {@code b_i = A_i mu_i},
 * {@code Z = x Sᵀ - b} and {@code grad = -(r ⊙ Z) S}; no {@code [B, k, d, d]} tensor is ever formed.
 * DIAGONAL expands {@code ||a_i ⊙ (x - mu_i)||² = x²·P_iᵀ - 2 x·(P_i ⊙ mu_i)ᵀ + Σ P_i mu_i²} with
 * {@code P = a²}, again as GEMMs over {@code [B, d] x [d, k]}. Written for clarity, not speed: it is not centred on a
 * common origin as the kernel is, so in float32 far from the origin it loses digits the kernel keeps.
 * <p>
 * The gradient is written in closed form because SameDiff 1.0.0-M2.1 cannot differentiate a gradient again (no double
 * backprop); tests check it against SameDiff's autodiff of {@link #potential}. Log-sum-exp and softmax subtract the
 * (stop-gradient) row maximum, so inputs far from every center give finite values.
 */
final class PotentialGraph {

    private final SameDiff sd;
    private final Precision precision;
    private final long k;
    private final long d;
    private final SDVariable c;      // [1, k]
    private final SDVariable alpha;  // [1, 1]
    // FULL: S [k·d, d] and b [1, k·d]. DIAGONAL: P = a² [k, d], Pm = P ⊙ mu [k, d], kappa = Σ_d P mu² [1, k].
    private final SDVariable S;
    private final SDVariable b;
    private final SDVariable P;
    private final SDVariable Pm;
    private final SDVariable kappa;

    private PotentialGraph(SameDiff sd, Precision precision, long k, long d, SDVariable mu, SDVariable A,
                           SDVariable c, SDVariable alpha) {
        this.sd = sd;
        this.precision = precision;
        this.k = k;
        this.d = d;
        this.c = c;
        this.alpha = alpha;
        switch (precision) {
            case FULL:
                this.S = A.reshape(k * d, d);
                // b_i = A_i mu_i: rows of A_i dotted with mu_i
                this.b = sum(A.mul(mu.reshape(k, 1, d)), 2, d).reshape(1, k * d);
                this.P = null;
                this.Pm = null;
                this.kappa = null;
                break;
            case DIAGONAL:
                this.S = null;
                this.b = null;
                this.P = A.mul(A);
                this.Pm = P.mul(mu);
                this.kappa = sum(Pm.mul(mu), 1, d).reshape(1, k);
                break;
            default:
                throw new IllegalArgumentException("Unknown precision " + precision);
        }
    }

    /**
     * Defines the derived parameters ({@code S, b} or {@code P, Pm, kappa}) in {@code sd}.
     *
     * @param mu    centers {@code [k, d]}
     * @param A     precision factors {@code [k, d, d]} (FULL) or {@code [k, d]} (DIAGONAL); the precision is {@code AᵀA}
     * @param c     log mixture weights {@code [1, k]}
     * @param alpha step size {@code [1, 1]}
     */
    static PotentialGraph define(SameDiff sd, Precision precision, long k, long d, SDVariable mu, SDVariable A,
                                 SDVariable c, SDVariable alpha) {
        return new PotentialGraph(sd, precision, k, d, mu, A, c, alpha);
    }

    /** Energies {@code e = c - 1/2 ||A_i (x - mu_i)||²}, {@code x [B, d]} to {@code [B, k]}. */
    SDVariable energies(SDVariable x) {
        switch (precision) {
            case FULL:
                return energiesFromProjection(projection(x));
            case DIAGONAL:
                SDVariable q = product(x.mul(x), P, true)
                        .sub(product(x, Pm, true).mul(2.0))
                        .add(kappa);
                return c.sub(q.mul(0.5));
            default:
                throw new IllegalStateException("Unknown precision " + precision);
        }
    }

    /** Potential {@code phi = logsumexp_i e_i}, {@code x [B, d]} to {@code [B]}. */
    SDVariable potential(SDVariable x) {
        return logSumExp(energies(x)).reshape(-1);
    }

    /** Closed-form {@code grad phi}, {@code x [B, d]} to {@code [B, d]}. */
    SDVariable gradient(SDVariable x) {
        switch (precision) {
            case FULL: {
                SDVariable Z = projection(x);
                SDVariable r = responsibilities(energiesFromProjection(Z));
                SDVariable weighted = Z.reshape(-1, k, d).mul(r.reshape(-1, k, 1)).reshape(-1, k * d);
                return product(weighted, S, false).neg();
            }
            case DIAGONAL: {
                SDVariable r = responsibilities(energies(x));
                // -Σ_i r_i P_i (x - mu_i) = r·Pm - x ⊙ (r·P)
                return product(r, Pm, false).sub(x.mul(product(r, P, false)));
            }
            default:
                throw new IllegalStateException("Unknown precision " + precision);
        }
    }

    /**
     * One ascent step {@code x + alpha * grad phi(x)}; in {@link GradientMode#DETACHED} the gradient is evaluated at
     * {@code stopgrad(x)}, so backprop sees the identity path plus the parameters' direct contribution.
     */
    SDVariable step(SDVariable x, GradientMode mode) {
        SDVariable at = mode == GradientMode.DETACHED ? stopGradient(x) : x;
        return x.add(gradient(at).mul(alpha));
    }

    /** {@code n} unrolled ascent steps from {@code x [B, d]}; {@code n = 0} returns {@code x}. */
    SDVariable ascend(SDVariable x, int n, GradientMode mode) {
        SDVariable point = x;
        for (int t = 0; t < n; t++) {
            point = step(point, mode);
        }
        return point;
    }

    /** FULL only: {@code Z = x Sᵀ - b}, row {@code i·d + j} of a point is {@code (A_i (x - mu_i))_j}; {@code [B, k·d]}. */
    private SDVariable projection(SDVariable x) {
        return product(x, S, true).sub(b);
    }

    private SDVariable energiesFromProjection(SDVariable Z) {
        SDVariable Z3 = Z.reshape(-1, k, d);
        return c.sub(sum(Z3.mul(Z3), 2, d).reshape(-1, k).mul(0.5));
    }

    /** {@code log Σ_i exp(e_i)} per row with the (stop-gradient) row maximum subtracted: {@code [B, k]} to {@code [B, 1]}. */
    private SDVariable logSumExp(SDVariable e) {
        if (k == 1) {
            return e;
        }
        SDVariable m = stopGradient(e.max(true, 1));
        return m.add(sd.math.log(sd.math.exp(e.sub(m)).sum(true, 1)));
    }

    /**
     * Responsibilities {@code r = softmax_i(e)} from energies {@code [B, k]}, as {@code exp(e - logsumexp(e))}. Not ND4J's softmax (NaN for far float64 inputs) and not
     * {@code exp(..) / sum(..)}: M2.1's backward of a {@code [1, k] / [1, 1]} division is wrong, which broke every
     * gradient at minibatch size 1.
     */
    SDVariable responsibilities(SDVariable e) {
        return sd.math.exp(e.sub(logSumExp(e)));
    }

    /**
     * {@code a b} or {@code a bᵀ}. With {@code k = d = 1} every factor is {@code [1, 1]} (and at minibatch 1 so is the
     * input), and M2.1's backward of a {@code [1, 1] x [1, 1]} product fails ({@code matmul_bp}: "NDArray::mulRowVector:
     * wrong arguments"), so that case is a broadcast multiply.
     */
    private SDVariable product(SDVariable a, SDVariable b, boolean transposeB) {
        return k == 1 && d == 1 ? a.mul(b.reshape(1, 1)) : sd.mmul(a, b, false, transposeB, false);
    }

    /**
     * {@code v} summed over {@code dimension}, whose size is {@code size}. M2.1's SameDiff fails on a reduction over a
     * dimension of size 1 (a null array in {@code BaseReduceOp.noOp}), so {@code d = 1} and {@code k = 1} use a
     * reshape instead; the caller reshapes the result either way.
     */
    private static SDVariable sum(SDVariable v, int dimension, long size) {
        return size == 1 ? v : v.sum(dimension);
    }

    private SDVariable stopGradient(SDVariable v) {
        return new StopGradient(sd, v).outputVariable();
    }
}
