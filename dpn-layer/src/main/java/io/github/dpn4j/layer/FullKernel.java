package io.github.dpn4j.layer;

import org.nd4j.linalg.api.blas.params.MMulTranspose;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Map;

/**
 * {@link Precision#FULL}: one GEMM per step. With {@code P_i = A_iᵀ A_i} formed once per kernel ({@code k·d³}) and
 * {@code m_i = P_i mu_i}, a step is {@code Y = x [P_1 … P_k]} ({@code [B, d] x [d, k·d]}), then one JVM pass per row:
 * {@code V_i = Y_i - m_i = P_i (x - mu_i)}, {@code q_i = V_i · (x - mu_i)} (no expansion, so nothing cancels),
 * {@code e = c - q/2}, the softmax, and {@code grad phi = -Σ_i r_i V_i}. No {@code [B, k, d, d]} tensor is formed.
 * (Subtracting {@code m} on the JVM rather than in the GEMM through a constant column {@code [x, 1]} matters: an inner
 * dimension of {@code d + 1} made OpenBLAS's GEMM twice as slow at {@code d = 64}.)
 * <p>
 * DETACHED backward over the {@code s} steps taken, with {@code u = alpha·eps} and {@code D = x_t - mu_i}: from
 * {@code g = -Σ r_i V_i}, {@code dr_i = -u·V_i = -(P_i u)·x_t + u·m_i} (one GEMM {@code U [P_1 … P_k]} for all
 * steps); the softmax VJP gives {@code de}, {@code dc = Σ de}, {@code dq = -de/2}; and
 * <pre>
 *   dP_i ≃ Σ_{t,b} dq D Dᵀ - r u Dᵀ = Σ x (dq_i x)ᵀ - Σ_b u_b (Σ_t r_i x)ᵀ + w_i mu_iᵀ,
 *   w_i  = -2 Σ dq_i x + (Σ dq_i) mu_i + Σ r_i u,        dmu_i = P_i (w_i + (Σ dq_i) mu_i),
 *   dA_i = A_i (dP_i + dP_iᵀ)                            (≃: equal symmetric parts, all that P_i = A_iᵀA_i passes on)
 * </pre>
 * where {@code Σ x (dq_i x)ᵀ} for all {@code i} is one {@code [d, s·B] x [s·B, k·d]} GEMM (in chunks of at most
 * {@link #CHUNK_ELEMENTS} elements of the right operand) and the second term one {@code [d, B] x [B, k·d]} GEMM.
 */
final class FullKernel extends Kernel {

    /** Largest right operand of one backward GEMM, in elements (16 MiB of float32). */
    static final long CHUNK_ELEMENTS = 1L << 22;

    private final INDArray P;       // [k, d, d]
    private final INDArray stacked; // [d, k·d]: [P_1 … P_k]
    private final double[] m;       // [k·d]: P_i mu_i (centred mu)

    FullKernel(Map<String, INDArray> params) {
        super(params);
        long kd = (long) k * d;
        P = Nd4j.create(dataType, k, d, d);
        Nd4j.exec(new Mmul(factors, factors, P, 1.0, 0.0, MMulTranspose.builder().transposeA(true).build()));
        stacked = Nd4j.create(dataType, d, kd);
        // stacked and m on the JVM in one pass over P: as ND4J ops (a permuted assign, a product, a sum) they were
        // three more hand-offs to ND4J's threads per training step
        m = precisionsTimes(mu, new HostView(stacked));
    }

    /**
     * {@code P_i v_i} for every component ({@code v [k·d]}, the result likewise), reading {@code P} a row at a time;
     * each row is also copied to its place in {@code stacked} when {@code stackedView} is not null. {@code P} is
     * symmetric, so its row {@code j} is its column {@code j}.
     */
    private double[] precisionsTimes(double[] v, HostView stackedView) {
        double[] out = new double[k * d];
        HostView pView = new HostView(P);
        double[] row = new double[d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                pView.get(((long) i * d + j) * d, row, 0, d);
                if (stackedView != null) {
                    stackedView.put((long) j * k * d + (long) i * d, row, 0, d);
                }
                double s = 0;
                for (int l = 0; l < d; l++) {
                    s += row[l] * v[i * d + l];
                }
                out[i * d + j] = s;
            }
        }
        return out;
    }

    @Override
    INDArray precisions() {
        return P.dup();
    }

    @Override
    boolean valid() {
        return readable(P) && readable(stacked) && readable(factors);
    }

    @Override
    Evaluator evaluator(int batch) {
        int kd = k * d;
        INDArray X = Nd4j.create(dataType, batch, d);
        INDArray Y = Nd4j.create(dataType, batch, kd);
        HostView xView = new HostView(X);
        RowBlocks blocks = RowBlocks.of(batch);
        HostView[] yViews = new HostView[blocks.count()];
        double[][] rows = new double[blocks.count()][kd];
        for (int p = 0; p < yViews.length; p++) {
            yViews[p] = new HostView(Y);    // one scratch buffer per block
        }
        Gemm gemm = Gemm.current();
        return (x, e, r, g) -> {
            xView.put(0, x, 0, batch * d);
            gemm.product(X, false, stacked, false, Y, 1.0, 0.0);
            blocks.run((p, from, to) -> {
                for (int b = from; b < to; b++) {
                    yViews[p].get((long) b * kd, rows[p], 0, kd);
                    evaluateRow(rows[p], b, x, e, r, g);
                }
            });
        };
    }

    /** Row {@code b}'s energies, responsibilities and {@code grad phi} from its GEMM output {@code row = Y_b}. */
    private void evaluateRow(double[] row, int b, double[] x, double[] e, double[] r, double[] g) {
        int xo = b * d;
        for (int i = 0; i < k; i++) {
            e[b * k + i] = c[i] - 0.5 * distance(row, x, xo, i * d);
        }
        softmax(e, b * k, k, r);
        for (int j = xo; j < xo + d; j++) {
            g[j] = 0;
        }
        for (int i = 0; i < k; i++) {
            double ri = r[b * k + i];
            int o = i * d;
            for (int j = 0; j < d; j++) {
                g[xo + j] -= ri * (row[o + j] - m[o + j]);
            }
        }
    }

    /**
     * {@code q_i = (Y_i - m_i) · (x - mu_i)} for the block {@code Y_i = row[o..o+d)} and the point {@code x[xo..xo+d)};
     * four partial sums, so the JIT is not held to one floating-point add at a time.
     */
    private double distance(double[] row, double[] x, int xo, int o) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < d; j += 4) {
            s0 += (row[o + j] - m[o + j]) * (x[xo + j] - mu[o + j]);
            s1 += (row[o + j + 1] - m[o + j + 1]) * (x[xo + j + 1] - mu[o + j + 1]);
            s2 += (row[o + j + 2] - m[o + j + 2]) * (x[xo + j + 2] - mu[o + j + 2]);
            s3 += (row[o + j + 3] - m[o + j + 3]) * (x[xo + j + 3] - mu[o + j + 3]);
        }
        for (; j < d; j++) {
            s0 += (row[o + j] - m[o + j]) * (x[xo + j] - mu[o + j]);
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    void backward(Tape tape, double[] eps, Map<String, INDArray> gradients) {
        int batch = tape.batch;
        int kd = k * d;
        int rows = tape.steps * batch;
        double[] u = new double[eps.length];
        for (int j = 0; j < u.length; j++) {
            u[j] = alpha * eps[j];
        }
        Gemm gemm = Gemm.current();
        INDArray U = HostView.array(dataType, u, batch, d);
        INDArray PU = Nd4j.create(dataType, batch, kd);
        gemm.product(U, false, stacked, false, PU, 1.0, 0.0);
        double[] Pu = HostView.values(PU);
        double[] um = new double[batch * k];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < k; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += u[b * d + j] * m[i * d + j];
                }
                um[b * k + i] = s;
            }
        }
        double[] s1 = new double[kd];      // Σ dq_i x
        double[] s2 = new double[kd];      // Σ r_i u
        double[] sumDq = new double[k];
        double[] dc = new double[k];
        double[] Xr = new double[batch * kd];   // Σ_t r_i x, per row b
        int chunk = (int) Math.max(1, Math.min(rows, CHUNK_ELEMENTS / kd));
        INDArray X = Nd4j.create(dataType, chunk, d);
        INDArray K = Nd4j.create(dataType, chunk, kd);
        HostView xView = new HostView(X);
        HostView kView = new HostView(K);
        INDArray T = Nd4j.zeros(dataType, d, kd);
        double[] dq = new double[k];
        double[] kRow = new double[kd];
        int filled = 0;
        for (int t = 0; t < tape.steps; t++) {
            double[] points = tape.points[t];
            double[] r = tape.responsibilities[t];
            for (int b = 0; b < batch; b++) {
                int xo = b * d;
                for (int i = 0; i < k; i++) {
                    int po = b * kd + i * d;
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += Pu[po + j] * points[xo + j];
                    }
                    dq[i] = um[b * k + i] - s;        // dr
                }
                softmaxBackward(r, b * k, k, dq);     // de
                for (int i = 0; i < k; i++) {
                    dc[i] += dq[i];
                    double dqi = -0.5 * dq[i];
                    double ri = r[b * k + i];
                    sumDq[i] += dqi;
                    int o = i * d;
                    int xr = b * kd + o;
                    for (int j = 0; j < d; j++) {
                        double xj = points[xo + j];
                        s1[o + j] += dqi * xj;
                        s2[o + j] += ri * u[xo + j];
                        Xr[xr + j] += ri * xj;
                        kRow[o + j] = dqi * xj;
                    }
                }
                xView.put((long) filled * d, points, xo, d);
                kView.put((long) filled * kd, kRow, 0, kd);
                filled++;
                if (filled == chunk || (t == tape.steps - 1 && b == batch - 1)) {
                    INDArray xs = filled == chunk ? X : X.get(NDArrayIndex.interval(0, filled), NDArrayIndex.all());
                    INDArray ks = filled == chunk ? K : K.get(NDArrayIndex.interval(0, filled), NDArrayIndex.all());
                    gemm.product(xs, true, ks, false, T, 1.0, 1.0);
                    filled = 0;
                }
            }
        }
        if (rows > 0) {
            gemm.product(U, true, HostView.array(dataType, Xr, batch, kd), false, T, -1.0, 1.0);
        }
        double[] Tv = HostView.values(T);
        double[] S = new double[k * d * d];
        double[] w = new double[kd];
        double[] v = new double[kd];
        for (int i = 0; i < k; i++) {
            int o = i * d;
            for (int j = 0; j < d; j++) {
                w[o + j] = -2 * s1[o + j] + sumDq[i] * mu[o + j] + s2[o + j];
                v[o + j] = w[o + j] + sumDq[i] * mu[o + j];
            }
            for (int j = 0; j < d; j++) {
                for (int l = 0; l < d; l++) {
                    S[(o + j) * d + l] = Tv[j * kd + o + l] + Tv[l * kd + o + j]
                            + w[o + j] * mu[o + l] + mu[o + j] * w[o + l];
                }
            }
        }
        INDArray dA = Nd4j.create(dataType, k, d, d);
        Nd4j.exec(new Mmul(factors, HostView.array(dataType, S, k, d, d), dA, 1.0, 0.0, MMulTranspose.allFalse()));
        gradients.get(DenoisingPotential.A).assign(dA);
        HostView.write(gradients.get(DenoisingPotential.MU), precisionsTimes(v, null));
        HostView.write(gradients.get(DenoisingPotential.C), dc);
        HostView.write(gradients.get(DenoisingPotential.ALPHA), new double[]{stepSizeGradient(tape, eps)});
    }
}
