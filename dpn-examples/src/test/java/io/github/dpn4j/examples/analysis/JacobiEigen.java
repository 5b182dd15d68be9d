package io.github.dpn4j.examples.analysis;

/**
 * Test reference: cyclic Jacobi eigendecomposition of a small symmetric matrix in plain Java, independent of
 * ND4J and LAPACK. Eigenvalues are unsorted; {@code vectors[i]} is the unit eigenvector of {@code values[i]}.
 */
final class JacobiEigen {

    private static final int MAX_SWEEPS = 100;

    final double[] values;
    final double[][] vectors;

    private JacobiEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    static JacobiEigen of(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i] = symmetric[i].clone();
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS && offDiagonal(a) > 0; sweep++) {
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    // rotation J in the (p, q) plane with (J^T A J)_pq = 0: t = tan, the smaller root of
                    // t^2 + 2 theta t - 1 = 0, theta = (a_qq - a_pp) / (2 a_pq)
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) {       // A <- A J
                        double kp = a[k][p];
                        double kq = a[k][q];
                        a[k][p] = c * kp - s * kq;
                        a[k][q] = s * kp + c * kq;
                    }
                    for (int k = 0; k < n; k++) {       // A <- J^T A
                        double pk = a[p][k];
                        double qk = a[q][k];
                        a[p][k] = c * pk - s * qk;
                        a[q][k] = s * pk + c * qk;
                    }
                    for (int k = 0; k < n; k++) {       // V <- V J, eigenvectors as columns
                        double kp = v[k][p];
                        double kq = v[k][q];
                        v[k][p] = c * kp - s * kq;
                        v[k][q] = s * kp + c * kq;
                    }
                }
            }
        }
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
            for (int k = 0; k < n; k++) {
                vectors[i][k] = v[k][i];
            }
        }
        return new JacobiEigen(values, vectors);
    }

    /** Sum of squared off-diagonal entries; 0 once it falls below 1e-32 times the sum of squared diagonal entries. */
    private static double offDiagonal(double[][] a) {
        double diagonal = 0;
        double off = 0;
        for (int i = 0; i < a.length; i++) {
            diagonal += a[i][i] * a[i][i];
            for (int j = 0; j < a.length; j++) {
                if (i != j) {
                    off += a[i][j] * a[i][j];
                }
            }
        }
        return off <= 1e-32 * diagonal ? 0 : off;
    }
}
