package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.Tolerances;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PrincipalComponentsTest {

    /*
     * Axis-aligned cross in 3-D around (10, 20, 30), N = 4:
     *   (13,20,30), (7,20,30), (10,21,30), (10,19,30)       mean (10, 20, 30)
     * centered (+-3, 0, 0), (0, +-1, 0): C = 1/4 diag(18, 2, 0) = diag(4.5, 0.5, 0), Tr C = 5
     * ratios 4.5/5 = 0.9, 0.5/5 = 0.1;  axes e1, e2 (largest entry +1)
     * projections: (13,20,30) -> (3, 0), (10,19,30) -> (0, -1), new (11, 22, 35) -> (1, 2)
     */
    private static final double[][] CROSS = {{13, 20, 30}, {7, 20, 30}, {10, 21, 30}, {10, 19, 30}};

    /*
     * Rotated cross in 2-D: u = (0.6, -0.8), v = (0.8, 0.6) orthonormal; points +-5u, +-v, N = 4, mean 0:
     *   (3,-4), (-3,4), (0.8,0.6), (-0.8,-0.6)
     * C = 1/4 (2*25 u u^T + 2 v v^T) = 12.5 u u^T + 0.5 v v^T, Tr C = 13: ratios 12.5/13, 0.5/13
     * sign convention: u's largest-magnitude entry is -0.8, so the first axis is -u = (-0.6, 0.8); v stays
     * projections: 5u = (3,-4) -> (5u . -u, 5u . v) = (-5, 0);  v -> (0, 1)
     */
    private static final double[][] ROTATED = {{3, -4}, {-3, 4}, {0.8, 0.6}, {-0.8, -0.6}};

    @Test
    void recoversKnownAxes_axisAlignedCross() {
        PrincipalComponents pca = PrincipalComponents.fit(Nd4j.createFromArray(CROSS), 2);

        assertArrayEquals(new double[] {0.9, 0.1}, pca.explainedVarianceRatio(), Tolerances.HAND_COMPUTED);
        assertArrayEquals(new double[] {10, 20, 30}, pca.mean().toDoubleVector(), Tolerances.HAND_COMPUTED);
        assertArrayEquals(new double[] {1, 0, 0}, pca.components().getRow(0).toDoubleVector(),
                Tolerances.HAND_COMPUTED);
        assertArrayEquals(new double[] {0, 1, 0}, pca.components().getRow(1).toDoubleVector(),
                Tolerances.HAND_COMPUTED);
        assertEquals(2, pca.componentCount());
        assertEquals(3, pca.dimensions());
    }

    @Test
    void projectsWithFittedMean_axisAlignedCross() {
        PrincipalComponents pca = PrincipalComponents.fit(Nd4j.createFromArray(CROSS), 2);

        INDArray scores = pca.project(Nd4j.createFromArray(new double[][] {{13, 20, 30}, {10, 19, 30},
                {11, 22, 35}}));

        assertArrayEquals(new long[] {3, 2}, scores.shape());
        assertArrayEquals(new double[] {3, 0, 0, -1, 1, 2}, scores.reshape(6).toDoubleVector(),
                Tolerances.HAND_COMPUTED);
    }

    @Test
    void largestEntryPositive_rotatedCross() {
        PrincipalComponents pca = PrincipalComponents.fit(Nd4j.createFromArray(ROTATED), 2);

        assertArrayEquals(new double[] {12.5 / 13, 0.5 / 13}, pca.explainedVarianceRatio(),
                Tolerances.HAND_COMPUTED);
        assertArrayEquals(new double[] {-0.6, 0.8, 0.8, 0.6}, pca.components().reshape(4).toDoubleVector(),
                Tolerances.HAND_COMPUTED);
        assertArrayEquals(new double[] {-5, 0, 0, 1},
                pca.project(Nd4j.createFromArray(new double[][] {{3, -4}, {0.8, 0.6}})).reshape(4)
                        .toDoubleVector(), Tolerances.HAND_COMPUTED);
    }

    @Test
    void componentsUnchangedAndScoresNegated_negatedFeatures() {
        INDArray features = Nd4j.createFromArray(randomFeatures(30, 4, 1));

        PrincipalComponents pca = PrincipalComponents.fit(features, 3);
        PrincipalComponents negated = PrincipalComponents.fit(features.neg(), 3);

        assertArrayEquals(pca.components().reshape(12).toDoubleVector(),
                negated.components().reshape(12).toDoubleVector(), Tolerances.EIGEN);
        assertArrayEquals(pca.project(features).neg().reshape(90).toDoubleVector(),
                negated.project(features.neg()).reshape(90).toDoubleVector(), Tolerances.EIGEN);
    }

    @Test
    void orthonormalDescendingComponents_randomFeatures() {
        int p = 6;
        INDArray features = Nd4j.createFromArray(randomFeatures(40, p, 2));

        PrincipalComponents pca = PrincipalComponents.fit(features, p);

        INDArray u = pca.components();
        assertEquals(0, u.mmul(u.transpose()).sub(Nd4j.eye(p).castTo(DataType.DOUBLE)).norm2Number().doubleValue(),
                Tolerances.EIGEN, "U U^T = I");
        double[] ratios = pca.explainedVarianceRatio();
        double sum = 0;
        for (int i = 0; i < p; i++) {
            sum += ratios[i];
            assertTrue(i == 0 || ratios[i] <= ratios[i - 1], "ratios descending at " + i);
        }
        assertEquals(1.0, sum, Tolerances.EIGEN, "all p components explain all the variance");
        // the scores of the fitted data are centered and uncorrelated: S^T S / N = diag(lambda)
        INDArray scores = pca.project(features);
        INDArray scoreCovariance = scores.transpose().mmul(scores).div(40);
        double offDiagonal = scoreCovariance.sub(scoreCovariance.mul(Nd4j.eye(p).castTo(DataType.DOUBLE)))
                .norm2Number().doubleValue();
        assertEquals(0, offDiagonal, Tolerances.EIGEN, "score covariance off-diagonal");
    }

    @Test
    void sameRatiosWithoutComponents_randomFeatures() {
        INDArray features = Nd4j.createFromArray(randomFeatures(25, 5, 3));

        double[] full = PrincipalComponents.fit(features, 4).explainedVarianceRatio();
        double[] valuesOnly = PrincipalComponents.explainedVarianceRatio(FeatureMatrix.of(features, "features"), 4);

        assertArrayEquals(full, valuesOnly, Tolerances.EIGEN);
    }

    @Test
    void float64Results_float32Input() {
        PrincipalComponents pca = PrincipalComponents.fit(Nd4j.createFromArray(CROSS).castTo(DataType.FLOAT), 2);

        INDArray scores = pca.project(Nd4j.createFromArray(new float[][] {{13, 20, 30}}));

        assertEquals(DataType.DOUBLE, scores.dataType());
        assertEquals(DataType.DOUBLE, pca.components().dataType());
        assertArrayEquals(new double[] {3, 0}, scores.reshape(2).toDoubleVector(), Tolerances.HAND_COMPUTED);
    }

    @Test
    void inputsAndStateNotModified_fitProjectAndAccessors() {
        INDArray features = Nd4j.createFromArray(CROSS);
        INDArray before = features.dup();
        PrincipalComponents pca = PrincipalComponents.fit(features, 2);
        INDArray x = Nd4j.createFromArray(new double[][] {{11, 22, 35}});
        INDArray xBefore = x.dup();

        pca.project(x);
        pca.components().assign(0);
        pca.mean().assign(0);
        pca.explainedVarianceRatio()[0] = -1;

        assertEquals(before, features);
        assertEquals(xBefore, x);
        assertArrayEquals(new double[] {10, 20, 30}, pca.mean().toDoubleVector(), Tolerances.HAND_COMPUTED);
        assertArrayEquals(new double[] {1, 0, 0}, pca.components().getRow(0).toDoubleVector(),
                Tolerances.HAND_COMPUTED);
        assertEquals(0.9, pca.explainedVarianceRatio()[0], Tolerances.HAND_COMPUTED);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void fitsAndProjects_mnistWidthFeatures() {
        INDArray features = Nd4j.createFromArray(randomFeatures(300, 784, 4));

        PrincipalComponents pca = PrincipalComponents.fit(features, 10);

        assertArrayEquals(new long[] {300, 10}, pca.project(features).shape());
        assertArrayEquals(new long[] {10, 784}, pca.components().shape());
    }

    @Test
    void toStringListsSettingsAndRatios() {
        String text = PrincipalComponents.fit(Nd4j.createFromArray(CROSS), 2).toString();

        assertTrue(text.contains("components=2") && text.contains("dimensions=3")
                && text.contains("explainedVarianceRatio=["), text);
    }

    @Test
    void throwsNamingValue_zeroComponents() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> PrincipalComponents.fit(Nd4j.createFromArray(CROSS), 0)).getMessage();

        assertTrue(message.contains("[1, 3]") && message.contains("got 0"), message);
    }

    @Test
    void throwsNamingValue_moreComponentsThanWidth() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> PrincipalComponents.fit(Nd4j.createFromArray(CROSS), 4)).getMessage();

        assertTrue(message.contains("[1, 3]") && message.contains("got 4"), message);
    }

    @Test
    void throwsNamingCount_singleRow() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> PrincipalComponents.fit(Nd4j.createFromArray(new double[][] {{1, 2}}), 1)).getMessage();

        assertTrue(message.contains("at least 2 rows") && message.contains("got 1"), message);
    }

    @Test
    void throwsNamingBothShapes_projectWidthMismatch() {
        PrincipalComponents pca = PrincipalComponents.fit(Nd4j.createFromArray(CROSS), 2);

        String message = assertThrows(IllegalArgumentException.class,
                () -> pca.project(Nd4j.zeros(DataType.DOUBLE, 5, 2))).getMessage();

        assertTrue(message.contains("[M, 3]") && message.contains("[5, 2]"), message);
    }

    @Test
    void throwsNamingPosition_nanFeature() {
        INDArray features = Nd4j.createFromArray(CROSS);
        features.putScalar(3, 2, Double.NaN);

        String message = assertThrows(IllegalArgumentException.class,
                () -> PrincipalComponents.fit(features, 1)).getMessage();

        assertTrue(message.contains("NaN") && message.contains("row 3, column 2"), message);
    }

    @Test
    void throwsNamingShape_rank3Features() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> PrincipalComponents.fit(Nd4j.zeros(DataType.DOUBLE, 3, 2, 2), 1)).getMessage();

        assertTrue(message.contains("rank 3") && message.contains("[3, 2, 2]"), message);
    }

    /** Standard normal features with per-column scales 1, 2, 3, ... so that the spectrum has distinct values. */
    private static double[][] randomFeatures(int n, int p, long seed) {
        Random random = new Random(seed);
        double[][] features = new double[n][p];
        for (int j = 0; j < n; j++) {
            for (int d = 0; d < p; d++) {
                features[j][d] = (d + 1) * random.nextGaussian() + 0.5 * d;
            }
        }
        return features;
    }
}
