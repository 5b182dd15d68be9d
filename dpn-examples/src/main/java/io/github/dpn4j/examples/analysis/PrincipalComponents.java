package io.github.dpn4j.examples.analysis;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Principal component analysis of features {@code h [N, p]}, in float64.
 *
 * <p>The features are centered with their mean {@code m [p]}; the covariance {@code C = 1/N (h - m)^T (h - m)}
 * {@code [p, p]} is decomposed as {@code C = sum_i lambda_i u_i u_i^T} with {@code lambda_1 >= lambda_2 >= ...}.
 * The components are the leading unit eigenvectors {@code u_i}; the explained-variance ratio of component {@code i}
 * is {@code lambda_i / Tr C} (the {@code 1/N} normalisation cancels out of it).
 *
 * <p><b>Sign convention:</b> each component's entry of largest magnitude is positive (the first one on a tie), so
 * results are reproducible; negating the features leaves the components unchanged and negates the projections.
 *
 * <p><b>Cost:</b> {@code O(N p^2 + p^3)} time and {@code O(p^2)} memory: the full covariance is formed and fully
 * decomposed (LAPACK {@code dsyev}), whatever the number of components kept. At MNIST's {@code p = 784} with
 * {@code N = 2000} a fit takes about one second on two cores, nearly all of it computing the eigenvectors.
 *
 * <p>Instances are immutable: accessors return copies.
 */
public final class PrincipalComponents {

    private final INDArray mean;
    private final INDArray components;
    private final double[] explainedVarianceRatio;

    private PrincipalComponents(INDArray mean, INDArray components, double[] explainedVarianceRatio) {
        this.mean = mean;
        this.components = components;
        this.explainedVarianceRatio = explainedVarianceRatio;
    }

    /**
     * Fits the first {@code components} principal components.
     *
     * @param features   {@code [N, p]}, any numeric dtype (computed in float64), {@code N >= 2}, all entries finite;
     *                   not modified
     * @param components number of components to keep, {@code 1 <= components <= p}
     * @return the fitted components
     * @throws IllegalArgumentException naming the offending value or shape: rank other than 2, fewer than 2 rows,
     *                                  {@code components} out of range, a NaN or infinite entry
     */
    public static PrincipalComponents fit(INDArray features, int components) {
        return fit(FeatureMatrix.of(features, "features"), components);
    }

    static PrincipalComponents fit(FeatureMatrix features, int components) {
        checkFit(features, components);
        INDArray mean = features.values().mean(0).reshape(1, features.columns());
        INDArray covariance = covariance(features, mean);
        SymmetricEigen eigen = SymmetricEigen.of(covariance);
        return new PrincipalComponents(mean.reshape(features.columns()), eigen.leadingVectors(components),
                ratios(eigen.values(), covariance, components));
    }

    /**
     * The explained-variance ratios of {@link #fit(INDArray, int)} without the components (eigenvalues only, about
     * ten times faster at {@code p = 784}).
     */
    static double[] explainedVarianceRatio(FeatureMatrix features, int components) {
        checkFit(features, components);
        INDArray covariance = covariance(features, features.values().mean(0).reshape(1, features.columns()));
        return ratios(SymmetricEigen.valuesOf(covariance), covariance, components);
    }

    private static void checkFit(FeatureMatrix features, int components) {
        if (features.rows() < 2) {
            throw new IllegalArgumentException("features must have at least 2 rows (examples) for PCA, got "
                    + features.rows());
        }
        if (components < 1 || components > features.columns()) {
            throw new IllegalArgumentException("components must be in [1, " + features.columns()
                    + "] (the feature width p), got " + components);
        }
    }

    /** @return {@code C = 1/N (h - m)^T (h - m)}, float64 {@code [p, p]} */
    private static INDArray covariance(FeatureMatrix features, INDArray mean) {
        INDArray centered = features.values().subRowVector(mean);
        return centered.transpose().mmul(centered).divi(features.rows());
    }

    /** @return {@code lambda_i / Tr C} for the first {@code components} of the descending eigenvalues */
    private static double[] ratios(double[] descending, INDArray covariance, int components) {
        double totalVariance = 0;   // Tr C
        for (int i = 0; i < covariance.rows(); i++) {
            totalVariance += covariance.getDouble(i, i);
        }
        double[] ratios = new double[components];
        for (int i = 0; i < components; i++) {
            // rounding can leave the eigenvalues of a rank-deficient C slightly negative
            ratios[i] = Math.max(descending[i], 0.0) / totalVariance;
        }
        return ratios;
    }

    /**
     * Projects {@code x} onto the components: {@code (x - m) U^T}.
     *
     * @param x {@code [M, p]}, any numeric dtype, all entries finite; not modified
     * @return float64 scores {@code [M, components]}
     * @throws IllegalArgumentException if {@code x} is not {@code [M, p]} or has a non-finite entry
     */
    public INDArray project(INDArray x) {
        FeatureMatrix checked = FeatureMatrix.of(x, "x");
        if (checked.columns() != dimensions()) {
            throw new IllegalArgumentException("x must have shape [M, " + dimensions() + "], got "
                    + Arrays.toString(x.shape()));
        }
        return checked.values().subRowVector(mean.reshape(1, dimensions())).mmul(components.transpose());
    }

    /**
     * @return a copy of the explained-variance ratios {@code [components]}, each in {@code [0, 1]}, descending,
     *         summing to at most 1; {@code NaN} when the features have no variance at all
     */
    public double[] explainedVarianceRatio() {
        return explainedVarianceRatio.clone();
    }

    /** @return a float64 copy of the unit principal axes as rows, {@code [components, p]}, strongest first */
    public INDArray components() {
        return components.dup();
    }

    /** @return a float64 copy of the mean of the fitted features, {@code [p]} */
    public INDArray mean() {
        return mean.dup();
    }

    /** @return the number of components kept */
    public int componentCount() {
        return components.rows();
    }

    /** @return {@code p}, the feature width */
    public int dimensions() {
        return (int) mean.length();
    }

    /** @return the component count, width and explained-variance ratios */
    @Override
    public String toString() {
        return "PrincipalComponents{components=" + componentCount() + ", dimensions=" + dimensions()
                + ", explainedVarianceRatio=" + Arrays.toString(explainedVarianceRatio) + "}";
    }
}
