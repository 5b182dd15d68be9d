package io.github.dpn4j.layer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Map;

/**
 * The {@code n}-step ascent in plain ND4J ops, with the {@link GradientMode#DETACHED} backward derived by hand: the
 * fast path the layer runs. {@link PotentialGraph} (SameDiff) stays the definition; tests check this class against it
 * for values and for every gradient.
 * <p>
 * Under stop-gradient between steps, {@code dL/dx_t = dL/dx_{t+1} = eps} for every {@code t}, so each step contributes
 * the vector-Jacobian product of {@code g(x_t) = grad phi(x_t)} with the same {@code u = alpha·eps} to the parameter
 * gradients, and {@code sum(eps ⊙ g(x_t))} to the step size's. FULL works on {@code [B·k, d]} views of
 * {@code Z = x Sᵀ - b} so that per-component sums are row sums; every product with {@code S} is one GEMM.
 * DIAGONAL uses the same GEMM expansion as {@link PotentialGraph}.
 * <p>
 * Arrays are allocated in whatever workspace the caller has open; nothing is kept between calls.
 */
final class DirectAscent {

    private final Precision precision;
    private final long k;
    private final long d;
    private final INDArray mu;      // [k, d]
    private final INDArray A;       // [k, d, d] or [k, d]
    private final INDArray c;       // [1, k]
    private final double alpha;
    // FULL: S [k·d, d], b [1, k·d]. DIAGONAL: P = a², Pm = P ⊙ mu, kappa = Σ_d P mu² [1, k].
    private final INDArray S;
    private final INDArray b;
    private final INDArray P;
    private final INDArray Pm;
    private final INDArray kappa;

    DirectAscent(DenoisingPotential config, Map<String, INDArray> params) {
        this.precision = config.getPrecision();
        this.k = config.getComponents();
        this.d = config.getNIn();
        this.mu = params.get(DenoisingPotential.MU);
        this.A = params.get(DenoisingPotential.A);
        this.c = params.get(DenoisingPotential.C);
        this.alpha = params.get(DenoisingPotential.ALPHA).getDouble(0);
        if (precision == Precision.FULL) {
            this.S = A.reshape(k * d, d);
            // b_i = A_i mu_i
            this.b = A.mul(mu.reshape(k, 1, d)).sum(2).reshape(1, k * d);
            this.P = null;
            this.Pm = null;
            this.kappa = null;
        } else {
            this.S = null;
            this.b = null;
            this.P = A.mul(A);
            this.Pm = P.mul(mu);
            this.kappa = Pm.mul(mu).sum(1).reshape(1, k);
        }
    }

    /** The layer output {@code x_n} for {@code x [B, d]}; {@code x} is not modified. */
    INDArray forward(INDArray x, int n) {
        INDArray point = x.dup();
        for (int t = 0; t < n; t++) {
            point.addi(gradient(point, null).muli(alpha));
        }
        return point;
    }

    /**
     * DETACHED gradients of {@code L} given {@code eps = dL/dx_n [B, d]}: the parameter gradients are written into
     * {@code gradients} (arrays keyed like the parameters, overwritten); the input gradient is {@code eps} itself.
     */
    void backward(INDArray x, int n, INDArray eps, Map<String, INDArray> gradients) {
        INDArray u = eps.mul(alpha);
        double dAlpha = 0;
        INDArray dc = Nd4j.zeros(c.dataType(), 1, k);
        if (precision == Precision.FULL) {
            INDArray dS = Nd4j.zeros(S.dataType(), k * d, d);
            INDArray dZsum = Nd4j.zeros(S.dataType(), 1, k * d);
            INDArray point = x.dup();
            for (int t = 0; t < n; t++) {
                Step s = new Step();
                INDArray g = gradient(point, s);
                dAlpha += eps.mul(g).sumNumber().doubleValue();
                fullStepBackward(point, s, u, dS, dZsum, dc);
                point.addi(g.muli(alpha));
            }
            // Z = x Sᵀ - b with b_i = A_i mu_i: db = -Σ_B dZ, dA_i += db_i mu_iᵀ, dmu_i = A_iᵀ db_i
            INDArray db = dZsum.negi().reshape(k, d, 1);
            gradients.get(DenoisingPotential.A).assign(dS.reshape(k, d, d).addi(db.mul(mu.reshape(k, 1, d))));
            gradients.get(DenoisingPotential.MU).assign(A.mul(db).sum(1));
        } else {
            INDArray dP = Nd4j.zeros(P.dataType(), k, d);
            INDArray dPm = Nd4j.zeros(P.dataType(), k, d);
            INDArray dKappa = Nd4j.zeros(P.dataType(), 1, k);
            INDArray point = x.dup();
            for (int t = 0; t < n; t++) {
                Step s = new Step();
                INDArray g = gradient(point, s);
                dAlpha += eps.mul(g).sumNumber().doubleValue();
                diagonalStepBackward(point, s, u, dP, dPm, dKappa, dc);
                point.addi(g.muli(alpha));
            }
            // P = a², Pm = P ⊙ mu, kappa = Σ_d P ⊙ mu²
            INDArray dKappaColumn = dKappa.reshape(k, 1);
            INDArray dmu = dPm.mul(P).addi(P.mul(mu).muli(2.0).muliColumnVector(dKappaColumn));
            INDArray dPTotal = dP.addi(dPm.mul(mu)).addi(mu.mul(mu).muliColumnVector(dKappaColumn));
            gradients.get(DenoisingPotential.A).assign(dPTotal.muli(A).muli(2.0));
            gradients.get(DenoisingPotential.MU).assign(dmu);
        }
        gradients.get(DenoisingPotential.C).assign(dc);
        gradients.get(DenoisingPotential.ALPHA).assign(dAlpha);
    }

    /** What a step's backward needs from its forward. */
    private static final class Step {
        INDArray Z;   // FULL: [B·k, d]
        INDArray r;   // [B, k]
        INDArray W;   // FULL: r ⊙ Z as [B, k·d]
        INDArray xx;  // DIAGONAL: x ⊙ x
    }

    /** {@code grad phi(x)} {@code [B, d]}, a new array; fills {@code s} for the backward when given. */
    private INDArray gradient(INDArray x, Step s) {
        long batch = x.size(0);
        if (precision == Precision.FULL) {
            INDArray Z = Nd4j.gemm(x, S, false, true).subiRowVector(b).reshape(batch * k, d);
            INDArray e = Z.mul(Z).sum(1).reshape(batch, k).muli(-0.5).addiRowVector(c);
            INDArray r = softmax(e);
            INDArray W = (s == null ? Z : Z.dup()).muliColumnVector(r.reshape(batch * k, 1)).reshape(batch, k * d);
            if (s != null) {
                s.Z = Z;
                s.r = r;
                s.W = W;
            }
            return Nd4j.gemm(W, S, false, false).negi();
        }
        INDArray xx = x.mul(x);
        INDArray q = Nd4j.gemm(xx, P, false, true).subi(Nd4j.gemm(x, Pm, false, true).muli(2.0)).addiRowVector(kappa);
        INDArray r = softmax(q.muli(-0.5).addiRowVector(c));
        if (s != null) {
            s.r = r;
            s.xx = xx;
        }
        return r.mmul(Pm).subi(x.mul(r.mmul(P)));
    }

    /** Accumulates one FULL step's VJP with {@code u}: {@code dS}, {@code Σ_B dZ} and {@code dc}. */
    private void fullStepBackward(INDArray x, Step s, INDArray u, INDArray dS, INDArray dZsum, INDArray dc) {
        long batch = x.size(0);
        // g = -W S
        Nd4j.gemm(s.W, u, dS, true, false, -1.0, 1.0);
        INDArray dW = Nd4j.gemm(u, S, false, true).negi().reshape(batch * k, d);
        // W = r ⊙ Z
        INDArray dr = s.Z.mul(dW).sum(1).reshape(batch, k);
        INDArray de = softmaxBackward(s.r, dr);
        dc.addi(de.sum(true, 0));
        // e = c - 1/2 Σ_d Z²
        INDArray dZ = dW.muliColumnVector(s.r.reshape(batch * k, 1))
                .subi(s.Z.mulColumnVector(de.reshape(batch * k, 1))).reshape(batch, k * d);
        // Z = x Sᵀ - b
        Nd4j.gemm(dZ, x, dS, true, false, 1.0, 1.0);
        dZsum.addi(dZ.sum(true, 0));
    }

    /** Accumulates one DIAGONAL step's VJP with {@code u}: {@code dP}, {@code dPm}, {@code dKappa} and {@code dc}. */
    private void diagonalStepBackward(INDArray x, Step s, INDArray u, INDArray dP, INDArray dPm, INDArray dKappa,
                                      INDArray dc) {
        INDArray xu = x.mul(u);
        // g = r Pm - x ⊙ (r P)
        Nd4j.gemm(s.r, u, dPm, true, false, 1.0, 1.0);
        Nd4j.gemm(s.r, xu, dP, true, false, -1.0, 1.0);
        INDArray dr = Nd4j.gemm(u, Pm, false, true).subi(Nd4j.gemm(xu, P, false, true));
        INDArray dq = softmaxBackward(s.r, dr).muli(-0.5);
        dc.subi(dq.sum(true, 0).muli(2.0));
        // q = x² Pᵀ - 2 x Pmᵀ + kappa
        Nd4j.gemm(dq, s.xx, dP, true, false, 1.0, 1.0);
        Nd4j.gemm(dq, x, dPm, true, false, -2.0, 1.0);
        dKappa.addi(dq.sum(true, 0));
    }

    /** Row softmax with the row maximum subtracted (ND4J's softmax returns NaN for far float64 inputs). */
    private static INDArray softmax(INDArray e) {
        INDArray r = Transforms.exp(e.subiColumnVector(e.max(true, 1)), false);
        return r.diviColumnVector(r.sum(true, 1));
    }

    /** {@code de = r ⊙ (dr - Σ_k r ⊙ dr)}, the VJP of the row softmax. */
    private static INDArray softmaxBackward(INDArray r, INDArray dr) {
        return dr.subColumnVector(r.mul(dr).sum(true, 1)).muli(r);
    }
}
