package io.github.dpn4j.examples.analysis;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Coordinates of the rows of a wide feature matrix {@code h [N, p]}, {@code p > N}, in an orthonormal basis of
 * their span: {@code h' = U sqrt(Lambda) [N, r]} from the Gram matrix {@code G = h h^T = U Lambda U^T} (eigenvalues
 * at or below {@value #RANK_CUTOFF} times the largest dropped, {@code r <= N}).
 *
 * <p>Since {@code h = h' V^T} with {@code V = h^T U Lambda^-1/2} having orthonormal columns, the map is an isometry
 * of the rows: every distance, scatter trace, the fuzziness {@code Tr(SS_w SS_b^+)} and the PCA spectrum of
 * {@code h'} equal those of {@code h} (up to rounding), while {@link SeparationStats} then costs
 * {@code O(N r^2 + r^3)} instead of {@code O(N p^2 + p^3)} (a {@code [9216, 9216]} covariance for the first
 * convolution of the CNN examples).
 */
final class RowSpaceCoordinates {

    /** Relative eigenvalue cut-off of the Gram matrix: directions with less energy are rounding noise. */
    static final double RANK_CUTOFF = 1e-13;

    private RowSpaceCoordinates() {
    }

    /**
     * @param features float64 {@code [N, p]}; not modified
     * @return {@code features} itself when {@code p <= N}, else its row-space coordinates {@code [N, r]}
     */
    static INDArray of(INDArray features) {
        int n = features.rows();
        if (features.columns() <= n) {
            return features;
        }
        SymmetricEigen gram = SymmetricEigen.of(features.mmul(features.transpose()));
        double largest = gram.value(0);
        int rank = 0;
        while (rank < n && gram.value(rank) > RANK_CUTOFF * largest) {
            rank++;
        }
        if (rank == 0) {
            return Nd4j.zeros(features.dataType(), n, 1);
        }
        double[] scale = new double[rank];
        for (int i = 0; i < rank; i++) {
            scale[i] = Math.sqrt(gram.value(i));
        }
        return gram.leadingVectors(rank).transpose().dup('c')
                .muliRowVector(Nd4j.createFromArray(scale).reshape(1, rank));
    }
}
