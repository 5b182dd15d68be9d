package io.github.dpn4j.layer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * The {@code n}-step ascent in plain ND4J ops, with the {@link GradientMode#DETACHED} backward derived by hand: the
 * fast path the layer runs. {@link PotentialGraph} (SameDiff) stays the definition; tests check this class against it
 * for values and for every gradient.
 * <p>
 * Under stop-gradient between steps, {@code dL/dx_t = dL/dx_{t+1} = eps} for every {@code t}, so every step
 * contributes the vector-Jacobian product of {@code g(x_t) = grad phi(x_t)} with the same {@code u = alpha·eps}, and
 * {@code sum(eps ⊙ g(x_t))} to the step size's gradient. The backward therefore runs forward, step by step, with no
 * second pass and nothing stored across steps.
 * <p>
 * FULL: the points carry a constant 1 column, {@code x⁺ = [x, 1]}, and {@code G = [Sᵀ; -b]} ({@code [d+1, k·d]}), so
 * {@code Z = x Sᵀ - b = x⁺ G} is one GEMM; per-component sums are row sums of the {@code [B·k, d]} view of {@code Z}.
 * The {@code [B, k]} arithmetic (energies, softmax) runs on the JVM, where it costs microseconds instead of one ND4J
 * op each. DIAGONAL uses the GEMM expansion of {@link PotentialGraph}. Buffers are allocated once per call in
 * whatever workspace the caller has open; nothing is kept between calls.
 */
final class DirectAscent {

    private final Precision precision;
    private final int k;
    private final int d;
    private final INDArray mu;      // [k, d]
    private final INDArray A;       // [k, d, d] or [k, d]
    private final double[] c;       // [k]
    private final double alpha;
    private final DataType dataType;
    // FULL: S [k·d, d], G = [Sᵀ; -b] [d+1, k·d]. DIAGONAL: P = a², Pm = P ⊙ mu, kappa = Σ_d P mu² [1, k].
    private final INDArray S;
    private final INDArray G;
    private final INDArray P;
    private final INDArray Pm;
    private final INDArray kappa;

    DirectAscent(DenoisingPotential config, Map<String, INDArray> params) {
        this.precision = config.getPrecision();
        this.k = config.getComponents();
        this.d = (int) config.getNIn();
        this.mu = params.get(DenoisingPotential.MU);
        this.A = params.get(DenoisingPotential.A);
        this.c = params.get(DenoisingPotential.C).toDoubleVector();
        this.alpha = params.get(DenoisingPotential.ALPHA).getDouble(0);
        this.dataType = mu.dataType();
        if (precision == Precision.FULL) {
            long kd = (long) k * d;
            this.S = A.reshape(kd, d);
            this.G = Nd4j.create(dataType, d + 1, kd);
            G.get(NDArrayIndex.interval(0, d), NDArrayIndex.all()).assign(S.transpose());
            // b_i = A_i mu_i
            G.getRow(d).assign(A.mul(mu.reshape(k, 1, d)).sum(2).reshape(kd).negi());
            this.P = null;
            this.Pm = null;
            this.kappa = null;
        } else {
            this.S = null;
            this.G = null;
            this.P = A.mul(A);
            this.Pm = P.mul(mu);
            this.kappa = Pm.mul(mu).sum(1).reshape(1, k);
        }
    }

    /** The layer output {@code x_n} for {@code x [B, d]}; {@code x} is not modified. */
    INDArray forward(INDArray x, int n) {
        if (precision == Precision.FULL) {
            FullSteps steps = new FullSteps(x);
            for (int t = 0; t < n; t++) {
                steps.advance(false);
            }
            return steps.point.dup();
        }
        INDArray point = x.dup();
        for (int t = 0; t < n; t++) {
            point.addi(diagonalGradient(point, null).muli(alpha));
        }
        return point;
    }

    /**
     * DETACHED gradients of {@code L} given {@code eps = dL/dx_n [B, d]}: the parameter gradients are written into
     * {@code gradients} (arrays keyed like the parameters, overwritten); the input gradient is {@code eps} itself.
     */
    void backward(INDArray x, int n, INDArray eps, Map<String, INDArray> gradients) {
        if (precision == Precision.FULL) {
            fullBackward(x, n, eps, gradients);
        } else {
            diagonalBackward(x, n, eps, gradients);
        }
    }

    // ------------------------------------------------------------------------------------------------ FULL

    /** The FULL ascent's state and buffers; {@link #advance} takes one step and keeps what the backward needs. */
    private final class FullSteps {
        final int batch;
        final INDArray augmented;    // [B, d+1]: the point and a constant 1 column
        final INDArray point;        // [B, d] view of augmented
        final INDArray Z;            // [B, k·d]
        final INDArray Z2;           // [B·k, d] view of Z
        final INDArray W;            // [B, k·d], r ⊙ Z
        final INDArray W2;           // [B·k, d] view of W
        final INDArray g;            // [B, d]
        final INDArray r;            // [B·k, 1]
        double[] responsibilities;   // [B·k]

        FullSteps(INDArray x) {
            batch = (int) x.size(0);
            augmented = Nd4j.create(dataType, batch, d + 1);
            point = augmented.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d));
            point.assign(x);
            augmented.getColumn(d).assign(1.0);
            Z = Nd4j.create(dataType, batch, (long) k * d);
            Z2 = Z.reshape((long) batch * k, d);
            W = Nd4j.create(dataType, batch, (long) k * d);
            W2 = W.reshape((long) batch * k, d);
            g = Nd4j.create(dataType, batch, d);
            r = Nd4j.create(dataType, (long) batch * k, 1);
        }

        /** {@code g = grad phi(point)}, then, unless {@code keepPoint}, {@code point += alpha·g}. */
        void advance(boolean keepPoint) {
            // Z = x Sᵀ - b
            Nd4j.gemm(augmented, G, Z, false, false, 1.0, 0.0);
            // e_i = c_i - 1/2 ||Z_i||², r = softmax(e), on the JVM
            double[] norms = Z2.norm2(1).toDoubleVector();
            double[] e = new double[norms.length];
            for (int j = 0; j < e.length; j++) {
                e[j] = c[j % k] - 0.5 * norms[j] * norms[j];
            }
            responsibilities = softmaxRows(e, batch, k);
            r.assign(Nd4j.createFromArray(responsibilities).reshape((long) batch * k, 1));
            // g = -(r ⊙ Z) S
            W2.assign(Z2).muliColumnVector(r);
            Nd4j.gemm(W, S, g, false, false, -1.0, 0.0);
            if (!keepPoint) {
                point.addi(g.mul(alpha));
            }
        }
    }

    private void fullBackward(INDArray x, int n, INDArray eps, Map<String, INDArray> gradients) {
        FullSteps steps = new FullSteps(x);
        int batch = steps.batch;
        INDArray u = eps.mul(alpha);
        // u is the same at every step, so is dL/dW = -u Sᵀ
        INDArray dW = Nd4j.create(dataType, batch, (long) k * d);
        Nd4j.gemm(u, G.get(NDArrayIndex.interval(0, d), NDArrayIndex.all()), dW, false, false, -1.0, 0.0);
        INDArray dW2 = dW.reshape((long) batch * k, d);
        INDArray sumW = Nd4j.zeros(dataType, batch, (long) k * d);
        INDArray dZ = Nd4j.create(dataType, batch, (long) k * d);
        INDArray dZ2 = dZ.reshape((long) batch * k, d);
        INDArray product = Nd4j.create(dataType, (long) batch * k, d);
        INDArray dG = Nd4j.zeros(dataType, d + 1, (long) k * d);
        double[] dc = new double[k];
        double dAlpha = 0;
        for (int t = 0; t < n; t++) {
            steps.advance(true);
            dAlpha += eps.mul(steps.g).sumNumber().doubleValue();
            sumW.addi(steps.W);
            // W = r ⊙ Z: dr = Σ_d Z ⊙ dW
            double[] dr = product.assign(steps.Z2).muli(dW2).sum(1).toDoubleVector();
            double[] de = softmaxBackward(steps.responsibilities, dr, batch, k);
            for (int j = 0; j < de.length; j++) {
                dc[j % k] += de[j];
            }
            // e = c - 1/2 Σ_d Z²: dZ = r ⊙ dW - de ⊙ Z
            INDArray deColumn = Nd4j.createFromArray(de).reshape((long) batch * k, 1).castTo(dataType);
            dZ2.assign(dW2).muliColumnVector(steps.r).subi(product.assign(steps.Z2).muliColumnVector(deColumn));
            // Z = x⁺ G: dG += x⁺ᵀ dZ
            Nd4j.gemm(steps.augmented, dZ, dG, true, false, 1.0, 1.0);
            steps.point.addi(steps.g.muli(alpha));
        }
        // g = -W S: dS -= Σ_t W_tᵀ u, i.e. dG[0..d) -= uᵀ Σ_t W_t
        Nd4j.gemm(u, sumW, dG.get(NDArrayIndex.interval(0, d), NDArrayIndex.all()), true, false, -1.0, 1.0);
        // G = [Sᵀ; -b] with b_i = A_i mu_i: dA_i = dS_i - db_i mu_iᵀ, dmu_i = -A_iᵀ db_i, where -db = dG[d]
        INDArray dS = dG.get(NDArrayIndex.interval(0, d), NDArrayIndex.all()).transpose().reshape(k, d, d);
        INDArray minusDb = dG.getRow(d).reshape(k, d, 1);
        gradients.get(DenoisingPotential.A).assign(dS.subi(minusDb.mul(mu.reshape(k, 1, d))));
        gradients.get(DenoisingPotential.MU).assign(A.mul(minusDb).sum(1).negi());
        gradients.get(DenoisingPotential.C).assign(Nd4j.createFromArray(dc).reshape(1, k));
        gradients.get(DenoisingPotential.ALPHA).assign(dAlpha);
    }

    // ------------------------------------------------------------------------------------------------ DIAGONAL

    /** What a DIAGONAL step's backward needs from its forward. */
    private static final class DiagonalStep {
        INDArray r;   // [B, k]
        INDArray xx;  // x ⊙ x
    }

    /** {@code grad phi(x)} {@code [B, d]}, a new array; fills {@code s} for the backward when given. */
    private INDArray diagonalGradient(INDArray x, DiagonalStep s) {
        int batch = (int) x.size(0);
        INDArray xx = x.mul(x);
        // q = ||a_i ⊙ (x - mu_i)||² = x² Pᵀ - 2 x Pmᵀ + kappa
        double[] q = Nd4j.gemm(xx, P, false, true).subi(Nd4j.gemm(x, Pm, false, true).muli(2.0)).addiRowVector(kappa)
                .reshape((long) batch * k).toDoubleVector();
        double[] e = new double[q.length];
        for (int j = 0; j < e.length; j++) {
            e[j] = c[j % k] - 0.5 * q[j];
        }
        INDArray r = Nd4j.createFromArray(softmaxRows(e, batch, k)).reshape(batch, k).castTo(dataType);
        if (s != null) {
            s.r = r;
            s.xx = xx;
        }
        return r.mmul(Pm).subi(x.mul(r.mmul(P)));
    }

    private void diagonalBackward(INDArray x, int n, INDArray eps, Map<String, INDArray> gradients) {
        int batch = (int) x.size(0);
        INDArray u = eps.mul(alpha);
        double dAlpha = 0;
        double[] dc = new double[k];
        INDArray dP = Nd4j.zeros(dataType, k, d);
        INDArray dPm = Nd4j.zeros(dataType, k, d);
        INDArray dKappa = Nd4j.zeros(dataType, 1, k);
        INDArray point = x.dup();
        for (int t = 0; t < n; t++) {
            DiagonalStep s = new DiagonalStep();
            INDArray g = diagonalGradient(point, s);
            dAlpha += eps.mul(g).sumNumber().doubleValue();
            INDArray xu = point.mul(u);
            // g = r Pm - x ⊙ (r P)
            Nd4j.gemm(s.r, u, dPm, true, false, 1.0, 1.0);
            Nd4j.gemm(s.r, xu, dP, true, false, -1.0, 1.0);
            double[] dr = Nd4j.gemm(u, Pm, false, true).subi(Nd4j.gemm(xu, P, false, true)).reshape((long) batch * k)
                    .toDoubleVector();
            double[] de = softmaxBackward(s.r.reshape((long) batch * k).toDoubleVector(), dr, batch, k);
            for (int j = 0; j < de.length; j++) {
                dc[j % k] += de[j];
            }
            // e = c - 1/2 q, q = x² Pᵀ - 2 x Pmᵀ + kappa
            INDArray dq = Nd4j.createFromArray(de).reshape(batch, k).castTo(dataType).muli(-0.5);
            Nd4j.gemm(dq, s.xx, dP, true, false, 1.0, 1.0);
            Nd4j.gemm(dq, point, dPm, true, false, -2.0, 1.0);
            dKappa.addi(dq.sum(true, 0));
            point.addi(g.muli(alpha));
        }
        // P = a², Pm = P ⊙ mu, kappa = Σ_d P ⊙ mu²
        INDArray dKappaColumn = dKappa.reshape(k, 1);
        INDArray dmu = dPm.mul(P).addi(P.mul(mu).muli(2.0).muliColumnVector(dKappaColumn));
        INDArray dPTotal = dP.addi(dPm.mul(mu)).addi(mu.mul(mu).muliColumnVector(dKappaColumn));
        gradients.get(DenoisingPotential.A).assign(dPTotal.muli(A).muli(2.0));
        gradients.get(DenoisingPotential.MU).assign(dmu);
        gradients.get(DenoisingPotential.C).assign(Nd4j.createFromArray(dc).reshape(1, k));
        gradients.get(DenoisingPotential.ALPHA).assign(dAlpha);
    }

    // ------------------------------------------------------------------------------------------------ [B, k] on the JVM

    /** Row softmax of a row-major {@code [rows, cols]} array with each row's maximum subtracted. */
    private static double[] softmaxRows(double[] e, int rows, int cols) {
        double[] r = new double[e.length];
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, e[o + j]);
            }
            double sum = 0;
            for (int j = 0; j < cols; j++) {
                r[o + j] = Math.exp(e[o + j] - max);
                sum += r[o + j];
            }
            for (int j = 0; j < cols; j++) {
                r[o + j] /= sum;
            }
        }
        return r;
    }

    /** {@code de = r ⊙ (dr - Σ_k r ⊙ dr)} per row, the VJP of the row softmax. */
    private static double[] softmaxBackward(double[] r, double[] dr, int rows, int cols) {
        double[] de = new double[r.length];
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            double dot = 0;
            for (int j = 0; j < cols; j++) {
                dot += r[o + j] * dr[o + j];
            }
            for (int j = 0; j < cols; j++) {
                de[o + j] = r[o + j] * (dr[o + j] - dot);
            }
        }
        return de;
    }
}
