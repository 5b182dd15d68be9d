package io.github.dpn4j.examples.analysis;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How well features {@code h [N, p]} separate {@code K} classes, after He &amp; Su (2023).
 *
 * <p>With class means {@code m_c}, the global mean {@code m} (over all {@code N} examples) and {@code K} the
 * number of classes present:
 * <pre>
 *   SS_w = 1/N sum_j (h_j - m_{y_j}) (h_j - m_{y_j})^T        within-class scatter  [p, p]
 *   SS_b = 1/K sum_c (m_c - m) (m_c - m)^T                    between-class scatter [p, p]
 *   D    = Tr(SS_w SS_b^+)                                    fuzziness (lower = better separated)
 *   B/W  = Tr SS_b / Tr SS_w
 * </pre>
 * {@code SS_b^+} is the Moore–Penrose pseudo-inverse: eigenvalues of {@code SS_b} at or below
 * {@value #PSEUDO_INVERSE_CUTOFF} ({@link #PSEUDO_INVERSE_CUTOFF}) times the largest are treated as zero, so collinear class means (rank of
 * {@code SS_b} below {@code K - 1}) are handled. Also reported: the mean Euclidean distance between the means of
 * all pairs of classes, and the PCA explained-variance ratios of the first components of {@code h} (see
 * {@link PrincipalComponents}).
 *
 * <p><b>Computation.</b> {@code SS_b = M^T M / K} with the centered class means {@code M [K, p]} has rank at most
 * {@code K - 1}, so no {@code [p, p]} matrix is formed: the Gram matrix {@code G = M M^T / K [K, K]} has the same
 * nonzero eigenvalues {@code lambda_i} as {@code SS_b}, with eigenvectors {@code u_i} giving the unit eigenvectors
 * {@code v_i = M^T u_i / sqrt(K lambda_i)} of {@code SS_b}; then
 * {@code D = sum_i v_i^T SS_w v_i / lambda_i = 1/N sum_j sum_i (v_i . (h_j - m_{y_j}))^2 / lambda_i}.
 * Cost {@code O(N p K + K^3)} for the fuzziness; the PCA spectrum costs {@code O(N p^2 + p^3)} (eigenvalues
 * only: about 0.3 s in all for {@code N = 2000, p = 784} on two cores).
 *
 * <p><b>Degenerate cases.</b> When all class means coincide ({@code SS_b = 0}) the fuzziness is
 * {@code +Infinity} (its limit as the means merge), or {@code NaN} when in addition every example equals its class
 * mean. B/W follows IEEE division: {@code +Infinity} when {@code Tr SS_w = 0}. <b>The pseudo-inverse is
 * discontinuous:</b> a between-class direction whose eigenvalue is just above the cut-off can dominate {@code D}.
 *
 * <p>Computed in float64 on copies; inputs of any numeric dtype are accepted and never modified. Immutable.
 *
 * <p>Reference: H. He and W. J. Su, <i>A law of data separation in deep learning</i>, PNAS 120(36), 2023.
 *
 * @see <a href="https://arxiv.org/abs/2210.17020">He and Su, A law of data separation in deep learning</a>
 * @see PrincipalComponents
 */
public final class SeparationStats {

    /** Relative eigenvalue cut-off of the pseudo-inverse {@code SS_b^+}: eigenvalues {@code <= 1e-10 * max} are zero. */
    public static final double PSEUDO_INVERSE_CUTOFF = 1e-10;

    /** Most principal components whose explained-variance ratio is reported: {@code min(p, {@value})}. */
    public static final int EXPLAINED_VARIANCE_COMPONENTS = 10;

    private final int examples;
    private final int dimensions;
    private final int classes;
    private final double withinTrace;
    private final double betweenTrace;
    private final int betweenRank;
    private final double fuzziness;
    private final double meanClassMeanDistance;
    private final double[] explainedVariance;

    private SeparationStats(int examples, int dimensions, int classes, double withinTrace, double betweenTrace,
                            int betweenRank, double fuzziness, double meanClassMeanDistance,
                            double[] explainedVariance) {
        this.examples = examples;
        this.dimensions = dimensions;
        this.classes = classes;
        this.withinTrace = withinTrace;
        this.betweenTrace = betweenTrace;
        this.betweenRank = betweenRank;
        this.fuzziness = fuzziness;
        this.meanClassMeanDistance = meanClassMeanDistance;
        this.explainedVariance = explainedVariance;
    }

    /**
     * Computes the statistics of {@code features} labelled by class indices.
     *
     * @param features {@code [N, p]}, any numeric dtype (computed in float64), all entries finite; not modified
     * @param labels   {@code [N]} class of each row, any values {@code >= 0} (need not be contiguous); at least two
     *                 distinct values; not modified
     * @return the statistics, with {@code K} = number of distinct labels
     * @throws IllegalArgumentException naming the offending value or shapes: rank of {@code features} other than
     *                                  2, row count different from the number of labels, a negative label, fewer
     *                                  than 2 classes, a NaN or infinite feature
     */
    public static SeparationStats of(INDArray features, int[] labels) {
        return of(FeatureMatrix.of(features, "features"), labels);
    }

    private static SeparationStats of(FeatureMatrix h, int[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (labels.length != h.rows()) {
            throw new IllegalArgumentException("features has " + h.rows() + " rows (shape [" + h.rows() + ", "
                    + h.columns() + "]) but labels has " + labels.length + " entries");
        }
        for (int j = 0; j < labels.length; j++) {
            if (labels[j] < 0) {
                throw new IllegalArgumentException("labels must be >= 0, got " + labels[j] + " at index " + j);
            }
        }
        int[] present = Arrays.stream(labels).distinct().sorted().toArray();
        if (present.length < 2) {
            throw new IllegalArgumentException("labels must contain at least 2 classes, got 1 (label "
                    + present[0] + ") among " + labels.length + " examples");
        }
        int[] classIndex = new int[labels.length];
        for (int j = 0; j < labels.length; j++) {
            classIndex[j] = Arrays.binarySearch(present, labels[j]);
        }
        return compute(h, classIndex, present.length);
    }

    /**
     * Computes the statistics of {@code features} with one-hot labels (as in a DL4J {@code DataSet}).
     *
     * @param features {@code [N, p]}, any numeric dtype (computed in float64), all entries finite; not modified
     * @param labels   one-hot {@code [N, K']}: each row has a single 1 and zeros elsewhere; columns without examples
     *                 are ignored ({@code K} counts the classes present); not modified
     * @return the statistics
     * @throws IllegalArgumentException naming the offending value or shapes: as {@link #of(INDArray, int[])}, and
     *                                  for labels that are not rank 2 or have a row that is not one-hot
     */
    public static SeparationStats of(INDArray features, INDArray labels) {
        FeatureMatrix h = FeatureMatrix.of(features, "features");
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (labels.rank() != 2) {
            throw new IllegalArgumentException("one-hot labels must have rank 2 [N, K], got rank " + labels.rank()
                    + " with shape " + Arrays.toString(labels.shape()));
        }
        if (labels.rows() != h.rows()) {
            throw new IllegalArgumentException("features has " + h.rows() + " rows (shape [" + h.rows() + ", "
                    + h.columns() + "]) but labels has " + labels.rows() + " rows (shape "
                    + Arrays.toString(labels.shape()) + ")");
        }
        double[][] oneHot = labels.castTo(DataType.DOUBLE).toDoubleMatrix();
        int[] classOf = new int[oneHot.length];
        for (int j = 0; j < oneHot.length; j++) {
            int ones = 0;
            boolean others = false;
            for (int c = 0; c < oneHot[j].length; c++) {
                if (oneHot[j][c] == 1.0) {
                    ones++;
                    classOf[j] = c;
                } else if (oneHot[j][c] != 0.0) {
                    others = true;
                }
            }
            if (ones != 1 || others) {
                throw new IllegalArgumentException("labels must be one-hot, got row " + j + " = "
                        + Arrays.toString(oneHot[j]));
            }
        }
        return of(h, classOf);
    }

    /** @param classIndex class of each row in {@code 0..classes-1}, every class present */
    private static SeparationStats compute(FeatureMatrix h, int[] classIndex, int classes) {
        int n = h.rows();
        int p = h.columns();
        int k = classes;
        INDArray x = h.values();

        // membership Y [N, K] (one-hot), class sizes n_c
        INDArray membership = Nd4j.zeros(DataType.DOUBLE, n, k);
        double[] sizes = new double[k];
        for (int j = 0; j < n; j++) {
            membership.putScalar(j, classIndex[j], 1.0);
            sizes[classIndex[j]]++;
        }
        // class means m_c = (Y^T h)_c / n_c   [K, p];  global mean m   [1, p]
        INDArray classMeans = membership.transpose().mmul(x)
                .diviColumnVector(Nd4j.createFromArray(sizes).reshape(k, 1));
        INDArray globalMean = x.mean(0).reshape(1, p);

        // residuals h_j - m_{y_j}   [N, p];  Tr SS_w = 1/N sum_j ||h_j - m_{y_j}||^2
        INDArray residuals = x.sub(membership.mmul(classMeans));
        double withinTrace = squaredNorm(residuals) / n;

        // centered means M = m_c - m   [K, p];  SS_b = M^T M / K,  Tr SS_b = ||M||_F^2 / K
        INDArray centeredMeans = classMeans.subRowVector(globalMean);
        double betweenTrace = squaredNorm(centeredMeans) / k;

        // G = M M^T / K   [K, K]: same nonzero eigenvalues lambda_i as SS_b
        SymmetricEigen gram = SymmetricEigen.of(centeredMeans.mmul(centeredMeans.transpose()).divi(k));
        double largest = gram.value(0);
        int rank = 0;
        while (largest > 0 && rank < k && gram.value(rank) > PSEUDO_INVERSE_CUTOFF * largest) {
            rank++;
        }

        double fuzziness;
        if (rank == 0) {
            fuzziness = withinTrace > 0 ? Double.POSITIVE_INFINITY : Double.NaN;
        } else {
            // w_i = M^T u_i / (sqrt(K) lambda_i) = v_i / sqrt(lambda_i)   [p, r],  v_i unit eigenvectors of SS_b
            double[] scale = new double[rank];
            for (int i = 0; i < rank; i++) {
                scale[i] = 1.0 / (Math.sqrt(k) * gram.value(i));
            }
            INDArray w = centeredMeans.transpose().mmul(gram.leadingVectors(rank).transpose())
                    .muliRowVector(Nd4j.createFromArray(scale).reshape(1, rank));
            // D = Tr(SS_w SS_b^+) = 1/N sum_j sum_i (v_i . r_j)^2 / lambda_i = 1/N ||R W||_F^2
            fuzziness = squaredNorm(residuals.mmul(w)) / n;
        }

        double[][] means = classMeans.toDoubleMatrix();
        double distanceSum = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double squared = 0;
                for (int d = 0; d < p; d++) {
                    double diff = means[a][d] - means[b][d];
                    squared += diff * diff;
                }
                distanceSum += Math.sqrt(squared);
            }
        }
        double meanDistance = distanceSum / (k * (k - 1) / 2.0);

        double[] explained = PrincipalComponents.explainedVarianceRatio(h,
                Math.min(p, EXPLAINED_VARIANCE_COMPONENTS));
        return new SeparationStats(n, p, k, withinTrace, betweenTrace, rank, fuzziness, meanDistance, explained);
    }

    /** @return the sum of squared entries (no square root and back, unlike {@code norm2()^2}) */
    private static double squaredNorm(INDArray a) {
        return a.mul(a).sumNumber().doubleValue();
    }

    /** @return fuzziness {@code D = Tr(SS_w SS_b^+)}, {@code >= 0}, dimensionless; lower = better separated */
    public double fuzziness() {
        return fuzziness;
    }

    /** @return {@code Tr SS_b / Tr SS_w}, {@code >= 0}, dimensionless; higher = better separated */
    public double betweenWithinRatio() {
        return betweenTrace / withinTrace;
    }

    /** @return mean Euclidean distance between the means of all {@code K (K - 1) / 2} pairs of classes, feature units */
    public double meanClassMeanDistance() {
        return meanClassMeanDistance;
    }

    /** @return {@code Tr SS_w}, the mean squared distance of an example to its class mean, squared feature units */
    public double withinTrace() {
        return withinTrace;
    }

    /** @return {@code Tr SS_b}, the mean squared distance of a class mean to the global mean, squared feature units */
    public double betweenTrace() {
        return betweenTrace;
    }

    /** @return numerical rank of {@code SS_b} (eigenvalues kept in the pseudo-inverse), {@code 0..min(K - 1, p)} */
    public int betweenRank() {
        return betweenRank;
    }

    /**
     * @return a copy of the PCA explained-variance ratios of the first
     *         {@code min(p, }{@value #EXPLAINED_VARIANCE_COMPONENTS}{@code )} principal components of
     *         the features, descending, each in {@code [0, 1]}; {@code NaN} if the features have no variance
     */
    public double[] explainedVariance() {
        return explainedVariance.clone();
    }

    /** @return {@code K}, the number of classes present in the labels, {@code >= 2} */
    public int classes() {
        return classes;
    }

    /** @return {@code N}, the number of examples */
    public int examples() {
        return examples;
    }

    /** @return {@code p}, the feature width */
    public int dimensions() {
        return dimensions;
    }

    /** @return every statistic and size, on one line */
    @Override
    public String toString() {
        return "SeparationStats{examples=" + examples + ", dimensions=" + dimensions + ", classes=" + classes
                + ", fuzziness=" + fuzziness + ", betweenWithinRatio=" + betweenWithinRatio()
                + ", meanClassMeanDistance=" + meanClassMeanDistance + ", withinTrace=" + withinTrace
                + ", betweenTrace=" + betweenTrace + ", betweenRank=" + betweenRank
                + ", explainedVariance=" + Arrays.toString(explainedVariance) + "}";
    }
}
