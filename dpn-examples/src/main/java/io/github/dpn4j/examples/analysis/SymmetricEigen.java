package io.github.dpn4j.examples.analysis;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eigendecomposition {@code S = V^T diag(values) V} of a real symmetric matrix {@code S [n, n]}, in float64,
 * eigenvalues in descending order.
 *
 * <p>Uses ND4J's {@link Eigen#symmetricGeneralizedEigenvalues(INDArray, boolean)} (LAPACK {@code dsyev}, lower
 * triangle), which in 1.0.0-M2.1 returns the eigenvalues ascending and overwrites its argument with the
 * eigenvectors <i>as columns</i>; it also reads the buffer from its start, ignoring a view's offset, so it is only
 * ever handed a fresh copy. {@code SymmetricEigenTest} pins this behaviour.
 *
 * <p><b>Sign convention:</b> every eigenvector is oriented so that its entry of largest magnitude is positive
 * (the first such entry when several are within a relative {@value #SIGN_TIE_TOLERANCE} of the largest), so the
 * result does not depend on LAPACK's arbitrary choice of sign.
 */
final class SymmetricEigen {

    /** Entries within this relative distance of an eigenvector's largest magnitude count as ties. */
    static final double SIGN_TIE_TOLERANCE = 1e-9;

    private final double[] values;
    private final double[][] vectors;

    private SymmetricEigen(double[] values, double[][] vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * Decomposes {@code symmetric}, which is not modified.
     *
     * @param symmetric symmetric matrix {@code [n, n]}, {@code n >= 1}, any float dtype (computed in float64);
     *                  only the lower triangle is read
     * @return the decomposition
     * @throws IllegalArgumentException if the matrix is not square of rank 2
     * @throws IllegalStateException    if LAPACK returns non-finite eigenvalues
     */
    static SymmetricEigen of(INDArray symmetric) {
        if (symmetric.rank() != 2 || symmetric.rows() != symmetric.columns() || symmetric.rows() < 1) {
            throw new IllegalArgumentException("symmetric matrix must have shape [n, n] with n >= 1, got shape "
                    + Arrays.toString(symmetric.shape()));
        }
        int n = symmetric.rows();
        INDArray work = symmetric.castTo(DataType.DOUBLE).dup('c');
        double[] ascending = Eigen.symmetricGeneralizedEigenvalues(work, true).toDoubleVector();
        double[][] columns = work.toDoubleMatrix();
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            int source = n - 1 - i;
            values[i] = ascending[source];
            if (!Double.isFinite(values[i])) {
                throw new IllegalStateException("LAPACK syev returned eigenvalue " + values[i] + " for a ["
                        + n + ", " + n + "] matrix");
            }
            for (int r = 0; r < n; r++) {
                vectors[i][r] = columns[r][source];
            }
            orient(vectors[i]);
        }
        return new SymmetricEigen(values, vectors);
    }

    /** Flips {@code v} in place so that its first entry of (near-)largest magnitude is positive. */
    private static void orient(double[] v) {
        double largest = 0;
        for (double e : v) {
            largest = Math.max(largest, Math.abs(e));
        }
        for (double e : v) {
            if (Math.abs(e) >= largest * (1 - SIGN_TIE_TOLERANCE)) {
                if (e < 0) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = -v[i];
                    }
                }
                return;
            }
        }
    }

    /** @return {@code n} */
    int size() {
        return values.length;
    }

    /** @return eigenvalue {@code i}, {@code 0 <= i < n}, in descending order */
    double value(int i) {
        return values[i];
    }

    /** @return a copy of the eigenvalues {@code [n]}, descending */
    double[] values() {
        return values.clone();
    }

    /**
     * @param count number of leading eigenvectors, {@code 0..n}
     * @return the first {@code count} unit eigenvectors as the rows of a new float64 array {@code [count, n]}
     */
    INDArray leadingVectors(int count) {
        INDArray rows = Nd4j.create(DataType.DOUBLE, count, values.length);
        for (int i = 0; i < count; i++) {
            rows.putRow(i, Nd4j.createFromArray(vectors[i]));
        }
        return rows;
    }
}
