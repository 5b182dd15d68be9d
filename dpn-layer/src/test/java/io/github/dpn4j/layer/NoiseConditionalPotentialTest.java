package io.github.dpn4j.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The noise-conditional potential's closed forms against SameDiff autodiff and against an independent, loop-by-loop
 * computation of the Gaussian mixture's posterior mean.
 */
class NoiseConditionalPotentialTest {

    private static final int K = 3;
    private static final int D = 4;

    /** A mixture with unequal weights and variances, in float64. */
    static NoiseConditionalPotential mixture(DataType dataType, double tolerated, double offset) {
        INDArray mu = Networks.features(K, D, DataType.DOUBLE, 21).muli(2).addi(offset);
        INDArray logVariance = Networks.features(K, D, DataType.DOUBLE, 22).muli(0.8).subi(1.0);
        INDArray c = Nd4j.createFromArray(new double[][]{{0.2, -0.4, 0.7}});
        return NoiseConditionalPotential.of(mu.castTo(dataType), logVariance.castTo(dataType), c.castTo(dataType),
                DenoisingScoreMatching.DEFAULT_NOISE_GRID, DenoisingScoreMatching.DEFAULT_NOISE_GRID, tolerated);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.3, 1.1})
    void closedFormGradient_equalsSameDiffAutodiffOfLogDensity(double s) {
        NoiseConditionalPotential p = mixture(DataType.DOUBLE, 0, 0);
        INDArray x = Networks.features(5, D, DataType.DOUBLE, 3).muli(3);

        SameDiff sd = SameDiff.create();
        SDVariable in = sd.var("x", x.dup());
        SDVariable s2 = sd.constant("s2", Nd4j.valueArrayOf(new long[]{1, 1}, s * s, DataType.DOUBLE));
        NoiseConditionalGraph graph = NoiseConditionalGraph.define(sd, sd.constant("mu", p.centers()),
                sd.constant("logVariance", p.logVariances()), sd.constant("c", p.logWeights()),
                sd.constant("origin", Nd4j.zeros(DataType.DOUBLE, 1, D)), D);
        SDVariable value = graph.logDensity(in, s2);
        SDVariable closedForm = graph.gradient(in, s2);
        sd.sum("total", value);
        sd.setLossVariables("total");
        Map<String, INDArray> autodiff = sd.calculateGradients(null, "x");
        INDArray graphValue = value.eval().reshape(5);
        INDArray graphGradient = closedForm.eval();

        assertClose(graphValue, p.logDensity(x, s), Tolerances.SAME_MATH_FLOAT64, "phi_s, graph vs ND4J");
        assertClose(autodiff.get("x"), p.gradient(x, s), Tolerances.SAME_MATH_FLOAT64, "grad phi_s vs autodiff");
        assertClose(graphGradient, p.gradient(x, s), Tolerances.SAME_MATH_FLOAT64, "closed form, graph vs ND4J");
    }

    @Test
    void logDensity_isTheSmoothedMixtureDensity() {
        NoiseConditionalPotential p = mixture(DataType.DOUBLE, 0, 0);
        INDArray x = Networks.features(4, D, DataType.DOUBLE, 8);
        double s = 0.4;
        for (int b = 0; b < 4; b++) {
            assertEquals(naiveLogDensity(p, x.getRow(b).toDoubleVector(), s), p.logDensity(x, s).getDouble(b),
                    Tolerances.SAME_MATH_FLOAT64, "row " + b);
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.2})
    void tweedieStep_isThePosteriorMeanOfTheMixture(double tolerated) {
        NoiseConditionalPotential p = mixture(DataType.DOUBLE, tolerated, 0);
        INDArray y = Networks.features(6, D, DataType.DOUBLE, 9).muli(2);
        double s = 0.7;
        INDArray stepped = p.denoise(y, s);
        for (int b = 0; b < 6; b++) {
            double[] expected = posteriorMean(p, y.getRow(b).toDoubleVector(), s, tolerated);
            for (int j = 0; j < D; j++) {
                assertEquals(expected[j], stepped.getDouble(b, j), Tolerances.SAME_MATH_FLOAT64,
                        "row " + b + ", dimension " + j + ", s0 " + tolerated);
            }
        }
    }

    @Test
    void tweedieStep_atOrBelowTheToleratedLevel_isTheIdentity() {
        NoiseConditionalPotential p = mixture(DataType.DOUBLE, 0.5, 0);
        INDArray y = Networks.features(3, D, DataType.DOUBLE, 10);
        assertEquals(y, p.denoise(y, 0.5));
        assertEquals(y, p.denoise(y, 0.1));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.6, Double.NaN})
    void denoiseBackward_equalsCentralDifferences(double s) {
        NoiseConditionalPotential p = mixture(DataType.DOUBLE, 0.1, 0);
        INDArray x = Networks.features(3, D, DataType.DOUBLE, 11).muli(2);
        INDArray epsilon = Networks.features(3, D, DataType.DOUBLE, 12);
        INDArray analytic = p.denoiseBackward(x, epsilon, s);
        double h = Tolerances.CENTRAL_DIFFERENCE_STEP;
        for (int b = 0; b < 3; b++) {
            for (int j = 0; j < D; j++) {
                INDArray plus = x.dup();
                plus.putScalar(b, j, x.getDouble(b, j) + h);
                INDArray minus = x.dup();
                minus.putScalar(b, j, x.getDouble(b, j) - h);
                double numeric = p.denoise(plus, s).sub(p.denoise(minus, s)).mul(epsilon).sumNumber().doubleValue()
                        / (2 * h);
                assertEquals(numeric, analytic.getDouble(b, j), Tolerances.CENTRAL_DIFFERENCE_FLOAT64, "row " + b + ", dimension " + j);
            }
        }
    }

    @Test
    void estimatedStep_ofRowsAtMixedLevels_isEachRowsOwnStepAtItsLevel() {
        NoiseConditionalPotential p = mixture(DataType.DOUBLE, 0.1, 0);
        // rows at a center, and at growing distances from one, out of order: their estimates differ
        double[] scale = {1.5, 0, 0.4, 3, 0, 0.8, 0.2};
        INDArray x = Networks.features(7, D, DataType.DOUBLE, 13);
        INDArray centers = p.centers();
        for (int b = 0; b < 7; b++) {
            x.getRow(b).muli(scale[b]).addi(centers.getRow(b % K));
        }
        INDArray epsilon = Networks.features(7, D, DataType.DOUBLE, 14);
        double[] levels = p.noiseLevel(x).toDoubleVector();
        assertTrue(Arrays.stream(levels).distinct().count() >= 3,
                "the rows should sit at several noise levels: " + Arrays.toString(levels));
        INDArray stepped = p.denoise(x);
        INDArray backward = p.denoiseBackward(x, epsilon, Double.NaN);
        for (int b = 0; b < 7; b++) {
            INDArray row = x.getRow(b, true);
            assertClose(p.denoise(row, levels[b]), stepped.getRow(b, true), Tolerances.SAME_MATH_FLOAT64,
                    "row " + b + " at level " + levels[b]);
            assertClose(p.denoiseBackward(row, epsilon.getRow(b, true), levels[b]), backward.getRow(b, true),
                    Tolerances.SAME_MATH_FLOAT64, "backward, row " + b);
        }
    }

    @Test
    void potentialBuiltOrFirstUsedInAWorkspace_staysValidAfterTheWorkspaceIsReused() {
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(32L << 20)
                .policyLearning(LearningPolicy.NONE).build();
        INDArray x = Networks.features(6, D, DataType.DOUBLE, 15).muli(2);
        INDArray expected = mixture(DataType.DOUBLE, 0.1, 0).denoise(x);
        NoiseConditionalPotential built;
        NoiseConditionalPotential used = mixture(DataType.DOUBLE, 0.1, 0);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "NCP_TEST")) {
            built = mixture(DataType.DOUBLE, 0.1, 0);
            used.denoise(x);        // builds its per-level terms and the noise grid while the workspace is open
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "NCP_TEST")) {
            Nd4j.valueArrayOf(new long[]{2000, 2000}, 7.0, DataType.DOUBLE); // overwrites the workspace's memory
        }
        assertEquals(expected, used.denoise(x));
        assertEquals(expected, built.denoise(x));
    }

    @Test
    void float32ResponsibilitiesBelowTheFloor_areZero_float64KeepsThem() {
        // two 1-D components 1 apart with variance 0.01: at x = 0 the far one has responsibility e^-50 ≈ 2e-22
        INDArray mu = Nd4j.createFromArray(new double[][]{{0}, {1}});
        INDArray logVariance = Nd4j.valueArrayOf(new long[]{2, 1}, Math.log(0.01), DataType.DOUBLE);
        INDArray c = Nd4j.zeros(DataType.DOUBLE, 1, 2);
        double[] grid = {0, 0.5};
        INDArray x = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        double exact = NoiseConditionalPotential.of(mu, logVariance, c, grid, grid, 0).responsibilities(x, 0)
                .getDouble(0, 1);
        assertTrue(exact > 0 && exact < NoiseConditionalPotential.FLOAT_RESPONSIBILITY_FLOOR, "float64: " + exact);
        INDArray r32 = NoiseConditionalPotential.of(mu.castTo(DataType.FLOAT), logVariance.castTo(DataType.FLOAT),
                c.castTo(DataType.FLOAT), grid, grid, 0).responsibilities(x.castTo(DataType.FLOAT), 0);
        assertEquals(0.0, r32.getDouble(0, 1));
        assertEquals(1.0, r32.getDouble(0, 0), 1e-6);
    }

    @Test
    void onePotentialSharedByThreads_givesEachTheSerialResult() throws Exception {
        NoiseConditionalPotential shared = mixture(DataType.DOUBLE, 0.1, 0);   // nothing built yet: threads race
        INDArray[] inputs = new INDArray[4];
        INDArray[] expected = new INDArray[inputs.length];
        for (int t = 0; t < inputs.length; t++) {
            inputs[t] = Networks.features(9, D, DataType.DOUBLE, 40 + t).muli(1 + t);
            expected[t] = mixture(DataType.DOUBLE, 0.1, 0).denoise(inputs[t]);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(inputs.length);
        try {
            java.util.List<java.util.concurrent.Future<INDArray>> results = new java.util.ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (INDArray x : inputs) {
                    results.add(pool.submit(() -> shared.denoise(x)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(expected[i % inputs.length], results.get(i).get(), "call " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noiseEstimate_recoversTheNoiseLevelOfSyntheticData() {
        int d = 64;
        int k = 4;
        INDArray mu = Networks.features(k, d, DataType.DOUBLE, 30).muli(4);
        INDArray logVariance = Nd4j.valueArrayOf(new long[]{k, d}, Math.log(0.01), DataType.DOUBLE);
        double[] grid = new double[41];
        for (int g = 0; g < grid.length; g++) {
            grid[g] = 0.025 * g;
        }
        NoiseConditionalPotential p = NoiseConditionalPotential.of(mu, logVariance, Nd4j.zeros(DataType.DOUBLE, 1, k),
                grid, grid, 0);
        SplittableRandom random = new SplittableRandom(5);
        for (double sigma : new double[]{0.0, 0.2, 0.5, 0.9}) {
            INDArray x = Nd4j.create(DataType.DOUBLE, 200, d);
            for (int b = 0; b < 200; b++) {
                int component = random.nextInt(k);
                for (int j = 0; j < d; j++) {
                    double clean = mu.getDouble(component, j) + 0.1 * gaussian(random);
                    x.putScalar(b, j, clean + sigma * gaussian(random));
                }
            }
            // the clean spread equals the components' variance, so the most likely smoothing level is sigma itself
            double mean = p.noiseLevel(x).meanNumber().doubleValue();
            assertEquals(sigma, mean, Tolerances.NOISE_ESTIMATE,
                    "true sigma " + sigma);
        }
    }

    @Test
    void gridLogDensities_areTheMarginalOverEveryThirdDimensionOf600() {
        int d = 600;
        INDArray mu = Networks.features(2, d, DataType.DOUBLE, 60);
        INDArray logVariance = Networks.features(2, d, DataType.DOUBLE, 61).muli(0.3);
        INDArray c = Nd4j.createFromArray(new double[][]{{0.1, -0.3}});
        double[] grid = {0, 0.5, 1.0};
        NoiseConditionalPotential full = NoiseConditionalPotential.of(mu, logVariance, c, grid, grid, 0);
        int[] every3rd = new int[d / 3];
        for (int j = 0; j < every3rd.length; j++) {
            every3rd[j] = 3 * j;
        }
        NoiseConditionalPotential marginal = NoiseConditionalPotential.of(mu.getColumns(every3rd),
                logVariance.getColumns(every3rd), c, grid, grid, 0);
        INDArray x = Networks.features(3, d, DataType.DOUBLE, 62);
        INDArray densities = full.gridLogDensities(x);
        for (int g = 0; g < grid.length; g++) {
            assertClose(marginal.logDensity(x.getColumns(every3rd), grid[g]), densities.getColumn(g),
                    Tolerances.SAME_MATH_FLOAT64 * d, "grid level " + grid[g]);
        }
    }

    @Test
    void gridLogDensities_ofFewDimensions_areTheLogDensitiesAtEachLevel() {
        NoiseConditionalPotential p = mixture(DataType.DOUBLE, 0, 0);
        INDArray x = Networks.features(3, D, DataType.DOUBLE, 63);
        INDArray densities = p.gridLogDensities(x);
        double[] grid = p.noiseGrid();
        for (int g = 0; g < grid.length; g++) {
            assertClose(p.logDensity(x, grid[g]), densities.getColumn(g), Tolerances.SAME_MATH_FLOAT64,
                    "grid level " + grid[g]);
        }
    }

    @Test
    void float32FarFromTheOrigin_keepsItsEnergies() {
        // features offset 100 with spread 0.1: the expanded quadratic form cancels unless centred first
        NoiseConditionalPotential p32 = mixture(DataType.FLOAT, 0, 100);
        NoiseConditionalPotential p64 = mixture(DataType.DOUBLE, 0, 100);
        INDArray x = Networks.features(8, D, DataType.DOUBLE, 14).muli(0.1).addi(100);
        for (double s : new double[]{0.0, 0.5}) {
            INDArray far32 = p32.logDensity(x.castTo(DataType.FLOAT), s).castTo(DataType.DOUBLE);
            INDArray far64 = p64.logDensity(x, s);
            assertClose(far64, far32, Tolerances.FAR_FLOAT32_NATS, "float32 log-density at offset 100, s " + s);
        }
    }

    @Test
    void badInput_isRejectedNamingTheValue() {
        NoiseConditionalPotential p = mixture(DataType.DOUBLE, 0, 0);
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> p.denoise(Nd4j.zeros(DataType.DOUBLE, 2, D + 1)));
        assertTrue(shape.getMessage().contains("[2, 5]"), shape.getMessage());
        INDArray nan = Nd4j.zeros(DataType.DOUBLE, 2, D);
        nan.putScalar(1, 1, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> p.logDensity(nan, 0.3));
        IllegalArgumentException level = assertThrows(IllegalArgumentException.class,
                () -> p.denoise(Nd4j.zeros(DataType.DOUBLE, 2, D), -1));
        assertTrue(level.getMessage().contains("-1"), level.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.withCalibration(new double[]{1, 0}));
    }

    // ------------------------------------------------------------------------------------------------ references

    /** {@code log Σ_i w_i N(x; mu_i, v_i + s²)}, one loop per term. */
    private static double naiveLogDensity(NoiseConditionalPotential p, double[] x, double s) {
        double[][] mu = p.centers().toDoubleMatrix();
        double[][] v = p.variances().toDoubleMatrix();
        double[] logW = p.logWeights().toDoubleVector();
        double total = 0;
        for (int i = 0; i < mu.length; i++) {
            double log = logW[i];
            for (int j = 0; j < x.length; j++) {
                double var = v[i][j] + s * s;
                log += -0.5 * Math.log(2 * Math.PI * var) - 0.5 * (x[j] - mu[i][j]) * (x[j] - mu[i][j]) / var;
            }
            total += Math.exp(log);
        }
        return Math.log(total);
    }

    /**
     * {@code E[x + s0·z' | y]} for {@code x} from the mixture and {@code y = x + s·z}: per component the Gaussian
     * posterior mean {@code mu + (v + s0²)/(v + s²)·(y - mu)}, weighted by {@code p(i | y)}.
     */
    private static double[] posteriorMean(NoiseConditionalPotential p, double[] y, double s, double s0) {
        double[][] mu = p.centers().toDoubleMatrix();
        double[][] v = p.variances().toDoubleMatrix();
        double[] logW = p.logWeights().toDoubleVector();
        double[] logPost = new double[mu.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < mu.length; i++) {
            logPost[i] = logW[i];
            for (int j = 0; j < y.length; j++) {
                double var = v[i][j] + s * s;
                logPost[i] += -0.5 * Math.log(var) - 0.5 * (y[j] - mu[i][j]) * (y[j] - mu[i][j]) / var;
            }
            max = Math.max(max, logPost[i]);
        }
        double norm = 0;
        for (double l : logPost) {
            norm += Math.exp(l - max);
        }
        double[] mean = new double[y.length];
        for (int i = 0; i < mu.length; i++) {
            double r = Math.exp(logPost[i] - max) / norm;
            for (int j = 0; j < y.length; j++) {
                mean[j] += r * (mu[i][j] + (v[i][j] + s0 * s0) / (v[i][j] + s * s) * (y[j] - mu[i][j]));
            }
        }
        return mean;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance, what + ": max abs difference " + diff + " > " + tolerance);
    }
}
