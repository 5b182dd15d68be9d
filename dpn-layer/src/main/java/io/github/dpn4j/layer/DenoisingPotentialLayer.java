package io.github.dpn4j.layer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Runtime implementation of {@link DenoisingPotential}. Every forward pass except a {@link GradientMode#FULL} training
 * pass, and the {@link GradientMode#DETACHED} backward, run the layer's {@link Kernel}; {@link GradientMode#FULL}
 * training runs SameDiff's unrolled {@link PotentialGraph} forward and its autodiff, so that mode's loss and gradient
 * come from the same forward values. Through DL4J's SameDiff layer, with these corrections for DL4J 1.0.0-M2.1
 * (docs/design.md lists them), each pinned by a test:
 * <ul>
 *   <li>M2.1's external-errors backprop returns every gradient doubled (parameters and input): epsilon is scaled by
 *       {@link #EXTERNAL_ERRORS_CORRECTION} before it enters the SameDiff graph.</li>
 *   <li>{@code setParam} really assigns (M2.1 only checks the shape).</li>
 *   <li>A frozen step size ({@code learnStepSize(false)}) gets a zero gradient; {@code nonNegativeStepSize} clamps
 *       alpha at 0 when the optimizer applies constraints after each update.</li>
 *   <li>Inputs are checked before they reach native code: rank, width and finiteness, with the layer named; the
 *       finiteness scan runs once per training step (the backward of the same input array skips it).</li>
 *   <li>The gradient graph is built with SameDiff's per-op {@code System.out} chatter filtered out.</li>
 * </ul>
 * {@code n = 0} short-circuits to the exact identity without building a graph.
 * <p>
 * A DETACHED training forward builds its kernel's factors in DL4J's activations workspace (which DL4J holds until
 * the backward of that step is done) and records a {@link Tape} on the heap; the backward reuses both, so the
 * factors are formed and the ascent run once per training step. A backward without a matching tape (another input,
 * a closed workspace) rebuilds the kernel and reruns the ascent.
 */
final class DenoisingPotentialLayer extends SameDiffLayer {

    /** Factor applied to epsilon to undo M2.1's doubled gradient through {@code SameDiffLayer}. */
    static final double EXTERNAL_ERRORS_CORRECTION = 0.5;

    /** Recorded by the last training forward for the DETACHED backward; used once, and only for the same input. */
    private Tape tape;
    /** The input array whose finiteness the last forward checked. */
    private INDArray scannedInput;
    /** Steps the last kernel ascent took ({@code n}, or fewer when the tolerance stopped it). */
    private int lastSteps;
    /** The kernel of the last inference pass (detached) and a copy of the parameters it was built from. */
    private Kernel inferenceKernel;
    private NoiseConditionalPotential noiseConditional;
    /** The bits of the parameters the cached kernel or potential was built from. */
    private ByteBuffer inferenceParams;

    DenoisingPotentialLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private DenoisingPotential config() {
        return (DenoisingPotential) layerConf();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        INDArray out = forward(training, workspaceMgr);
        // one scan of the output; only a non-finite value costs more (finding the parameter or range at fault)
        return config().getSteps() == 0 ? out
                : LayerValues.checkOutput(config(), getIndex(), input, out, paramTable, training);
    }

    private INDArray forward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        checkInput(true);
        scannedInput = input;
        tape = null;
        if (config().getStepRule() == StepRule.TWEEDIE) {
            lastSteps = 1;
            try (MemoryWorkspace ignored = workspaceMgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
                INDArray out = noiseConditional().denoise(input, fixedNoiseLevel());
                return workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), out.shape(), 'c')
                        .assign(out);
            }
        }
        int n = config().getSteps();
        if (n == 0) {
            lastSteps = 0;
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, input);
        }
        if (training && config().getGradientMode() == GradientMode.FULL) {
            lastSteps = n;
            return super.activate(true, workspaceMgr);
        }
        Kernel kernel;
        if (training) {
            // the factors stay beside the activations, which DL4J holds until this step's backward is done
            try (MemoryWorkspace ignored = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
                kernel = Kernel.of(config().getPrecision(), paramTable);
            }
            tape = new Tape(kernel, input, n);
        } else {
            kernel = inferenceKernel();
        }
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
            Kernel.Ascent ascent = kernel.ascend(input, n, config().getTolerance(), tape, null);
            lastSteps = ascent.steps();
            INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, kernel.dataType, input.shape(), 'c');
            new HostView(out).put(0, kernel.uncentred(ascent.point()), 0, (int) input.length());
            return out.dataType() == input.dataType() ? out
                    : workspaceMgr.castTo(ArrayType.ACTIVATIONS, input.dataType(), out, false);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        checkInput(input != scannedInput);
        if (config().getStepRule() == StepRule.TWEEDIE) {
            INDArray inputGradient;
            try (MemoryWorkspace ignored = workspaceMgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
                INDArray g = noiseConditional().denoiseBackward(input, epsilon, fixedNoiseLevel());
                inputGradient = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(),
                        g.shape(), 'c').assign(g);
            }
            Gradient frozen = new DefaultGradient();
            for (String key : paramTable.keySet()) {
                frozen.gradientForVariable().put(key, gradTable.get(key).assign(0.0));
            }
            return new Pair<>(frozen, inputGradient);
        }
        if (config().getSteps() == 0) {
            Gradient g = new DefaultGradient();
            for (String key : paramTable.keySet()) {
                g.gradientForVariable().put(key, gradTable.get(key).assign(0.0));
            }
            return new Pair<>(g, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon));
        }
        Pair<Gradient, INDArray> result;
        if (config().getGradientMode() == GradientMode.DETACHED) {
            try (MemoryWorkspace ignored = workspaceMgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
                Tape recorded = tape;
                if (recorded == null || !recorded.recordedFrom(input)) {
                    Kernel kernel = Kernel.of(config().getPrecision(), paramTable);
                    recorded = new Tape(kernel, input, config().getSteps());
                    kernel.ascend(input, config().getSteps(), config().getTolerance(), recorded, null);
                }
                recorded.kernel.backward(recorded, HostView.values(epsilon), gradTable);
            }
            tape = null;
            Gradient g = new DefaultGradient();
            for (String key : paramTable.keySet()) {
                g.gradientForVariable().put(key, gradTable.get(key));
            }
            result = new Pair<>(g, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsilon));
        } else {
            defineGradientQuietly();
            result = super.backpropGradient(epsilon.mul(EXTERNAL_ERRORS_CORRECTION), workspaceMgr);
        }
        if (!config().isLearnStepSize()) {
            gradTable.get(DenoisingPotential.ALPHA).assign(0.0);
        }
        return result;
    }

    /**
     * The kernel for an inference pass: the last one while the parameters are bit for bit those it was built from
     * (one comparison on the JVM instead of forming the factors again: {@code 2·k·d³} FLOPs for FULL), else a new one.
     * Detached from DL4J's workspaces, so it outlives the pass.
     */
    private Kernel inferenceKernel() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (parametersChanged() || inferenceKernel == null) {
                inferenceKernel = Kernel.of(config().getPrecision(), paramTable);
            }
            return inferenceKernel;
        }
    }

    /**
     * The noise-conditional potential of a {@link StepRule#TWEEDIE} layer's current parameters, kept between calls
     * while they do not change: building one (and its per-level terms) costs more than a minibatch's step.
     */
    private NoiseConditionalPotential noiseConditional() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (parametersChanged() || noiseConditional == null) {
                noiseConditional = NoiseConditionalPotential.of(config(), paramTable);
            }
            return noiseConditional;
        }
    }

    /**
     * Whether the parameters differ from those the cached kernel or potential was built from (a layer has one step
     * rule, so it holds one of the two); remembers the current ones. Call outside workspaces.
     */
    private boolean parametersChanged() {
        // compared in the JVM: a native comparison is one more hand-off to ND4J's threads per forward pass
        ByteBuffer current = HostView.bytes(params());
        if (inferenceParams != null && inferenceParams.mismatch(current) == -1) {
            return false;
        }
        inferenceParams = ByteBuffer.allocate(current.remaining()).put(current).flip();
        return true;
    }

    /**
     * Steps the last forward pass took: {@code n}, or fewer when the layer's tolerance stopped the ascent early; 1 for
     * {@link StepRule#TWEEDIE}; 0 before the first forward pass.
     */
    int lastSteps() {
        return lastSteps;
    }

    @Override
    public void clear() {
        super.clear();
        tape = null;
        scannedInput = null;
    }

    /** The fixed noise level of a TWEEDIE layer, or {@code NaN} when it is estimated per input. */
    private double fixedNoiseLevel() {
        return config().isEstimateNoise() ? Double.NaN : config().getNoiseLevel();
    }

    /** Whether a training forward's tape is waiting for its backward (for tests). */
    boolean holdsTape() {
        return tape != null;
    }

    @Override
    public void setParam(String key, INDArray val) {
        super.setParam(key, val); // validates key and shape
        LayerValues.checkParameter(config(), config().describe() + " (index " + getIndex() + ")", key, val);
        paramTable.get(key).assign(val);
    }

    @Override
    public void setParams(INDArray params) {
        INDArray before = this.params == null ? null : this.params.dup();
        super.setParams(params);
        try {
            LayerValues.checkParameters(config(), getIndex(), paramTable);
        } catch (IllegalArgumentException e) {
            this.params.assign(before);
            throw e;
        }
    }

    @Override
    public void applyConstraints(int iteration, int epoch) {
        super.applyConstraints(iteration, epoch);
        if (config().getStepRule() == StepRule.LEARNED && config().isNonNegativeStepSize()) {
            BooleanIndexing.replaceWhere(paramTable.get(DenoisingPotential.ALPHA), 0.0, Conditions.lessThan(0.0));
        }
    }

    /**
     * Builds SameDiff's gradient graph before DL4J would, dropping the line per op that M2.1's
     * {@code createGradFunction} prints on standard output (hundreds for a DPN with many steps).
     */
    private void defineGradientQuietly() {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (sameDiff == null) {
                doInit();
            }
            if (!sameDiff.hasGradientFunction()) {
                SameDiffChatter.quietly(() -> sameDiff.createGradFunction(INPUT_KEY));
            }
        }
    }

    /** Rank and width always; finiteness when {@code scan} (a pass over the whole input). */
    private void checkInput(boolean scan) {
        if (input == null) {
            throw new IllegalStateException(config().describe() + " (index " + getIndex() + "): no input set");
        }
        if (input.rank() != 2) {
            throw new IllegalArgumentException(config().describe() + " (index " + getIndex()
                    + "): expected input of rank 2 [minibatch, " + config().getNIn() + "], got rank " + input.rank()
                    + " with shape " + Arrays.toString(input.shape()));
        }
        if (input.size(1) != config().getNIn()) {
            throw new IllegalArgumentException(config().describe() + " (index " + getIndex()
                    + "): expected input width " + config().getNIn() + ", got " + input.size(1) + " (input shape "
                    + Arrays.toString(input.shape()) + ")");
        }
        if (scan) {
            LayerValues.checkInput(config().describe() + " (index " + getIndex() + ")", input);
        }
    }
}
