package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.Tolerances;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SeparationStatsTest {

    /*
     * Two classes in 2-D, N = 4:
     *   class 0: (-1,-1), (1, 1)   m0 = (0, 0), residuals (-1,-1), (1, 1)
     *   class 1: (-1, 5), (1, 3)   m1 = (0, 4), residuals (-1, 1), (1,-1)
     * SS_w = 1/4 [2 (1,1)(1,1)^T + 2 (1,-1)(1,-1)^T] = 1/4 [[4,0],[0,4]] = I,  Tr SS_w = 2
     * m = (0, 2);  SS_b = 1/2 [(0,-2)(0,-2)^T + (0,2)(0,2)^T] = [[0,0],[0,4]],  Tr SS_b = 4,  rank 1
     * SS_b^+ = [[0,0],[0,1/4]],  D = Tr(I SS_b^+) = 1/4;  B/W = 4/2 = 2;  ||m0 - m1|| = 4
     * PCA: centered (-1,-3), (1,-1), (-1,3), (1,1): C = 1/4 [[4,0],[0,20]] = diag(1, 5), ratios 5/6, 1/6
     */
    private static final double[][] TWO_CLASSES = {{-1, -1}, {1, 1}, {-1, 5}, {1, 3}};
    private static final int[] TWO_CLASS_LABELS = {0, 0, 1, 1};

    /*
     * Three classes in 2-D with collinear means (on the x axis) and unequal sizes, N = 8:
     *   class 0: (0, 1), (0,-1)                  m0 = (0, 0), residuals (0, 1), (0,-1)
     *   class 1: (2, 1), (4,-1)                  m1 = (3, 0), residuals (-1, 1), (1,-1)
     *   class 2: (5, 0), (7, 0), (6, 1), (6,-1)  m2 = (6, 0), residuals (-1,0), (1,0), (0,1), (0,-1)
     * sum r r^T = [[0,0],[0,2]] + [[2,-2],[-2,2]] + [[2,0],[0,2]] = [[4,-2],[-2,6]]
     * SS_w = 1/8 [[4,-2],[-2,6]] = [[0.5,-0.25],[-0.25,0.75]],  Tr SS_w = 1.25
     * m = (2*0 + 2*3 + 4*6) / 8 = (3.75, 0)  (over examples, not over classes: that would give (3, 0))
     * m_c - m = (-3.75, 0), (-0.75, 0), (2.25, 0)
     * SS_b = 1/3 diag(14.0625 + 0.5625 + 5.0625, 0) = diag(6.5625, 0) = diag(105/16, 0),  rank 1 < K - 1 = 2
     * SS_b^+ = diag(16/105, 0),  D = SS_w[0][0] * 16/105 = 0.5 * 16/105 = 8/105
     *   (a plain inverse does not exist; with the unweighted m = (3, 0), SS_b = diag(6, 0) and D would be 1/12)
     * B/W = 6.5625 / 1.25 = 5.25;  distances |0-3| = 3, |0-6| = 6, |3-6| = 3, mean 4
     */
    private static final double[][] COLLINEAR = {{0, 1}, {0, -1}, {2, 1}, {4, -1}, {5, 0}, {7, 0}, {6, 1}, {6, -1}};
    private static final int[] COLLINEAR_LABELS = {0, 0, 1, 1, 2, 2, 2, 2};

    @Test
    void matchesHandComputedValues_twoClassesIn2d() {
        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(TWO_CLASSES), TWO_CLASS_LABELS);

        assertEquals(0.25, stats.fuzziness(), Tolerances.HAND_COMPUTED);
        assertEquals(2.0, stats.betweenWithinRatio(), Tolerances.HAND_COMPUTED);
        assertEquals(4.0, stats.meanClassMeanDistance(), Tolerances.HAND_COMPUTED);
        assertEquals(2.0, stats.withinTrace(), Tolerances.HAND_COMPUTED);
        assertEquals(4.0, stats.betweenTrace(), Tolerances.HAND_COMPUTED);
        assertEquals(1, stats.betweenRank());
        assertArrayEquals(new double[] {5.0 / 6, 1.0 / 6}, stats.explainedVariance(), Tolerances.HAND_COMPUTED);
        assertEquals(4, stats.examples());
        assertEquals(2, stats.dimensions());
        assertEquals(2, stats.classes());
    }

    @Test
    void usesPseudoInverse_collinearMeansOfThreeClasses() {
        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(COLLINEAR), COLLINEAR_LABELS);

        assertEquals(1, stats.betweenRank());
        assertEquals(8.0 / 105, stats.fuzziness(), Tolerances.HAND_COMPUTED);
        assertEquals(5.25, stats.betweenWithinRatio(), Tolerances.HAND_COMPUTED);
        assertEquals(4.0, stats.meanClassMeanDistance(), Tolerances.HAND_COMPUTED);
        assertEquals(1.25, stats.withinTrace(), Tolerances.HAND_COMPUTED);
        assertEquals(6.5625, stats.betweenTrace(), Tolerances.HAND_COMPUTED);
        assertEquals(3, stats.classes());
        assertEquals(1.0, stats.explainedVariance()[0] + stats.explainedVariance()[1], Tolerances.HAND_COMPUTED);
    }

    @ParameterizedTest(name = "p={0}, K={1}, collinear means={2}")
    @CsvSource({"6, 4, false", "6, 4, true", "2, 4, false", "1, 3, false", "10, 2, false", "3, 5, true",
            "40, 5, false"})
    void fastPathMatchesDirectPseudoInverse_randomData(int p, int k, boolean collinear) {
        Labelled data = Labelled.random(p, k, collinear, 31L * p + k);

        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(data.features), data.labels);
        DirectSeparation direct = DirectSeparation.of(data.features, data.labels, k);

        assertEquals(direct.betweenRank, stats.betweenRank(), "rank of SS_b");
        assertEquals(collinear ? 1 : Math.min(p, k - 1), stats.betweenRank(), "rank of SS_b");
        assertClose(direct.fuzziness, stats.fuzziness(), Tolerances.FAST_VS_DIRECT, "fuzziness");
        assertClose(direct.withinTrace, stats.withinTrace(), Tolerances.FAST_VS_DIRECT, "Tr SS_w");
        assertClose(direct.betweenTrace, stats.betweenTrace(), Tolerances.FAST_VS_DIRECT, "Tr SS_b");
    }

    @Test
    void statisticsUnchanged_globalTranslation() {
        Labelled data = Labelled.random(5, 3, false, 7);
        INDArray features = Nd4j.createFromArray(data.features);
        INDArray shift = Nd4j.createFromArray(new double[][] {{100, -40, 3, 0.5, 1e3}});

        SeparationStats before = SeparationStats.of(features, data.labels);
        SeparationStats after = SeparationStats.of(features.addRowVector(shift), data.labels);

        assertClose(before.fuzziness(), after.fuzziness(), Tolerances.INVARIANCE, "fuzziness");
        assertClose(before.betweenWithinRatio(), after.betweenWithinRatio(), Tolerances.INVARIANCE, "B/W");
        assertClose(before.meanClassMeanDistance(), after.meanClassMeanDistance(), Tolerances.INVARIANCE,
                "mean distance");
    }

    @Test
    void fuzzinessAndRatioUnchanged_uniformScaling() {
        Labelled data = Labelled.random(5, 3, false, 8);
        INDArray features = Nd4j.createFromArray(data.features);
        double scale = 37.5;

        SeparationStats before = SeparationStats.of(features, data.labels);
        SeparationStats after = SeparationStats.of(features.mul(scale), data.labels);

        assertClose(before.fuzziness(), after.fuzziness(), Tolerances.INVARIANCE, "fuzziness");
        assertClose(before.betweenWithinRatio(), after.betweenWithinRatio(), Tolerances.INVARIANCE, "B/W");
        assertClose(scale * before.meanClassMeanDistance(), after.meanClassMeanDistance(), Tolerances.INVARIANCE,
                "mean distance scales with the features");
        assertArrayEquals(before.explainedVariance(), after.explainedVariance(), Tolerances.INVARIANCE);
    }

    @Test
    void statisticsUnchanged_orthogonalRotation() {
        int p = 5;
        Labelled data = Labelled.random(p, 4, false, 9);
        INDArray features = Nd4j.createFromArray(data.features);
        INDArray rotation = Nd4j.createFromArray(randomRotation(p, 10));

        SeparationStats before = SeparationStats.of(features, data.labels);
        SeparationStats after = SeparationStats.of(features.mmul(rotation), data.labels);

        assertClose(before.fuzziness(), after.fuzziness(), Tolerances.INVARIANCE, "fuzziness");
        assertClose(before.betweenWithinRatio(), after.betweenWithinRatio(), Tolerances.INVARIANCE, "B/W");
        assertClose(before.meanClassMeanDistance(), after.meanClassMeanDistance(), Tolerances.INVARIANCE,
                "mean distance");
        assertArrayEquals(before.explainedVariance(), after.explainedVariance(), Tolerances.INVARIANCE);
    }

    @Test
    void sameStatistics_oneHotLabelsWithEmptyColumn() {
        // classes 0, 1, 2 of COLLINEAR in columns 0, 2, 3; column 1 has no examples and is not a class
        int[] column = {0, 2, 3};
        double[][] oneHot = new double[COLLINEAR_LABELS.length][4];
        for (int j = 0; j < oneHot.length; j++) {
            oneHot[j][column[COLLINEAR_LABELS[j]]] = 1;
        }

        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(COLLINEAR),
                Nd4j.createFromArray(oneHot).castTo(DataType.FLOAT));

        assertEquals(3, stats.classes());
        assertEquals(8.0 / 105, stats.fuzziness(), Tolerances.HAND_COMPUTED);
        assertEquals(5.25, stats.betweenWithinRatio(), Tolerances.HAND_COMPUTED);
    }

    @Test
    void sameStatistics_relabelledClasses() {
        int[] relabelled = {70, 70, 3, 3, 100, 100, 100, 100};

        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(COLLINEAR), relabelled);

        assertEquals(3, stats.classes());
        assertEquals(8.0 / 105, stats.fuzziness(), Tolerances.HAND_COMPUTED);
        assertEquals(4.0, stats.meanClassMeanDistance(), Tolerances.HAND_COMPUTED);
    }

    @Test
    void sameStatistics_float32Features() {
        // every value of COLLINEAR is exact in float32
        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(COLLINEAR).castTo(DataType.FLOAT),
                COLLINEAR_LABELS);

        assertEquals(8.0 / 105, stats.fuzziness(), Tolerances.HAND_COMPUTED);
        assertEquals(5.25, stats.betweenWithinRatio(), Tolerances.HAND_COMPUTED);
    }

    @Test
    void inputsNotModified_features32And64() {
        INDArray features = Nd4j.createFromArray(COLLINEAR);
        INDArray floats = features.castTo(DataType.FLOAT);
        INDArray featuresBefore = features.dup();
        INDArray floatsBefore = floats.dup();
        int[] labels = COLLINEAR_LABELS.clone();

        SeparationStats.of(features, labels);
        SeparationStats.of(floats, labels);

        assertEquals(featuresBefore, features);
        assertEquals(floatsBefore, floats);
        assertArrayEquals(COLLINEAR_LABELS, labels);
    }

    @Test
    void reportsMinOfWidthAndTenComponents_explainedVariance() {
        Labelled narrow = Labelled.random(3, 2, false, 12);
        Labelled wide = Labelled.random(12, 2, false, 13);

        double[] three = SeparationStats.of(Nd4j.createFromArray(narrow.features), narrow.labels)
                .explainedVariance();
        double[] ten = SeparationStats.of(Nd4j.createFromArray(wide.features), wide.labels).explainedVariance();

        assertEquals(3, three.length);
        assertEquals(1.0, three[0] + three[1] + three[2], Tolerances.HAND_COMPUTED, "all p components explain all");
        assertEquals(SeparationStats.EXPLAINED_VARIANCE_COMPONENTS, ten.length);
        for (int i = 1; i < ten.length; i++) {
            assertTrue(ten[i] <= ten[i - 1], "ratios descending at " + i);
        }
    }

    @Test
    void fuzzinessInfinite_classMeansCoincide() {
        // class 0: (-1,0), (1,0); class 1: (0,-1), (0,1): both means (0,0), SS_b = 0, Tr SS_w = 1
        double[][] features = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};

        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(features), new int[] {0, 0, 1, 1});

        assertEquals(Double.POSITIVE_INFINITY, stats.fuzziness());
        assertEquals(0, stats.betweenRank());
        assertEquals(0.0, stats.betweenWithinRatio());
        assertEquals(0.0, stats.meanClassMeanDistance());
    }

    @Test
    void fuzzinessNaN_allExamplesIdentical() {
        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(new double[][] {{1, 2}, {1, 2}}),
                new int[] {0, 1});

        assertTrue(Double.isNaN(stats.fuzziness()), "got " + stats.fuzziness());
        assertTrue(Double.isNaN(stats.betweenWithinRatio()), "got " + stats.betweenWithinRatio());
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void rankAtMostKMinusOne_mnistWidthFeatures() {
        Labelled data = Labelled.random(784, 10, false, 14);

        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(data.features), data.labels);

        assertEquals(9, stats.betweenRank());
        assertTrue(stats.fuzziness() > 0 && Double.isFinite(stats.fuzziness()), "got " + stats.fuzziness());
        assertEquals(10, stats.explainedVariance().length);
    }

    @Test
    void toStringListsEveryStatistic() {
        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(TWO_CLASSES), TWO_CLASS_LABELS);

        String text = stats.toString();

        for (String field : new String[] {"examples=4", "dimensions=2", "classes=2",
                "fuzziness=" + stats.fuzziness(), "betweenWithinRatio=" + stats.betweenWithinRatio(),
                "meanClassMeanDistance=" + stats.meanClassMeanDistance(), "withinTrace=" + stats.withinTrace(),
                "betweenTrace=" + stats.betweenTrace(), "betweenRank=1",
                "explainedVariance=" + Arrays.toString(stats.explainedVariance())}) {
            assertTrue(text.contains(field), "missing " + field + " in " + text);
        }
    }

    @Test
    void accessorReturnsCopy_explainedVariance() {
        SeparationStats stats = SeparationStats.of(Nd4j.createFromArray(TWO_CLASSES), TWO_CLASS_LABELS);

        stats.explainedVariance()[0] = -1;

        assertEquals(5.0 / 6, stats.explainedVariance()[0], Tolerances.HAND_COMPUTED);
    }

    @Test
    void throwsNamingBothCounts_rowCountMismatch() {
        INDArray features = Nd4j.zeros(DataType.DOUBLE, 5, 2);

        String message = assertThrows(IllegalArgumentException.class,
                () -> SeparationStats.of(features, new int[] {0, 1, 0, 1})).getMessage();

        assertTrue(message.contains("5 rows") && message.contains("4 entries"), message);
    }

    @Test
    void throwsNamingBothShapes_oneHotRowCountMismatch() {
        INDArray features = Nd4j.zeros(DataType.DOUBLE, 3, 2);
        INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0}, {0, 1}});

        String message = assertThrows(IllegalArgumentException.class,
                () -> SeparationStats.of(features, labels)).getMessage();

        assertTrue(message.contains("[3, 2]") && message.contains("[2, 2]"), message);
    }

    @Test
    void throwsNamingLabel_singleClass() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> SeparationStats.of(Nd4j.zeros(DataType.DOUBLE, 3, 2), new int[] {3, 3, 3})).getMessage();

        assertTrue(message.contains("at least 2 classes") && message.contains("label 3"), message);
    }

    @Test
    void throwsNamingPosition_nanFeature() {
        INDArray features = Nd4j.createFromArray(TWO_CLASSES);
        features.putScalar(2, 1, Double.NaN);

        String message = assertThrows(IllegalArgumentException.class,
                () -> SeparationStats.of(features, TWO_CLASS_LABELS)).getMessage();

        assertTrue(message.contains("NaN") && message.contains("row 2, column 1"), message);
    }

    @Test
    void throwsNamingValue_infiniteFeature() {
        INDArray features = Nd4j.createFromArray(TWO_CLASSES).castTo(DataType.FLOAT);
        features.putScalar(0, 0, Float.NEGATIVE_INFINITY);

        String message = assertThrows(IllegalArgumentException.class,
                () -> SeparationStats.of(features, TWO_CLASS_LABELS)).getMessage();

        assertTrue(message.contains("-Infinity") && message.contains("row 0, column 0"), message);
    }

    @Test
    void throwsNamingShape_rank3Features() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> SeparationStats.of(Nd4j.zeros(DataType.DOUBLE, 2, 2, 2), new int[] {0, 1})).getMessage();

        assertTrue(message.contains("rank 3") && message.contains("[2, 2, 2]"), message);
    }

    @Test
    void throwsNamingShape_rank1Features() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> SeparationStats.of(Nd4j.createFromArray(1.0, 2.0), new int[] {0, 1})).getMessage();

        assertTrue(message.contains("rank 1") && message.contains("[2]"), message);
    }

    @Test
    void throwsNamingIndex_negativeLabel() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> SeparationStats.of(Nd4j.zeros(DataType.DOUBLE, 3, 2), new int[] {0, 1, -1})).getMessage();

        assertTrue(message.contains("-1") && message.contains("index 2"), message);
    }

    @Test
    void throwsNamingRow_labelsNotOneHot() {
        INDArray labels = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 0.5, 0.5}});

        String message = assertThrows(IllegalArgumentException.class,
                () -> SeparationStats.of(Nd4j.zeros(DataType.DOUBLE, 2, 2), labels)).getMessage();

        assertTrue(message.contains("row 1") && message.contains("[0.0, 0.5, 0.5]"), message);
    }

    private static void assertClose(double expected, double actual, double relative, String what) {
        assertTrue(Tolerances.closeRelative(expected, actual, relative),
                what + ": expected " + expected + ", got " + actual + " (relative tolerance " + relative + ")");
    }

    /** Product of Givens rotations over every coordinate pair, random angles: an orthogonal {@code [p, p]}. */
    private static double[][] randomRotation(int p, long seed) {
        Random random = new Random(seed);
        double[][] q = new double[p][p];
        for (int i = 0; i < p; i++) {
            q[i][i] = 1;
        }
        for (int a = 0; a < p; a++) {
            for (int b = a + 1; b < p; b++) {
                double angle = 2 * Math.PI * random.nextDouble();
                double c = Math.cos(angle);
                double s = Math.sin(angle);
                for (int r = 0; r < p; r++) {
                    double ra = q[r][a];
                    double rb = q[r][b];
                    q[r][a] = c * ra - s * rb;
                    q[r][b] = s * ra + c * rb;
                }
            }
        }
        return q;
    }

    /** Random labelled features whose class means are exactly the designed ones. */
    private record Labelled(double[][] features, int[] labels) {

        /**
         * Class {@code c} has {@code 5 + 2c} examples (unequal sizes): its designed mean (3 times a standard
         * normal vector, or {@code (c - 1) * direction} for collinear means) plus standard normal residuals
         * re-centered to average exactly zero within the class.
         */
        static Labelled random(int p, int k, boolean collinear, long seed) {
            Random random = new Random(seed);
            double[] direction = new double[p];
            for (int d = 0; d < p; d++) {
                direction[d] = random.nextGaussian();
            }
            int n = 0;
            for (int c = 0; c < k; c++) {
                n += 5 + 2 * c;
            }
            double[][] features = new double[n][p];
            int[] labels = new int[n];
            int row = 0;
            for (int c = 0; c < k; c++) {
                int size = 5 + 2 * c;
                double[] mean = new double[p];
                double[] residualMean = new double[p];
                for (int d = 0; d < p; d++) {
                    mean[d] = collinear ? (c - 1.0) * direction[d] : 3 * random.nextGaussian();
                }
                for (int j = row; j < row + size; j++) {
                    labels[j] = c;
                    for (int d = 0; d < p; d++) {
                        features[j][d] = random.nextGaussian();
                        residualMean[d] += features[j][d] / size;
                    }
                }
                for (int j = row; j < row + size; j++) {
                    for (int d = 0; d < p; d++) {
                        features[j][d] += mean[d] - residualMean[d];
                    }
                }
                row += size;
            }
            return new Labelled(features, labels);
        }
    }
}
