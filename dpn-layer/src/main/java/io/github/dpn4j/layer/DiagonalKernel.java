package io.github.dpn4j.layer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * {@link Precision#DIAGONAL}: {@code A_i = diag(a_i)}, {@code P = a²}, {@code Pm = P ⊙ mu}, {@code kappa_i =
 * Σ_j P_ij mu_ij²}. The squared distances expand into two thin GEMMs over centred points,
 * {@code q = [x², x] [Pᵀ; -2 Pmᵀ] + kappa} ({@code [B, 2d] x [2d, k]}), and the gradient is
 * {@code grad phi = r Pm - x ⊙ (r P)}, one GEMM {@code r [P, Pm]} ({@code [B, k] x [k, 2d]}); the rest is one JVM
 * pass. The expansion is only ever formed around the common origin (see {@link Kernel}), where it keeps float32's
 * digits.
 * <p>
 * DETACHED backward over the {@code s} steps taken, {@code u = alpha·eps}, rows {@code (t, b)}: {@code dr = u Pmᵀ -
 * (x ⊙ u) Pᵀ} (one GEMM for all rows), the softmax VJP gives {@code de}, {@code dc = Σ de}, {@code dq = -de/2}; then
 * {@code dP = dqᵀ x² - rᵀ (x ⊙ u)}, {@code dPm = -2 dqᵀ x + rᵀ u}, {@code dkappa = Σ dq} as two GEMMs over all rows,
 * and through {@code P = a², Pm = P ⊙ mu, kappa = Σ P mu²}:
 * {@code dA = 2a ⊙ (dP + dPm ⊙ mu + dkappa mu²)}, {@code dmu = dPm ⊙ P + 2 dkappa P ⊙ mu}.
 */
final class DiagonalKernel extends Kernel {

    private final double[] a;        // [k·d]
    private final double[] P;        // [k·d]
    private final double[] Pm;       // [k·d]
    private final double[] kappa;    // [k]
    private final INDArray distances;  // [k, 2d]: [P, -2 Pm], used transposed (faster in OpenBLAS than [2d, k])
    private final INDArray weights;    // [k, 2d]: [P, Pm]

    DiagonalKernel(Map<String, INDArray> params) {
        super(params);
        a = HostView.values(factors);
        P = new double[k * d];
        Pm = new double[k * d];
        kappa = new double[k];
        double[] w1 = new double[2 * d * k];
        double[] w2 = new double[2 * d * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                int o = i * d + j;
                P[o] = a[o] * a[o];
                Pm[o] = P[o] * mu[o];
                kappa[i] += Pm[o] * mu[o];
                w1[i * 2 * d + j] = P[o];
                w1[i * 2 * d + d + j] = -2 * Pm[o];
                w2[i * 2 * d + j] = P[o];
                w2[i * 2 * d + d + j] = Pm[o];
            }
        }
        distances = HostView.array(dataType, w1, k, 2L * d);
        weights = HostView.array(dataType, w2, k, 2L * d);
    }

    @Override
    INDArray precisions() {
        double[] out = new double[k * d * d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                out[(i * d + j) * d + j] = P[i * d + j];
            }
        }
        return HostView.array(dataType, out, k, d, d);
    }

    @Override
    boolean valid() {
        return readable(distances) && readable(weights);
    }

    /**
     * The step runs row block by row block, each block's products in pieces small enough for OpenBLAS to keep on the
     * block's thread ({@link Gemm#rows}): the products are thin ({@code [B, 2d] x [2d, k]}), and handing each to
     * OpenBLAS's threads cost more than it saved. Block boundaries fall on whole pieces, so every row is computed in
     * the same piece whatever the number of blocks.
     */
    @Override
    Evaluator evaluator(int batch) {
        Gemm gemm = Gemm.current();
        int piece = gemm.rowsPerProduct(k, 2L * d, batch);
        RowBlocks blocks = RowBlocks.of(batch, piece);
        INDArray squares = Nd4j.create(dataType, batch, 2L * d);     // [x², x]
        INDArray q = Nd4j.create(dataType, batch, k);
        INDArray responsibilities = Nd4j.create(dataType, batch, k);
        INDArray weighted = Nd4j.create(dataType, batch, 2L * d);    // [r P, r Pm]
        int count = blocks.count();
        HostView[] squaresViews = new HostView[count];
        HostView[] qViews = new HostView[count];
        HostView[] rViews = new HostView[count];
        HostView[] weightedViews = new HostView[count];
        double[][] rows = new double[count][2 * d];
        for (int p = 0; p < count; p++) {   // a view's scratch buffer is its block's own
            squaresViews[p] = new HostView(squares);
            qViews[p] = new HostView(q);
            rViews[p] = new HostView(responsibilities);
            weightedViews[p] = new HostView(weighted);
        }
        double[] qs = new double[batch * k];
        double[] rw = new double[batch * 2 * d];
        return (x, e, r, g) -> blocks.run((p, from, to) -> {
            double[] row = rows[p];
            for (int b = from; b < to; b++) {
                for (int j = 0; j < d; j++) {
                    double xj = x[b * d + j];
                    row[j] = xj * xj;
                    row[d + j] = xj;
                }
                squaresViews[p].put((long) b * 2 * d, row, 0, 2 * d);
            }
            gemm.rows(squares, distances, true, q, from, to);
            qViews[p].get((long) from * k, qs, from * k, (to - from) * k);
            for (int b = from; b < to; b++) {
                for (int i = 0; i < k; i++) {
                    e[b * k + i] = c[i] - 0.5 * (qs[b * k + i] + kappa[i]);
                }
                softmax(e, b * k, k, r);
            }
            rViews[p].put((long) from * k, r, from * k, (to - from) * k);
            gemm.rows(responsibilities, weights, false, weighted, from, to);
            weightedViews[p].get((long) from * 2 * d, rw, from * 2 * d, (to - from) * 2 * d);
            for (int b = from; b < to; b++) {
                for (int j = 0; j < d; j++) {
                    g[b * d + j] = rw[b * 2 * d + d + j] - x[b * d + j] * rw[b * 2 * d + j];
                }
            }
        });
    }

    @Override
    void backward(Tape tape, double[] eps, Map<String, INDArray> gradients) {
        int batch = tape.batch;
        int rows = tape.steps * batch;
        double[] u = new double[eps.length];
        for (int j = 0; j < u.length; j++) {
            u[j] = alpha * eps[j];
        }
        double[] dc = new double[k];
        double[] dKappa = new double[k];
        double[] dP = new double[k * d];
        double[] dPm = new double[k * d];
        if (rows > 0) {
            double[] xu = new double[rows * 2 * d];     // [x ⊙ u, u]
            double[] xx = new double[rows * 2 * d];     // [x², x]
            double[] rAll = new double[rows * k];
            for (int t = 0; t < tape.steps; t++) {
                double[] x = tape.points[t];
                System.arraycopy(tape.responsibilities[t], 0, rAll, t * batch * k, batch * k);
                for (int b = 0; b < batch; b++) {
                    int o = (t * batch + b) * 2 * d;
                    for (int j = 0; j < d; j++) {
                        double xj = x[b * d + j];
                        xu[o + j] = xj * u[b * d + j];
                        xu[o + d + j] = u[b * d + j];
                        xx[o + j] = xj * xj;
                        xx[o + d + j] = xj;
                    }
                }
            }
            double[] w3 = new double[2 * d * k];        // [-Pᵀ; Pmᵀ]
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < d; j++) {
                    w3[j * k + i] = -P[i * d + j];
                    w3[(d + j) * k + i] = Pm[i * d + j];
                }
            }
            // every product is thin (k columns or k rows): in pieces OpenBLAS keeps on this thread, as in the step
            Gemm gemm = Gemm.current();
            INDArray XU = HostView.array(dataType, xu, rows, 2L * d);
            INDArray W3 = HostView.array(dataType, w3, 2L * d, k);
            INDArray DR = Nd4j.create(dataType, rows, k);
            gemm.rows(XU, W3, false, DR, 0, rows);
            double[] dr = HostView.values(DR);
            double[] row = new double[k];
            for (int rho = 0; rho < rows; rho++) {
                System.arraycopy(dr, rho * k, row, 0, k);
                softmaxBackward(rAll, rho * k, k, row);
                for (int i = 0; i < k; i++) {
                    dc[i] += row[i];
                    dr[rho * k + i] = -0.5 * row[i];     // now dq
                    dKappa[i] += dr[rho * k + i];
                }
            }
            INDArray DQ = HostView.array(dataType, dr, rows, k);
            INDArray XX = HostView.array(dataType, xx, rows, 2L * d);
            INDArray R = HostView.array(dataType, rAll, rows, k);
            INDArray G1 = Nd4j.create(dataType, k, 2L * d);
            INDArray G2 = Nd4j.create(dataType, k, 2L * d);
            gemm.transposedRows(DQ, XX, G1, 0, rows, 0.0);
            gemm.transposedRows(R, XU, G2, 0, rows, 0.0);
            double[] g1 = HostView.values(G1);
            double[] g2 = HostView.values(G2);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < d; j++) {
                    dP[i * d + j] = g1[i * 2 * d + j] - g2[i * 2 * d + j];
                    dPm[i * d + j] = -2 * g1[i * 2 * d + d + j] + g2[i * 2 * d + d + j];
                }
            }
        }
        double[] dA = new double[k * d];
        double[] dmu = new double[k * d];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < d; j++) {
                int o = i * d + j;
                dA[o] = 2 * a[o] * (dP[o] + dPm[o] * mu[o] + dKappa[i] * mu[o] * mu[o]);
                dmu[o] = dPm[o] * P[o] + 2 * dKappa[i] * P[o] * mu[o];
            }
        }
        HostView.write(gradients.get(DenoisingPotential.A), dA);
        HostView.write(gradients.get(DenoisingPotential.MU), dmu);
        HostView.write(gradients.get(DenoisingPotential.C), dc);
        HostView.write(gradients.get(DenoisingPotential.ALPHA), new double[]{stepSizeGradient(tape, eps)});
    }
}
