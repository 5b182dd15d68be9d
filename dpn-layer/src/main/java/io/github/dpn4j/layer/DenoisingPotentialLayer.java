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

import java.util.Arrays;

/**
 * Runtime implementation of {@link DenoisingPotential}. The forward pass and the {@link GradientMode#DETACHED}
 * backward run {@link DirectAscent} (plain ND4J, hand-derived backward, tested against SameDiff); the
 * {@link GradientMode#FULL} backward runs SameDiff's autodiff of the {@link PotentialGraph} layer graph, through
 * DL4J's SameDiff layer with these corrections for DL4J 1.0.0-M2.1 (GUIDE §7), each pinned by a test.
 * <ul>
 *   <li>M2.1's external-errors backprop returns every gradient doubled (parameters and input): epsilon is scaled by
 *       {@link #EXTERNAL_ERRORS_CORRECTION} before it enters the SameDiff graph.</li>
 *   <li>{@code setParam} really assigns (M2.1 only checks the shape).</li>
 *   <li>A frozen step size ({@code learnStepSize(false)}) gets a zero gradient; {@code nonNegativeStepSize} clamps
 *       alpha at 0 when the optimizer applies constraints after each update.</li>
 *   <li>Inputs are checked before they reach native code: rank, width and finiteness, with the layer named.</li>
 *   <li>The gradient graph is built with SameDiff's per-op {@code System.out} chatter filtered out.</li>
 * </ul>
 * {@code n = 0} short-circuits to the exact identity without building a graph.
 * <p>
 * A training forward in DETACHED mode records a {@link DirectAscent.Tape} beside the activations (in DL4J's
 * activations workspace when there is one): {@code n·B·(d+1)} values for the points, {@code B·k·d} (FULL) or
 * {@code B·d} (DIAGONAL) for the sum, and for FULL each step's {@code Z} ({@code n·B·k·d} values) while that stays
 * within {@link DirectAscent#TAPE_DIFFERENCES_LIMIT}. The backward of that step uses it once; a backward without a
 * matching tape (another input, a closed workspace) reruns the ascent.
 */
final class DenoisingPotentialLayer extends SameDiffLayer {

    /** Factor applied to epsilon to undo M2.1's doubled gradient through {@code SameDiffLayer}. */
    static final double EXTERNAL_ERRORS_CORRECTION = 0.5;

    /** Recorded by the last training forward for the DETACHED backward; used once, and only for the same input. */
    private DirectAscent.Tape tape;

    DenoisingPotentialLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private DenoisingPotential config() {
        return (DenoisingPotential) layerConf();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        checkInput();
        tape = null;
        if (config().getStepRule() == StepRule.TWEEDIE) {
            try (MemoryWorkspace ignored = workspaceMgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
                INDArray out = noiseConditional().denoise(input, fixedNoiseLevel());
                return workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), out.shape(), 'c')
                        .assign(out);
            }
        }
        int n = config().getSteps();
        if (n == 0) {
            return workspaceMgr.dup(ArrayType.ACTIVATIONS, input);
        }
        DirectAscent ascent = new DirectAscent(config(), paramTable);
        if (training && config().getGradientMode() == GradientMode.DETACHED) {
            // kept beside the activations, which DL4J holds until the backward of this training step is done
            tape = ascent.tape(input, n, shape -> workspaceMgr.create(ArrayType.ACTIVATIONS, input.dataType(), shape));
        }
        try (MemoryWorkspace ignored = workspaceMgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
            INDArray out = ascent.forward(input, n, tape);
            return workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, out.dataType(), out.shape(), 'c')
                    .assign(out);
        }
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        checkInput();
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
            DirectAscent ascent = new DirectAscent(config(), paramTable);
            try (MemoryWorkspace ignored = workspaceMgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
                if (tape != null && tape.recordedFrom(input)) {
                    ascent.backward(tape, epsilon, gradTable);
                } else {
                    ascent.backward(input, config().getSteps(), epsilon, gradTable);
                }
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

    @Override
    public void clear() {
        super.clear();
        tape = null;
    }

    /** The noise-conditional potential of a {@link StepRule#TWEEDIE} layer's current parameters. */
    private NoiseConditionalPotential noiseConditional() {
        return NoiseConditionalPotential.of(paramTable.get(DenoisingPotential.MU),
                paramTable.get(DenoisingPotential.LOG_VARIANCE), paramTable.get(DenoisingPotential.C),
                config().getNoiseGrid(), paramTable.get(DenoisingPotential.CALIBRATION).toDoubleVector(),
                config().getToleratedNoise());
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
        paramTable.get(key).assign(val);
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

    private void checkInput() {
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
        if (BooleanIndexing.or(input, Conditions.notFinite())) {
            throw new IllegalArgumentException(config().describe() + " (index " + getIndex()
                    + "): input contains NaN or infinite values");
        }
    }
}
