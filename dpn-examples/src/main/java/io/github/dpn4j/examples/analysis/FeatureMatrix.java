package io.github.dpn4j.examples.analysis;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A validated float64 copy of a feature matrix {@code [N, p]}: rank 2, at least one row and one column, every
 * entry finite. The caller's array is never modified (nor aliased).
 */
final class FeatureMatrix {

    private final INDArray values;

    private FeatureMatrix(INDArray values) {
        this.values = values;
    }

    /**
     * Checks and copies {@code features}.
     *
     * @param features any numeric dtype, shape {@code [N, p]} with {@code N, p >= 1}, all entries finite
     * @param name     the argument's name, used in error messages
     * @return a float64, 'c'-ordered copy
     * @throws IllegalArgumentException on a null array, rank other than 2, an empty dimension, or a NaN or
     *                                  infinite entry (the message names the row, column and value)
     */
    static FeatureMatrix of(INDArray features, String name) {
        if (features == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (features.rank() != 2) {
            throw new IllegalArgumentException(name + " must have rank 2 [N, p], got rank " + features.rank()
                    + " with shape " + Arrays.toString(features.shape()));
        }
        if (features.rows() < 1 || features.columns() < 1) {
            throw new IllegalArgumentException(name + " must have at least one row and one column, got shape "
                    + Arrays.toString(features.shape()));
        }
        // castTo returns the same object when the dtype already matches: copy in every case
        INDArray copy = features.castTo(DataType.DOUBLE).dup('c');
        // NaN and +-Infinity make the sum non-finite; only then (or on overflow) look for the entry
        if (!Double.isFinite(copy.sumNumber().doubleValue())) {
            double[][] entries = copy.toDoubleMatrix();
            for (int i = 0; i < entries.length; i++) {
                for (int j = 0; j < entries[i].length; j++) {
                    if (!Double.isFinite(entries[i][j])) {
                        throw new IllegalArgumentException(name + " must be finite, got " + entries[i][j]
                                + " at row " + i + ", column " + j + " of shape "
                                + Arrays.toString(features.shape()));
                    }
                }
            }
        }
        return new FeatureMatrix(copy);
    }

    /** @return the float64 values {@code [N, p]}; callers must not modify them */
    INDArray values() {
        return values;
    }

    /** @return {@code N}, the number of examples (rows) */
    int rows() {
        return values.rows();
    }

    /** @return {@code p}, the number of feature dimensions (columns) */
    int columns() {
        return values.columns();
    }
}
