package io.github.dpn4j.layer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A noise-conditional potential: the log-density of a diagonal Gaussian mixture smoothed by Gaussian noise of level
 * {@code s}, and the one-step (Tweedie) denoiser built on it.
 *
 * <pre>
 *   phi_s(x) = logsumexp_i [ log w_i - 1/2 Σ_j (x_j - mu_ij)² / (v_ij + s²) - 1/2 Σ_j log(v_ij + s²) ] - d/2 log 2π
 *   log w = log_softmax(c),   v = exp(logVariance) > 0
 *   denoise: x ← x + (s² - s0²) ∇phi_s(x)      (s = max(ŝ(x), s0); s = s0 is the identity)
 *   ŝ(x) = calibration[ argmax_g phi_{grid[g]}(x) ]
 * </pre>
 *
 * By Tweedie's formula, if the input is a sample of the mixture plus Gaussian noise of level {@code s}, the step is
 * the posterior mean of the input at the lower noise level {@code s0} (at {@code s0 = 0}, of the clean input): it
 * removes the noise above what the model downstream already tolerates. Per component and dimension the effective
 * step {@code (s² - s0²)/(v + s²)} is below 1, so it cannot overshoot. The log-determinant term makes the
 * responsibilities change with {@code s}, which is what lets {@code argmax_s phi_s(x)} estimate the noise level of
 * each input; the calibration (fitted by {@link DenoisingScoreMatching} under the real corruption) maps that raw
 * estimate to the noise level actually added (clipping to a pixel range makes the raw estimate saturate).
 * <p>
 * Shapes: {@code x [B, d]}; centers and log-variances {@code [k, d]}; log weights {@code [1, k]}; grid and
 * calibration {@code [G]}. Values and gradients use closed forms with one {@code [B, 2d]×[2d, k]} and one
 * {@code [B, k]×[k, 2d]} product per noise level; {@code x} and the centers are shifted to a common origin (the mean center)
 * before the quadratic form is expanded, so float32 keeps its accuracy for features far from zero. Computation runs
 * in the parameters' data type. The instance is immutable and may be shared between threads; its arrays are copies
 * and, like the per-noise-level terms it builds on first use, live outside any workspace.
 *
 * @see DenoisingScoreMatching
 * @see <a href="https://arxiv.org/abs/1907.05600">Song and Ermon, Generative modeling by estimating gradients of the
 *      data distribution (2019): noise-conditional scores</a>
 * @see <a href="https://doi.org/10.1198/jasa.2011.tm11181">Efron, Tweedie's formula and selection bias (2011)</a>
 * @see <a href="https://doi.org/10.1162/NECO_a_00142">Vincent, A connection between score matching and denoising
 *      autoencoders (2011)</a>
 */
public final class NoiseConditionalPotential {

    /**
     * The noise estimate reads at most this many dimensions (evenly strided): it is a one-parameter fit, and with
     * 256 values per input the relative spread of a variance estimate is about {@code sqrt(2/256) ≈ 9%}, while
     * reading all 784 pixels of an MNIST image would triple the front-end's cost.
     */
    public static final int ESTIMATE_DIMENSIONS = 256;

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    /** Float32 responsibilities below this are set to 0 (see {@link #softmaxRowsInPlace}). */
    static final double FLOAT_RESPONSIBILITY_FLOOR = 1e-20;

    /** Sized by use, as DL4J sizes its own inference workspaces; one per thread, held for the thread's life. */
    private static final WorkspaceConfiguration SCRATCH = WorkspaceConfiguration.builder().initialSize(0)
            .overallocationLimit(0.05).policyReset(ResetPolicy.BLOCK_LEFT).policyLearning(LearningPolicy.OVER_TIME)
            .policySpill(SpillPolicy.REALLOCATE).policyAllocation(AllocationPolicy.OVERALLOCATE).build();
    private static final String SCRATCH_ID = "DPN_NOISE_CONDITIONAL_SCRATCH";

    private final INDArray mu;          // [k, d]
    private final INDArray logVariance; // [k, d]
    private final INDArray logWeights;  // [1, k], normalised
    private final double[] grid;
    private final double[] calibration;
    private final double tolerated;
    private final INDArray origin;      // [1, d]
    private final INDArray centered;    // mu - origin, [k, d]
    private final INDArray variance;    // [k, d]
    private final Map<Double, Level> levels = new ConcurrentHashMap<>();
    private final long estimateStride;
    private volatile GridTerms gridTerms;   // built on first use

    private NoiseConditionalPotential(INDArray mu, INDArray logVariance, INDArray c, double[] grid,
                                      double[] calibration, double tolerated) {
        this.mu = mu.dup();
        this.logVariance = logVariance.dup();
        DataType dt = mu.dataType();
        INDArray cc = c.reshape(1, mu.size(0)).castTo(dt);
        this.logWeights = cc.sub(logSumExpRows(cc));
        this.grid = grid.clone();
        this.calibration = calibration.clone();
        this.tolerated = tolerated;
        this.origin = mu.mean(true, 0);
        this.centered = mu.subRowVector(origin);
        this.variance = Transforms.exp(logVariance, true);
        this.estimateStride = (mu.size(1) + ESTIMATE_DIMENSIONS - 1) / ESTIMATE_DIMENSIONS;
    }

    /**
     * @param mu          centers {@code [k, d]}
     * @param logVariance log of the per-component, per-dimension variances {@code [k, d]}
     * @param c           unnormalised log weights {@code [1, k]} or {@code [k]} ({@code log_softmax} is applied)
     * @param grid        noise levels searched by the estimate, ascending, {@code >= 0}, at least one
     * @param calibration the noise level reported when the search lands on each grid point, same length as
     *                    {@code grid}, non-decreasing, {@code >= 0}
     * @param tolerated   {@code s0 >= 0}, the noise level the model downstream tolerates (the step leaves it)
     * @throws IllegalArgumentException naming the offending value
     */
    public static NoiseConditionalPotential of(INDArray mu, INDArray logVariance, INDArray c, double[] grid,
                                               double[] calibration, double tolerated) {
        if (mu.rank() != 2 || !Arrays.equals(mu.shape(), logVariance.shape())) {
            throw new IllegalArgumentException("noise-conditional potential: centers [k, d] and log-variances must "
                    + "have one shape, got " + Arrays.toString(mu.shape()) + " and "
                    + Arrays.toString(logVariance.shape()));
        }
        if (c.length() != mu.size(0)) {
            throw new IllegalArgumentException("noise-conditional potential: " + mu.size(0)
                    + " components but " + c.length() + " log weights");
        }
        if (!mu.dataType().isFPType()) {
            throw new IllegalArgumentException("noise-conditional potential: parameters must be floating point, got "
                    + mu.dataType());
        }
        for (INDArray p : new INDArray[]{mu, logVariance, c}) {
            if (LayerValues.nonFinite(p)) {
                throw new IllegalArgumentException("noise-conditional potential: parameters contain NaN or infinite "
                        + "values");
            }
        }
        checkGrid(grid, calibration);
        if (!(tolerated >= 0) || Double.isInfinite(tolerated)) {
            throw new IllegalArgumentException("noise-conditional potential: tolerated noise level s0 must be finite "
                    + "and >= 0, got " + tolerated);
        }
        // the potential outlives any workspace open now: its arrays (and the terms it builds later) live outside
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return new NoiseConditionalPotential(mu, logVariance.castTo(mu.dataType()), c, grid, calibration,
                    tolerated);
        }
    }

    static void checkGrid(double[] grid, double[] calibration) {
        if (grid.length == 0 || grid.length != calibration.length) {
            throw new IllegalArgumentException("noise-conditional potential: the noise grid and its calibration "
                    + "need one length >= 1, got " + grid.length + " and " + calibration.length);
        }
        for (int g = 0; g < grid.length; g++) {
            if (!(grid[g] >= 0) || Double.isInfinite(grid[g]) || (g > 0 && !(grid[g] > grid[g - 1]))) {
                throw new IllegalArgumentException("noise-conditional potential: the noise grid must be finite, "
                        + ">= 0 and increasing, got " + Arrays.toString(grid));
            }
            if (!(calibration[g] >= 0) || Double.isInfinite(calibration[g])
                    || (g > 0 && calibration[g] < calibration[g - 1])) {
                throw new IllegalArgumentException("noise-conditional potential: the calibration must be finite, "
                        + ">= 0 and non-decreasing, got " + Arrays.toString(calibration));
            }
        }
    }

    /**
     * The potential of a {@link StepRule#TWEEDIE} layer's configuration and parameters (keyed as in
     * {@link DenoisingPotential}); the arrays are copied.
     */
    public static NoiseConditionalPotential of(DenoisingPotential config, Map<String, INDArray> params) {
        if (config.getStepRule() != StepRule.TWEEDIE) {
            throw new IllegalArgumentException(config.describe() + ": stepRule is " + config.getStepRule()
                    + ", a noise-conditional potential needs TWEEDIE (use Potential.of for LEARNED layers)");
        }
        for (String key : new String[]{DenoisingPotential.MU, DenoisingPotential.LOG_VARIANCE, DenoisingPotential.C,
            DenoisingPotential.CALIBRATION}) {
            if (params.get(key) == null) {
                throw new IllegalArgumentException(config.describe() + ": parameter \"" + key + "\" is missing");
            }
        }
        try {
            return of(params.get(DenoisingPotential.MU), params.get(DenoisingPotential.LOG_VARIANCE),
                    params.get(DenoisingPotential.C), config.getNoiseGrid(),
                    params.get(DenoisingPotential.CALIBRATION).toDoubleVector(), config.getToleratedNoise());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(config.describe() + ": " + e.getMessage(), e);
        }
    }

    /** The potential of layer {@code layerIndex} of {@code net}, a {@link StepRule#TWEEDIE} DenoisingPotential. */
    public static NoiseConditionalPotential of(MultiLayerNetwork net, int layerIndex) {
        return DpnLayer.at(net, layerIndex).noiseConditionalPotential();
    }

    /** The potential of the layer {@code layerName} of {@code graph}, a {@link StepRule#TWEEDIE} DenoisingPotential. */
    public static NoiseConditionalPotential of(ComputationGraph graph, String layerName) {
        return DpnLayer.named(graph, layerName).noiseConditionalPotential();
    }

    /**
     * A {@link StepRule#TWEEDIE} layer configuration that runs this potential (estimated noise level): put it in a
     * network and set its parameters from {@link #parameters()}.
     */
    public DenoisingPotential layer() {
        return new DenoisingPotential.Builder().stepRule(StepRule.TWEEDIE).nIn(mu.size(1)).components(components())
                .toleratedNoise(tolerated).noiseGrid(grid).build();
    }

    /** The parameters of {@link #layer()}, keyed as in {@link DenoisingPotential} (copies). */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put(DenoisingPotential.MU, mu.dup());
        params.put(DenoisingPotential.LOG_VARIANCE, logVariance.dup());
        params.put(DenoisingPotential.C, logWeights.dup());
        params.put(DenoisingPotential.CALIBRATION, Nd4j.createFromArray(calibration).castTo(mu.dataType())
                .reshape(1, calibration.length));
        return params;
    }

    /** The same potential with another calibration of its noise estimate. */
    public NoiseConditionalPotential withCalibration(double[] newCalibration) {
        return of(mu, logVariance, logWeights, grid, newCalibration, tolerated);
    }

    /** The same potential with another tolerated noise level {@code s0}. */
    public NoiseConditionalPotential withTolerated(double s0) {
        return of(mu, logVariance, logWeights, grid, calibration, s0);
    }

    // ------------------------------------------------------------------------------------------------ values

    /** {@code phi_s(x)}, the log-density of the smoothed mixture at each row: {@code [B]}. */
    public INDArray logDensity(INDArray x, double s) {
        try (MemoryWorkspace ignored = scratch()) {
            return logSumExpRowsInPlace(level(s).energies(centre(x))).reshape(x.size(0)).detach();
        }
    }

    /** {@code ∇phi_s(x)}: {@code [B, d]}. */
    public INDArray gradient(INDArray x, double s) {
        try (MemoryWorkspace ignored = scratch()) {
            INDArray xc = centre(x);
            Level level = level(s);
            return level.gradient(xc, softmaxRowsInPlace(level.energies(xc))).detach();
        }
    }

    /** Responsibilities {@code softmax_i} of the components at noise level {@code s}: {@code [B, k]}. */
    public INDArray responsibilities(INDArray x, double s) {
        try (MemoryWorkspace ignored = scratch()) {
            return softmaxRowsInPlace(level(s).energies(centre(x))).detach();
        }
    }

    /**
     * {@code phi_g(x)} at every grid level, over the dimensions the noise estimate reads (every
     * {@code ceil(d / }{@value #ESTIMATE_DIMENSIONS}{@code )}-th; the marginal of a diagonal mixture is exact):
     * {@code [B, G]}.
     */
    public INDArray gridLogDensities(INDArray x) {
        try (MemoryWorkspace ignored = scratch()) {
            return gridLogDensitiesCentred(centre(x)).detach();
        }
    }

    private INDArray gridLogDensitiesCentred(INDArray centred) {
        INDArray xc = estimateColumns(centred);
        GridTerms terms = gridTerms();
        int b = (int) xc.size(0);
        int k = (int) mu.size(0);
        INDArray features = Nd4j.hstack(xc.mul(xc), xc);                            // [B, 2m]
        INDArray energies = product(features, terms.weights()).addiRowVector(terms.constants()); // [B, G·k]
        return logSumExpRowsInPlace(energies.reshape('c', (long) b * grid.length, k)).reshape('c', b, grid.length);
    }

    /** Index of the grid level that maximises {@code phi_s(x)}, per row: {@code [B]}. */
    public int[] rawNoiseIndex(INDArray x) {
        try (MemoryWorkspace ignored = scratch()) {
            return rawNoiseIndexCentred(centre(x));
        }
    }

    private int[] rawNoiseIndexCentred(INDArray xc) {
        return Nd4j.argMax(gridLogDensitiesCentred(xc), 1).toIntVector();
    }

    /** {@code argmax_s phi_s(x)} over the grid, before calibration: {@code [B]}, float64. */
    public INDArray rawNoiseLevel(INDArray x) {
        return lookUp(rawNoiseIndex(x), grid);
    }

    /** The calibrated noise level estimate {@code ŝ(x)} per row: {@code [B]}, float64. */
    public INDArray noiseLevel(INDArray x) {
        return lookUp(rawNoiseIndex(x), calibration);
    }

    /** {@code table[index[i]]} for every row: {@code [B]}, float64. */
    private static INDArray lookUp(int[] index, double[] table) {
        double[] s = new double[index.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = table[index[i]];
        }
        return Nd4j.createFromArray(s);
    }

    /** One Tweedie step at the estimated noise level of each row: {@code [B, d]}, a new array. */
    public INDArray denoise(INDArray x) {
        return denoise(x, Double.NaN);
    }

    /**
     * One Tweedie step at the fixed noise level {@code s} for every row ({@code NaN}: at the estimated level of each
     * row, as {@link #denoise(INDArray)}): {@code [B, d]}, a new array.
     */
    public INDArray denoise(INDArray x, double s) {
        return tweedie(x, s, null);
    }

    /**
     * The step's vector-Jacobian product: {@code epsilon (∂ denoise(x)/∂x)} with the noise levels held at their
     * values for {@code x} ({@code ŝ} is piecewise constant in {@code x}, so this is its exact gradient almost
     * everywhere). {@code J = I + (s² - s0²) ∇²phi_s(x)}, symmetric, computed without forming the Hessian.
     *
     * @param s the fixed noise level, or {@code NaN} for the estimate of each row
     */
    public INDArray denoiseBackward(INDArray x, INDArray epsilon, double s) {
        return tweedie(x, s, epsilon);
    }

    /** {@link #step} at the fixed level {@code s} ({@code NaN}: each row's estimate), detached from the scratch space. */
    private INDArray tweedie(INDArray x, double s, INDArray epsilon) {
        try (MemoryWorkspace ignored = scratch()) {
            INDArray xc = centre(x);
            return step(x, xc, Double.isNaN(s) ? effectiveLevels(xc) : fixedLevels(x, s), epsilon).detach();
        }
    }

    // ------------------------------------------------------------------------------------------------ accessors

    /** Centers {@code mu [k, d]} (a copy). */
    public INDArray centers() {
        return mu.dup();
    }

    /** Per-component, per-dimension variances {@code v [k, d]} (a copy). */
    public INDArray variances() {
        return variance.dup();
    }

    /** Log-variances {@code [k, d]} (a copy). */
    public INDArray logVariances() {
        return logVariance.dup();
    }

    /** Normalised log weights {@code log w [1, k]} (a copy). */
    public INDArray logWeights() {
        return logWeights.dup();
    }

    /** Noise levels searched by the estimate (a copy). */
    public double[] noiseGrid() {
        return grid.clone();
    }

    /** Calibrated noise level for each grid point (a copy). */
    public double[] calibration() {
        return calibration.clone();
    }

    /** The tolerated noise level {@code s0}. */
    public double tolerated() {
        return tolerated;
    }

    /** Number of components {@code k}. */
    public int components() {
        return (int) mu.size(0);
    }

    /** Input width {@code d}. */
    public long width() {
        return mu.size(1);
    }

    // ------------------------------------------------------------------------------------------------ internals

    private INDArray centre(INDArray x) {
        if (x.rank() != 2 || x.size(1) != mu.size(1)) {
            throw new IllegalArgumentException("noise-conditional potential: expected input [B, " + mu.size(1)
                    + "], got shape " + Arrays.toString(x.shape()));
        }
        if (LayerValues.nonFinite(x)) {
            throw new IllegalArgumentException("noise-conditional potential: input contains NaN or infinite values");
        }
        return x.castTo(mu.dataType()).subRowVector(origin);
    }

    /** Every {@code estimateStride}-th column of {@code a [rows, d]}: a strided view, no per-column copies. */
    private INDArray estimateColumns(INDArray a) {
        return a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, estimateStride, a.size(1)));
    }

    /** {@code max(ŝ, s0)} per row of the centred input. */
    private double[] effectiveLevels(INDArray xc) {
        int[] index = rawNoiseIndexCentred(xc);
        double[] s = new double[index.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(calibration[index[i]], tolerated);
        }
        return s;
    }

    private double[] fixedLevels(INDArray x, double s) {
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("noise-conditional potential: noise level must be finite and >= 0, "
                    + "got " + s);
        }
        double[] levels = new double[(int) x.size(0)];
        Arrays.fill(levels, Math.max(s, tolerated));
        return levels;
    }

    /**
     * Forward ({@code epsilon == null}: the denoised rows) or backward (the vector-Jacobian product) of the step,
     * rows grouped by their noise level so that each group is a few matrix products.
     */
    private INDArray step(INDArray x, INDArray centred, double[] levels, INDArray epsilon) {
        INDArray out = epsilon == null ? x.castTo(mu.dataType()).dup() : epsilon.castTo(mu.dataType()).dup();
        // rows sorted by level, so each level's rows are one contiguous block: one gather in, one scatter out
        Integer[] boxed = new Integer[levels.length];
        for (int i = 0; i < boxed.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> Double.compare(levels[a], levels[b]));
        int[] order = new int[boxed.length];
        boolean sorted = true;
        for (int i = 0; i < order.length; i++) {
            order[i] = boxed[i];
            sorted &= order[i] == i;
        }
        // pullRows is one native gather; INDArray.getRows copies row by row
        INDArray xs = sorted ? centred : Nd4j.pullRows(centred, 1, order);
        INDArray os = sorted ? out : Nd4j.pullRows(out, 1, order);
        boolean changed = false;
        for (int from = 0; from < order.length; ) {
            double s = levels[order[from]];
            int to = from;
            while (to < order.length && levels[order[to]] == s) {
                to++;
            }
            double h = s * s - tolerated * tolerated;
            if (h > 0) { // at or below the tolerated level the step is the identity
                INDArrayIndex block = NDArrayIndex.interval(from, to);
                INDArray xg = xs.get(block, NDArrayIndex.all());
                INDArray og = os.get(block, NDArrayIndex.all());
                Level level = level(s);
                INDArray r = softmaxRowsInPlace(level.energies(xg));
                INDArray g = level.gradient(xg, r);
                og.addi((epsilon == null ? g : level.hessianTimes(xg, r, g, og)).muli(h));
                changed = true;
            }
            from = to;
        }
        if (!changed) {
            return out;
        }
        if (sorted) {
            return os;
        }
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[order[i]] = i;
        }
        return Nd4j.pullRows(os, 1, inverse);
    }

    private Level level(double s) {
        if (!(s >= 0) || Double.isInfinite(s)) {
            throw new IllegalArgumentException("noise-conditional potential: noise level must be finite and >= 0, "
                    + "got " + s);
        }
        Level level = levels.get(s);
        if (level != null) {
            return level;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return levels.computeIfAbsent(s, Level::new);
        }
    }

    private GridTerms gridTerms() {
        GridTerms built = gridTerms;
        return built != null ? built : buildGridTerms();
    }

    private synchronized GridTerms buildGridTerms() {
        if (gridTerms != null) {
            return gridTerms;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            int k = (int) mu.size(0);
            INDArray centres = estimateColumns(centered).dup();
            INDArray variances = estimateColumns(variance).dup();
            long m = centres.size(1);
            INDArray weights = Nd4j.create(mu.dataType(), 2 * m, (long) grid.length * k);
            INDArray constants = Nd4j.create(mu.dataType(), 1, (long) grid.length * k);
            for (int g = 0; g < grid.length; g++) {
                Level marginal = new Level(grid[g], centres, variances);
                long from = (long) g * k;
                weights.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + k)).assign(marginal.energyWeights);
                constants.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + k)).assign(marginal.constant);
            }
            gridTerms = new GridTerms(weights, constants);
            return gridTerms;
        }
    }

    /**
     * Every grid level's energy terms over the estimate's {@code m} dimensions, side by side: {@code weights
     * [2m, G·k]} and {@code constants [1, G·k]}.
     */
    private record GridTerms(INDArray weights, INDArray constants) {
    }

    /** Everything about the potential at one noise level {@code s} that does not depend on the input. */
    private final class Level {
        /** {@code D = 1/(v + s²)} {@code [k, d]}. */
        final INDArray precision;
        /** {@code (mu - origin) ⊙ D} {@code [k, d]}. */
        final INDArray scaledCenters;
        /** {@code log w_i - 1/2 Σ_j (mu - origin)² D - 1/2 Σ_j log(v + s²) - d/2 log 2π}, {@code [1, k]}. */
        final INDArray constant;
        /** {@code [-D/2, M]ᵀ}, {@code [2d, k]}: the energies are {@code [x², x] · energyWeights + constant}. */
        final INDArray energyWeights;
        /** {@code [M, D]}, {@code [k, 2d]}: {@code r · gradientWeights = [r·M, r·D]}. */
        final INDArray gradientWeights;

        Level(double s) {
            this(s, centered, variance);
        }

        /** The terms over the dimensions of {@code centres} and {@code variances} only: their marginal. */
        Level(double s, INDArray centres, INDArray variances) {
            INDArray smoothed = variances.add(s * s);
            precision = Transforms.pow(smoothed, -1, true);
            scaledCenters = centres.mul(precision);
            INDArray quadratic = scaledCenters.mul(centres).sum(1);
            INDArray logDet = Transforms.log(smoothed, true).sum(1);
            constant = logWeights.sub(quadratic.addi(logDet).muli(0.5).reshape(1, mu.size(0)))
                    .subi(HALF_LOG_TWO_PI * centres.size(1));
            energyWeights = Nd4j.vstack(precision.mul(-0.5).transpose(), scaledCenters.transpose()).dup('c');
            gradientWeights = Nd4j.hstack(scaledCenters, precision);
        }

        /**
         * {@code e_i(x) = -1/2 Σ_j x² D + Σ_j x (mu ⊙ D) + constant}, {@code x} centred: {@code [B, k]}, one GEMM
         * {@code [B, 2d] × [2d, k]}.
         */
        INDArray energies(INDArray xc) {
            return product(Nd4j.hstack(xc.mul(xc), xc), energyWeights).addiRowVector(constant);
        }

        /**
         * {@code ∇phi = Σ_i r_i D_i ⊙ (mu_i - x) = r·M - x ⊙ (r·D)}: {@code [B, d]} (a view), one GEMM
         * {@code [B, k] × [k, 2d]}.
         */
        INDArray gradient(INDArray xc, INDArray r) {
            long d = precision.size(1);
            INDArray w = product(r, gradientWeights);
            return w.get(NDArrayIndex.all(), NDArrayIndex.interval(0, d))
                    .subi(w.get(NDArrayIndex.all(), NDArrayIndex.interval(d, 2 * d)).muli(xc));
        }

        /**
         * {@code ∇²phi · e} per row: {@code -(r·D) ⊙ e + Σ_i r_i g_i (g_i·e) - g (g·e)} with
         * {@code g_i = D_i ⊙ (mu_i - x)} and {@code g = Σ_i r_i g_i}.
         */
        INDArray hessianTimes(INDArray xc, INDArray r, INDArray g, INDArray e) {
            INDArray projections = e.mmul(scaledCenters.transpose()).subi(xc.mul(e).mmul(precision.transpose()));
            INDArray q = projections.muli(r);                                  // r_i (g_i·e)  [B, k]
            INDArray result = q.mmul(scaledCenters).subi(xc.mul(q.mmul(precision)));
            result.subi(e.mul(r.mmul(precision)));
            result.subi(g.mulColumnVector(g.mul(e).sum(true, 1)));
            return result;
        }
    }

    /** {@code a · b}, c order ({@code INDArray.mmul} computes in f order and copies when asked for c). */
    private static INDArray product(INDArray a, INDArray b) {
        INDArray out = Nd4j.createUninitialized(a.dataType(), a.size(0), b.size(1));
        Gemm.current().product(a, false, b, false, out, 1.0, 0.0);
        return out;
    }

    /** Row-wise {@code log Σ exp}, stable: {@code [B, 1]}. */
    static INDArray logSumExpRows(INDArray e) {
        return logSumExpRowsInPlace(e.dup());
    }

    /** {@link #logSumExpRows}, overwriting {@code e}. */
    private static INDArray logSumExpRowsInPlace(INDArray e) {
        INDArray max = e.max(true, 1);
        return Transforms.log(Transforms.exp(e.subiColumnVector(max), false).sum(true, 1), false).addi(max);
    }

    /**
     * Row-wise softmax, stable, in place: {@code e [B, k]} becomes the responsibilities. In float32, responsibilities
     * below {@value #FLOAT_RESPONSIBILITY_FLOOR} become 0: they cannot change a float32 sum whose largest term is at
     * least {@code 1/k}, but products with them (down to {@code 1e-38}) reach the network downstream, whose float32
     * arithmetic then meets subnormal numbers and runs several times slower (measured: the {@code cnn} example 1.6×
     * slower on denoised MNIST than on the same images with values below {@code 1e-30} set to 0).
     */
    private static INDArray softmaxRowsInPlace(INDArray e) {
        INDArray r = Transforms.exp(e.subiColumnVector(e.max(true, 1)), false);
        r.diviColumnVector(r.sum(true, 1));
        if (r.dataType() == DataType.FLOAT) {
            BooleanIndexing.replaceWhere(r, 0.0, Conditions.lessThan(FLOAT_RESPONSIBILITY_FLOOR));
        }
        return r;
    }

    /**
     * Opens this thread's scratch workspace for one call's temporaries (results are detached before it closes): a
     * fresh native buffer of a minibatch's size costs about as much as the arithmetic on it (measured: 1.9 ms to
     * allocate {@code [128, 2500]} floats, 2.9 ms for the noise estimate's GEMM), and the workspace reuses one.
     */
    private static MemoryWorkspace scratch() {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(SCRATCH, SCRATCH_ID);
    }
}
