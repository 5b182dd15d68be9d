package io.github.dpn4j.examples.analysis;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Eigendecomposition {@code S = V^T diag(values) V} of a real symmetric matrix {@code S [n, n]}, in float64,
 * eigenvalues in descending order.
 *
 * <p>Calls LAPACK {@code dsyev} (lower triangle) through ND4J's {@code Nd4j.getBlasWrapper().lapack().syev}, which
 * in 1.0.0-M2.1 returns LAPACK's {@code info} status, writes the eigenvalues ascending and, for {@code jobz = 'V'},
 * overwrites its argument with the eigenvectors <i>as columns</i>. ({@code Eigen.symmetricGeneralizedEigenvalues}
 * wraps the same call but always asks for eigenvectors, which at {@code n = 784} costs ten times more, and drops
 * the status.) It reads the buffer from its start, ignoring a view's offset, so it is only ever handed a fresh
 * copy. {@code SymmetricEigenTest} pins this behaviour.
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
     * @throws IllegalStateException    if LAPACK reports a failure or returns non-finite eigenvalues
     */
    static SymmetricEigen of(INDArray symmetric) {
        int n = checkSquare(symmetric);
        INDArray work = symmetric.castTo(DataType.DOUBLE).dup('c');
        double[] ascending = decompose(work, 'V');
        double[][] columns = work.toDoubleMatrix();
        double[] values = new double[n];
        double[][] vectors = new double[n][n];
        for (int i = 0; i < n; i++) {
            int source = n - 1 - i;
            values[i] = ascending[source];
            for (int r = 0; r < n; r++) {
                vectors[i][r] = columns[r][source];
            }
            orient(vectors[i]);
        }
        return new SymmetricEigen(values, vectors);
    }

    /**
     * Eigenvalues only (no eigenvectors: about ten times faster for large {@code n}).
     *
     * @param symmetric as for {@link #of(INDArray)}; not modified
     * @return the eigenvalues {@code [n]}, descending
     */
    static double[] valuesOf(INDArray symmetric) {
        int n = checkSquare(symmetric);
        double[] ascending = decompose(symmetric.castTo(DataType.DOUBLE).dup('c'), 'N');
        double[] descending = new double[n];
        for (int i = 0; i < n; i++) {
            descending[i] = ascending[n - 1 - i];
        }
        return descending;
    }

    private static int checkSquare(INDArray symmetric) {
        if (symmetric.rank() != 2 || symmetric.rows() != symmetric.columns() || symmetric.rows() < 1) {
            throw new IllegalArgumentException("symmetric matrix must have shape [n, n] with n >= 1, got shape "
                    + Arrays.toString(symmetric.shape()));
        }
        return symmetric.rows();
    }

    /**
     * @param work fresh float64 'c'-ordered copy, overwritten (with the eigenvectors as columns for {@code 'V'})
     * @param jobz {@code 'V'} for eigenvalues and eigenvectors, {@code 'N'} for eigenvalues only
     * @return the eigenvalues, ascending
     */
    private static double[] decompose(INDArray work, char jobz) {
        int n = work.rows();
        INDArray eigenvalues = Nd4j.create(DataType.DOUBLE, n);
        int info = Nd4j.getBlasWrapper().lapack().syev(jobz, 'L', work, eigenvalues);
        double[] ascending = eigenvalues.toDoubleVector();
        if (info != 0) {
            throw new IllegalStateException("LAPACK dsyev failed with info = " + info + " for a [" + n + ", " + n
                    + "] matrix");
        }
        for (double value : ascending) {
            if (!Double.isFinite(value)) {
                throw new IllegalStateException("LAPACK dsyev returned eigenvalue " + value + " for a [" + n
                        + ", " + n + "] matrix");
            }
        }
        return ascending;
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
