package io.github.dpn4j.layer;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.params.SameDiffParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.shade.jackson.annotation.JsonIgnore;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Denoising Potential layer: learns a mixture-of-Gaussians potential over its {@code d} input features and
 * refines each feature vector by {@code n} steps of gradient ascent on it.
 *
 * <pre>
 *   phi(x) = logsumexp_i ( c_i - 1/2 ||A_i (x - mu_i)||² )      w_i = exp(c_i),  Sigma_i^-1 = A_iᵀ A_i
 *   x_0 = input,  x_{t+1} = x_t + alpha * grad phi(x_t),  output = x_n              [B, d] -> [B, d]
 * </pre>
 *
 * Parameters (keys {@value #MU}, {@value #A}, {@value #C}, {@value #ALPHA}): centers {@code mu [k, d]}, precision
 * factors {@code A [k, d, d]} ({@link Precision#FULL}) or {@code [k, d]} ({@link Precision#DIAGONAL}), log weights
 * {@code c [1, k]} and the step size {@code alpha [1, 1]}. Until {@link KMeansInit} sets them from data, centers are
 * drawn from {@code N(0, 1)}, {@code A = I}, {@code c = 0} and {@code alpha = stepSize}.
 * <p>
 * The math runs in one kernel per precision (the JVM and BLAS matrix products, one GEMM per FULL step, hand-derived
 * {@link GradientMode#DETACHED} backward): every forward pass, the DETACHED training gradients and {@link Potential}.
 * {@link GradientMode#FULL} training runs the {@code n} steps unrolled as SameDiff ops ({@link PotentialGraph}, built
 * by {@link #defineLayer}), so its loss and its exact gradient come from SameDiff's one forward; the kernel is tested
 * against that graph. Input: feed-forward {@code [B, d]}; convolutional inputs are flattened by DL4J's usual
 * preprocessor when the network declares {@code setInputType(...)}.
 * <p>
 * <b>Cost: a FULL step is about {@code 2·B·k·d²} FLOPs ({@link Precision#flopsPerStep}) plus {@code 2·k·d³} once per
 * forward, so {@code d} in the hundreds with many steps is expensive; DIAGONAL costs {@code O(B·k·d)} per step. The step size is a network parameter: with
 * {@code nonNegativeStepSize(true)} (default) it is clamped at 0 after every update, so the layer always ascends.</b>
 * <p>
 * The ascent on a Gaussian-mixture log-density is a soft mean-shift step: with {@code A_i = a·I}, equal weights and
 * {@code alpha = 1/a²} one step moves {@code x} to {@code sum_i r_i mu_i}, which for centers of equal norm is the
 * update of a modern Hopfield network with {@code beta = a²}.
 * The design notes (docs/design.md in the repository) give the math, both gradient modes and the DL4J workarounds.
 * <p>
 * All of the above is the default step rule, {@link StepRule#LEARNED}. <b>Measured on noisy MNIST, a LEARNED layer
 * trained by the classification loss ends as the identity (alpha is driven to 0 in the first epoch).</b> The other
 * rule, {@link StepRule#TWEEDIE}, is what measurably helps: a frozen, noise-conditional DIAGONAL potential fitted by
 * {@link DenoisingScoreMatching} (parameters {@value #MU}, {@value #LOG_VARIANCE}, {@value #C},
 * {@value #CALIBRATION}) takes one Tweedie step with a noise level estimated per input
 * ({@link NoiseConditionalPotential}); put in front of a trained classifier it denoises heavy noise.
 *
 * @see <a href="https://doi.org/10.1109/34.1000236">Comaniciu and Meer, Mean shift: a robust approach toward feature
 *      space analysis (2002)</a>
 * @see <a href="https://arxiv.org/abs/2008.02217">Ramsauer et al., Hopfield networks is all you need (2020)</a>
 * @see Potential
 * @see NoiseConditionalPotential
 * @see KMeansInit
 * @see DpnLayer
 */
public class DenoisingPotential extends SameDiffLayer {

    /** Parameter key of the centers {@code mu [k, d]}. */
    public static final String MU = "mu";
    /** Parameter key of the precision factors {@code A [k, d, d]} (FULL) or {@code [k, d]} (DIAGONAL). */
    public static final String A = "A";
    /** Parameter key of the log mixture weights {@code c [1, k]}. */
    public static final String C = "c";
    /** Parameter key of the step size {@code alpha [1, 1]}. */
    public static final String ALPHA = "alpha";
    /** Parameter key of the log-variances {@code [k, d]} of a {@link StepRule#TWEEDIE} layer. */
    public static final String LOG_VARIANCE = "logVariance";
    /** Parameter key of a {@link StepRule#TWEEDIE} layer's noise calibration {@code [1, G]}, one per grid level. */
    public static final String CALIBRATION = "calibration";

    /** Default number of mixture components {@code k}. */
    public static final int DEFAULT_COMPONENTS = 10;
    /** Default number of ascent steps {@code n}. */
    public static final int DEFAULT_STEPS = 10;
    /** Default initial step size {@code alpha}. */
    public static final double DEFAULT_STEP_SIZE = 0.1;
    /** Default for {@link Builder#learnStepSize(boolean)}. */
    public static final boolean DEFAULT_LEARN_STEP_SIZE = true;
    /** Default for {@link Builder#nonNegativeStepSize(boolean)}. */
    public static final boolean DEFAULT_NON_NEGATIVE_STEP_SIZE = true;
    /** Default precision structure. */
    public static final Precision DEFAULT_PRECISION = Precision.FULL;
    /** Default gradient mode. */
    public static final GradientMode DEFAULT_GRADIENT_MODE = GradientMode.DETACHED;
    /** Default step rule: {@link StepRule#LEARNED}, the behaviour of dpn4j 0.1.0. */
    public static final StepRule DEFAULT_STEP_RULE = StepRule.LEARNED;
    /** Default tolerated noise level {@code s0} of a {@link StepRule#TWEEDIE} layer: 0, denoise to the clean input. */
    public static final double DEFAULT_TOLERATED_NOISE = 0.0;
    /** Default convergence tolerance: 0, never stop early. */
    public static final double DEFAULT_TOLERANCE = 0.0;

    private long nIn;
    private int components = DEFAULT_COMPONENTS;
    private int steps = DEFAULT_STEPS;
    private double stepSize = DEFAULT_STEP_SIZE;
    private boolean learnStepSize = DEFAULT_LEARN_STEP_SIZE;
    private boolean nonNegativeStepSize = DEFAULT_NON_NEGATIVE_STEP_SIZE;
    private Precision precision = DEFAULT_PRECISION;
    private GradientMode gradientMode = DEFAULT_GRADIENT_MODE;
    private StepRule stepRule = DEFAULT_STEP_RULE;
    private double toleratedNoise = DEFAULT_TOLERATED_NOISE;
    private boolean estimateNoise = true;
    private double noiseLevel;
    private double[] noiseGrid = DenoisingScoreMatching.DEFAULT_NOISE_GRID.clone();
    private double tolerance = DEFAULT_TOLERANCE;

    protected DenoisingPotential(Builder builder) {
        super(builder);
        this.nIn = builder.nIn;
        this.components = builder.components;
        this.steps = builder.steps;
        this.stepSize = builder.stepSize;
        this.learnStepSize = builder.learnStepSize;
        this.nonNegativeStepSize = builder.nonNegativeStepSize;
        this.precision = builder.precision;
        this.gradientMode = builder.gradientMode;
        this.stepRule = builder.stepRule;
        this.toleratedNoise = builder.toleratedNoise;
        this.estimateNoise = builder.estimateNoise;
        this.noiseLevel = builder.noiseLevel;
        this.noiseGrid = builder.noiseGrid.clone();
        this.tolerance = builder.tolerance;
    }

    /** For JSON deserialization only. */
    protected DenoisingPotential() {
    }

    // ------------------------------------------------------------------------------------------------ DL4J contract

    @Override
    public void defineParameters(SDLayerParams params) {
        if (stepRule == StepRule.TWEEDIE) {
            params.addWeightParam(MU, components, nIn);
            params.addWeightParam(LOG_VARIANCE, components, nIn);
            params.addBiasParam(C, 1, components);
            params.addBiasParam(CALIBRATION, 1, noiseGrid.length);
            return;
        }
        params.addWeightParam(MU, components, nIn);
        params.addWeightParam(A, precision.factorShape(components, nIn));
        params.addBiasParam(C, 1, components);
        params.addBiasParam(ALPHA, 1, 1);
    }

    /** Always derived from the current settings: DL4J's cached copy would go stale when {@code nIn} is inferred. */
    @Override
    @JsonIgnore
    public SDLayerParams getLayerParams() {
        SDLayerParams params = new SDLayerParams();
        defineParameters(params);
        return params;
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (Map.Entry<String, INDArray> e : params.entrySet()) {
                INDArray p = e.getValue();
                DataType dt = p.dataType();
                switch (e.getKey()) {
                    case MU:
                        p.assign(Nd4j.randn(dt, p.shape()));
                        break;
                    case A:
                        // the identity A_i = I in either shape
                        p.assign(switch (precision) {
                            case FULL -> Nd4j.eye(nIn).castTo(dt).reshape(1, nIn, nIn).repeat(0, components);
                            case DIAGONAL -> Nd4j.ones(dt, p.shape());
                        });
                        break;
                    case C:
                        p.assign(0.0);
                        break;
                    case ALPHA:
                        p.assign(stepSize);
                        break;
                    case LOG_VARIANCE:
                        p.assign(0.0);
                        break;
                    case CALIBRATION:
                        p.assign(Nd4j.createFromArray(noiseGrid).castTo(dt).reshape(p.shape()));
                        break;
                    default:
                        throw new IllegalStateException(describe() + ": unknown parameter key \"" + e.getKey() + "\"");
                }
            }
        }
    }

    /**
     * The {@code n} steps unrolled as SameDiff ops ({@link PotentialGraph}): what {@link GradientMode#FULL} training
     * runs and differentiates. Every other pass runs the kernel.
     */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> paramTable,
                                  SDVariable mask) {
        if (stepRule == StepRule.TWEEDIE) {
            throw new IllegalStateException(describe() + ": a TWEEDIE layer runs in plain ND4J "
                    + "(NoiseConditionalPotential) and has no SameDiff layer graph");
        }
        PotentialGraph potential = PotentialGraph.define(sd, precision, components, nIn, paramTable.get(MU),
                paramTable.get(A), paramTable.get(C), paramTable.get(ALPHA));
        return potential.ascend(layerInput, steps, gradientMode);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        LayerOptions.all(this);  // a configuration read from JSON, or changed by setters, gets the builder's checks
        if (nIn <= 0) {
            throw new IllegalStateException(describe() + " (index " + layerIndex + "): nIn is not set; "
                    + "call .nIn(d) on the builder or declare the network's input with setInputType(...)");
        }
        DenoisingPotentialLayer layer = new DenoisingPotentialLayer(conf, networkDataType);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(layerParamsView);
        layer.setParamTable(SameDiffParamInitializer.getInstance().init(conf, layerParamsView, initializeParams));
        layer.setConf(conf);
        if (!initializeParams) {
            // parameters given to the network (a loaded model, a clone): checked where they enter
            LayerValues.checkParameters(this, layerIndex, layer.paramTable(false));
        }
        return layer;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        long width = inputWidth(layerIndex, inputType);
        if (nIn > 0 && width != nIn) {
            throw new IllegalStateException("Invalid input for " + describe() + " (index " + layerIndex
                    + "): expected width nIn=" + nIn + ". Got: " + inputType);
        }
        return InputType.feedForward(width);
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (nIn <= 0 || override) {
            nIn = inputWidth(-1, inputType);
        }
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        inputWidth(-1, inputType);
        if (inputType.getType() == InputType.Type.CNN) {
            InputType.InputTypeConvolutional cnn = (InputType.InputTypeConvolutional) inputType;
            return new CnnToFeedForwardPreProcessor(cnn.getHeight(), cnn.getWidth(), cnn.getChannels(),
                    cnn.getFormat());
        }
        return null;
    }

    /** The step size is never regularised; {@code mu, A} take the layer's weight regularisation, {@code c} its bias. */
    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        switch (paramName) {
            case MU:
            case A:
                return getRegularization();
            case C:
                return getRegularizationBias();
            case ALPHA:
            case LOG_VARIANCE:
            case CALIBRATION:
                return null;
            default:
                throw new IllegalArgumentException(describe() + ": unknown parameter key \"" + paramName + "\"");
        }
    }

    private long inputWidth(int layerIndex, InputType inputType) {
        if (inputType == null) {
            throw new IllegalStateException("Invalid input for " + describe() + " (index " + layerIndex
                    + "): input type is null");
        }
        switch (inputType.getType()) {
            case FF:
                return ((InputType.InputTypeFeedForward) inputType).getSize();
            case CNNFlat:
                return ((InputType.InputTypeConvolutionalFlat) inputType).getFlattenedSize();
            case CNN:
                InputType.InputTypeConvolutional cnn = (InputType.InputTypeConvolutional) inputType;
                return cnn.getChannels() * cnn.getHeight() * cnn.getWidth();
            default:
                throw new IllegalStateException("Invalid input for " + describe() + " (index " + layerIndex
                        + "): expected feed-forward or convolutional input type. Got: " + inputType);
        }
    }

    /** {@code DenoisingPotential layer "name"}, used in every error message. */
    String describe() {
        return "DenoisingPotential layer \"" + (getLayerName() == null ? "" : getLayerName()) + "\"";
    }

    // ------------------------------------------------------------------------------------------------ properties

    /** Input (and output) width {@code d}; 0 until set or inferred from the input type. */
    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = LayerOptions.nIn(this, nIn);
    }

    /** Number of mixture components {@code k >= 1}. Default {@value #DEFAULT_COMPONENTS}. */
    public int getComponents() {
        return components;
    }

    public void setComponents(int components) {
        this.components = LayerOptions.components(this, components);
    }

    /** Number of ascent steps {@code n >= 0}; 0 is the identity. Default {@value #DEFAULT_STEPS}. */
    public int getSteps() {
        return steps;
    }

    public void setSteps(int steps) {
        this.steps = LayerOptions.steps(this, steps);
    }

    /** Initial step size {@code alpha > 0}. Default {@value #DEFAULT_STEP_SIZE}. */
    public double getStepSize() {
        return stepSize;
    }

    public void setStepSize(double stepSize) {
        this.stepSize = LayerOptions.stepSize(this, stepSize);
    }

    /** Whether training updates {@code alpha}. Default {@value #DEFAULT_LEARN_STEP_SIZE}. */
    public boolean isLearnStepSize() {
        return learnStepSize;
    }

    public void setLearnStepSize(boolean learnStepSize) {
        this.learnStepSize = learnStepSize;
    }

    /** Whether {@code alpha} is clamped at 0 after each update. Default {@value #DEFAULT_NON_NEGATIVE_STEP_SIZE}. */
    public boolean isNonNegativeStepSize() {
        return nonNegativeStepSize;
    }

    public void setNonNegativeStepSize(boolean nonNegativeStepSize) {
        this.nonNegativeStepSize = nonNegativeStepSize;
    }

    /** Precision structure. Default FULL. */
    public Precision getPrecision() {
        return precision;
    }

    public void setPrecision(Precision precision) {
        this.precision = LayerOptions.notNull(this, "precision", precision);
    }

    /** Gradient mode. Default DETACHED. */
    public GradientMode getGradientMode() {
        return gradientMode;
    }

    public void setGradientMode(GradientMode gradientMode) {
        this.gradientMode = LayerOptions.notNull(this, "gradientMode", gradientMode);
    }

    /** Step rule. Default {@link StepRule#LEARNED}. */
    public StepRule getStepRule() {
        return stepRule;
    }

    public void setStepRule(StepRule stepRule) {
        this.stepRule = LayerOptions.notNull(this, "stepRule", stepRule);
    }

    /** {@link StepRule#TWEEDIE}: the noise level {@code s0 >= 0} the step leaves in. Default 0. */
    public double getToleratedNoise() {
        return toleratedNoise;
    }

    public void setToleratedNoise(double toleratedNoise) {
        this.toleratedNoise = LayerOptions.finiteNonNegative(this, "toleratedNoise", toleratedNoise);
    }

    /** {@link StepRule#TWEEDIE}: whether the noise level is estimated per input (default) or fixed. */
    public boolean isEstimateNoise() {
        return estimateNoise;
    }

    public void setEstimateNoise(boolean estimateNoise) {
        this.estimateNoise = estimateNoise;
    }

    /** {@link StepRule#TWEEDIE} with a fixed noise level: that level {@code s >= 0}; unused when estimated. */
    public double getNoiseLevel() {
        return noiseLevel;
    }

    public void setNoiseLevel(double noiseLevel) {
        this.noiseLevel = LayerOptions.finiteNonNegative(this, "noiseLevel", noiseLevel);
    }

    /**
     * {@link StepRule#TWEEDIE}: the noise levels the estimate searches, increasing, {@code >= 0}. Default
     * {@link DenoisingScoreMatching#DEFAULT_NOISE_GRID}. A copy.
     */
    public double[] getNoiseGrid() {
        return noiseGrid.clone();
    }

    public void setNoiseGrid(double[] noiseGrid) {
        this.noiseGrid = LayerOptions.noiseGrid(this, noiseGrid).clone();
    }

    /**
     * Convergence tolerance: the ascent stops after the first step in which every row moved less than this
     * (Euclidean length of {@code alpha·grad phi}, in feature units), with {@code steps} as the cap. Default
     * {@value #DEFAULT_TOLERANCE}: always {@code steps} steps. Models saved without it load with the default.
     */
    public double getTolerance() {
        return tolerance;
    }

    public void setTolerance(double tolerance) {
        this.tolerance = LayerOptions.finiteNonNegative(this, "tolerance", tolerance);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DenoisingPotential) || !super.equals(o)) {
            return false;
        }
        DenoisingPotential that = (DenoisingPotential) o;
        return nIn == that.nIn && components == that.components && steps == that.steps
                && Double.compare(stepSize, that.stepSize) == 0 && learnStepSize == that.learnStepSize
                && nonNegativeStepSize == that.nonNegativeStepSize && precision == that.precision
                && gradientMode == that.gradientMode && stepRule == that.stepRule
                && Double.compare(toleratedNoise, that.toleratedNoise) == 0 && estimateNoise == that.estimateNoise
                && Double.compare(noiseLevel, that.noiseLevel) == 0 && Arrays.equals(noiseGrid, that.noiseGrid)
                && Double.compare(tolerance, that.tolerance) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), nIn, components, steps, stepSize, learnStepSize, nonNegativeStepSize,
                precision, gradientMode, tolerance, stepRule, toleratedNoise, estimateNoise, noiseLevel,
                Arrays.hashCode(noiseGrid));
    }

    @Override
    public String toString() {
        return "DenoisingPotential(name=" + getLayerName() + ", nIn=" + nIn + ", components=" + components
                + ", steps=" + steps + ", stepSize=" + stepSize + ", learnStepSize=" + learnStepSize
                + ", nonNegativeStepSize=" + nonNegativeStepSize + ", precision=" + precision
                + ", gradientMode=" + gradientMode + ", tolerance=" + tolerance + ", stepRule=" + stepRule
                + ", toleratedNoise=" + toleratedNoise + ", estimateNoise=" + estimateNoise + ", noiseLevel=" + noiseLevel
                + ", noiseGrid=" + Arrays.toString(noiseGrid) + ")";
    }

    @Override
    public DenoisingPotential clone() {
        DenoisingPotential copy = (DenoisingPotential) super.clone();
        copy.noiseGrid = noiseGrid.clone();
        return copy;
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Builds a {@link DenoisingPotential}; {@link #build()} rejects out-of-range options. */
    public static class Builder extends SameDiffLayer.Builder<Builder> {
        private long nIn;
        private int components = DEFAULT_COMPONENTS;
        private int steps = DEFAULT_STEPS;
        private double stepSize = DEFAULT_STEP_SIZE;
        private boolean learnStepSize = DEFAULT_LEARN_STEP_SIZE;
        private boolean nonNegativeStepSize = DEFAULT_NON_NEGATIVE_STEP_SIZE;
        private Precision precision = DEFAULT_PRECISION;
        private GradientMode gradientMode = DEFAULT_GRADIENT_MODE;
        private StepRule stepRule = DEFAULT_STEP_RULE;
        private double toleratedNoise = DEFAULT_TOLERATED_NOISE;
        private boolean estimateNoise = true;
        private double noiseLevel;
        private double[] noiseGrid = DenoisingScoreMatching.DEFAULT_NOISE_GRID;
        private boolean stepsSet;
        private boolean precisionSet;
        private double tolerance = DEFAULT_TOLERANCE;

        /** Input width {@code d >= 1}; optional: inferred from the network's {@code InputType}. */
        public Builder nIn(long nIn) {
            this.nIn = nIn;
            return this;
        }

        /** Number of components {@code k >= 1}. Default {@value DenoisingPotential#DEFAULT_COMPONENTS}. */
        public Builder components(int k) {
            this.components = k;
            return this;
        }

        /** Number of ascent steps {@code n >= 0}; 0 is the identity. Default {@value DenoisingPotential#DEFAULT_STEPS}. */
        public Builder steps(int n) {
            this.steps = n;
            this.stepsSet = true;
            return this;
        }

        /** Initial step size {@code alpha > 0}, finite. Default {@value DenoisingPotential#DEFAULT_STEP_SIZE}. */
        public Builder stepSize(double alpha) {
            this.stepSize = alpha;
            return this;
        }

        /** Whether training updates alpha. Default {@value DenoisingPotential#DEFAULT_LEARN_STEP_SIZE}. */
        public Builder learnStepSize(boolean learn) {
            this.learnStepSize = learn;
            return this;
        }

        /**
         * Whether alpha is clamped at 0 after every update, so the layer only ascends. Default
         * {@value DenoisingPotential#DEFAULT_NON_NEGATIVE_STEP_SIZE}: measured on noisy MNIST, a free alpha was driven
         * negative, pushing points away from the centers.
         */
        public Builder nonNegativeStepSize(boolean nonNegative) {
            this.nonNegativeStepSize = nonNegative;
            return this;
        }

        /** {@link Precision#FULL} (default) or {@link Precision#DIAGONAL}. */
        public Builder precision(Precision precision) {
            this.precision = precision;
            this.precisionSet = true;
            return this;
        }

        /** {@link GradientMode#DETACHED} (default) or {@link GradientMode#FULL}. */
        public Builder gradientMode(GradientMode mode) {
            this.gradientMode = mode;
            return this;
        }

        /**
         * {@link StepRule#LEARNED} (default) or {@link StepRule#TWEEDIE}. A TWEEDIE layer is DIAGONAL and takes one
         * step (the defaults when those options are not set; other values are rejected), and its parameters are
         * fitted by {@link DenoisingScoreMatching}.
         */
        public Builder stepRule(StepRule rule) {
            this.stepRule = rule;
            return this;
        }

        /** {@link StepRule#TWEEDIE}: the noise level {@code s0 >= 0} left in for the model downstream. Default 0. */
        public Builder toleratedNoise(double s0) {
            this.toleratedNoise = s0;
            return this;
        }

        /** {@link StepRule#TWEEDIE}: denoise every input at this fixed noise level instead of estimating it. */
        public Builder noiseLevel(double s) {
            this.estimateNoise = false;
            this.noiseLevel = s;
            return this;
        }

        /** {@link StepRule#TWEEDIE}: the noise levels the estimate searches. Default the DSM trainer's grid. */
        public Builder noiseGrid(double... grid) {
            this.noiseGrid = grid.clone();
            return this;
        }

        /**
         * Stop the ascent after the first step in which every row moved less than {@code tol} (Euclidean length of
         * {@code alpha·grad phi}), {@code steps} being the cap; 0 (default) always runs {@code steps} steps. Useful at
         * inference, where most inputs converge early; the DETACHED backward uses the steps that ran. Not with
         * {@link GradientMode#FULL}, whose unrolled graph always runs {@code steps} steps.
         */
        public Builder tolerance(double tol) {
            this.tolerance = tol;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the option and the value when an option is out of range
         */
        @Override
        @SuppressWarnings("unchecked")
        public DenoisingPotential build() {
            if (stepRule == StepRule.TWEEDIE) {
                steps = stepsSet ? steps : 1;
                precision = precisionSet ? precision : Precision.DIAGONAL;
            }
            DenoisingPotential built = new DenoisingPotential(this);
            LayerOptions.all(built);
            return built;
        }
    }
}
