package io.github.dpn4j.layer;

import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layer right at every small shape, in the style of EJML's tests: minibatch {@code B ∈ {1, 2, 7}}, width
 * {@code d ∈ {1, 3, 8}}, components {@code k ∈ {1, 2, 5}}, steps {@code n ∈ {0, 1, 4}}, both precisions, against
 * SameDiff's autodiff of {@link PotentialGraph} in float64 ({@link SameDiffOracle}).
 * <ul>
 *   <li>The kernel at every {@code B}, in float64 and float32: the output and every DETACHED parameter gradient.</li>
 *   <li>The layer in a network at every {@code (dtype, gradient mode, DL4J workspace mode)}: the inference output,
 *       the training output and every gradient, the input gradient included; {@code B} cycles through its values
 *       across those eight runs, so every pair of settings meets every {@code B} across the shapes.</li>
 * </ul>
 * Tolerances ({@link Tolerances}) are absolute, scaled by the largest expected magnitude (at least 1).
 */
class ShapeSweepTest {

    private static final int[] BATCHES = {1, 2, 7};
    private static final String[] KEYS = SameDiffOracle.KEYS;
    private static final String X = SameDiffOracle.X;
    private static final String OUT = SameDiffOracle.OUT;

    static Stream<Arguments> shapes() {
        List<Arguments> out = new ArrayList<>();
        for (Precision precision : Precision.values()) {
            for (int d : new int[]{1, 3, 8}) {
                for (int k : new int[]{1, 2, 5}) {
                    for (int n : new int[]{0, 1, 4}) {
                        out.add(Arguments.of(precision, d, k, n));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} d={1} k={2} n={3}")
    @MethodSource("shapes")
    void kernelAndLayerMatchTheOracle(Precision precision, int d, int k, int n) {
        long seed = 1000L * d + 100L * k + 10L * n + precision.ordinal();
        Map<String, INDArray> params = Networks.parameters(precision, k, d, 0.3, seed);
        Map<Integer, INDArray> xs = new HashMap<>();
        Map<Integer, INDArray> epss = new HashMap<>();
        Map<String, Map<String, INDArray>> expected = new HashMap<>();
        for (int b : BATCHES) {
            xs.put(b, Networks.features(b, d, DataType.DOUBLE, seed + b));
            epss.put(b, Networks.features(b, d, DataType.DOUBLE, seed + 10 + b));
            for (GradientMode mode : GradientMode.values()) {
                expected.put(mode + "/" + b, SameDiffOracle.of(precision, k, d, n, mode, params, xs.get(b),
                        epss.get(b)));
            }
        }
        String shape = precision + " d=" + d + " k=" + k + " n=" + n;

        for (int b : BATCHES) {
            for (DataType dt : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
                checkKernel(precision, n, cast(params, dt), xs.get(b).castTo(dt), epss.get(b).castTo(dt),
                        expected.get(GradientMode.DETACHED + "/" + b), shape + " B=" + b + " " + dt);
            }
        }

        int run = 0;
        for (DataType dt : new DataType[]{DataType.DOUBLE, DataType.FLOAT}) {
            for (GradientMode mode : GradientMode.values()) {
                for (WorkspaceMode workspaces : new WorkspaceMode[]{WorkspaceMode.NONE, WorkspaceMode.ENABLED}) {
                    int b = BATCHES[(run++ + d + k + n) % BATCHES.length];
                    DenoisingPotential dpn = new DenoisingPotential.Builder().nIn(d).components(k).steps(n)
                            .precision(precision).gradientMode(mode).name("dpn").build();
                    checkLayer(dpn, params, dt, workspaces, xs.get(b).castTo(dt), epss.get(b).castTo(dt),
                            expected.get(mode + "/" + b),
                            shape + " B=" + b + " " + dt + " " + mode + " workspaces " + workspaces);
                }
            }
        }
    }

    private static void checkKernel(Precision precision, int n, Map<String, INDArray> params, INDArray x,
                                    INDArray eps, Map<String, INDArray> expected, String what) {
        Kernel kernel = Kernel.of(precision, params);
        Tape tape = new Tape(kernel, x, n);
        Kernel.Ascent ascent = kernel.ascend(x, n, 0, tape, null);
        assertEquals(n, ascent.steps(), what);
        assertClose(expected.get(OUT), Nd4j.createFromArray(kernel.uncentred(ascent.point())), x.dataType(),
                false, what + " kernel output");
        Map<String, INDArray> gradients = new HashMap<>();
        for (String key : KEYS) {
            gradients.put(key, Nd4j.zerosLike(params.get(key)));
        }
        kernel.backward(tape, HostView.values(eps), gradients);
        for (String key : KEYS) {
            assertClose(expected.get(key), gradients.get(key), x.dataType(), true, what + " kernel grad " + key);
        }
    }

    private static void checkLayer(DenoisingPotential dpn, Map<String, INDArray> params, DataType dt,
                                   WorkspaceMode workspaces, INDArray x, INDArray eps,
                                   Map<String, INDArray> expected, String what) {
        MultiLayerNetwork net = Networks.dpnOnly(dpn, dt, workspaces);
        for (String key : KEYS) {
            net.setParam("0_" + key, params.get(key).castTo(dt));
        }
        assertClose(expected.get(OUT), net.output(x), dt, false, what + " inference output");
        net.initGradientsView();
        DenoisingPotentialLayer layer = (DenoisingPotentialLayer) net.getLayer(0);
        LayerWorkspaceMgr mgr = workspaces == WorkspaceMode.NONE ? LayerWorkspaceMgr.noWorkspaces() : workspaceMgr();
        // twice: the first pass sizes DL4J's workspaces, the second runs inside them as training does
        for (int cycle = 0; cycle < 2; cycle++) {
            Map<String, INDArray> got = trainingStep(layer, mgr, x, eps);
            assertClose(expected.get(OUT), got.get(OUT), dt, false, what + " training output, pass " + cycle);
            INDArray inputGradient = dpn.getGradientMode() == GradientMode.DETACHED ? eps : expected.get(X);
            assertClose(inputGradient, got.get(X), dt, true, what + " input gradient, pass " + cycle);
            for (String key : KEYS) {
                assertClose(expected.get(key), got.get(key), dt, true, what + " grad " + key + ", pass " + cycle);
            }
        }
    }

    /** One training forward and backward through {@code mgr}, scoped as DL4J's training loop scopes them. */
    private static Map<String, INDArray> trainingStep(DenoisingPotentialLayer layer, LayerWorkspaceMgr mgr,
                                                      INDArray x, INDArray eps) {
        Map<String, INDArray> out = new HashMap<>();
        try (MemoryWorkspace activations = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            layer.setInput(mgr.dup(ArrayType.ACTIVATIONS, x), mgr);
            try (MemoryWorkspace working = mgr.notifyScopeEntered(ArrayType.FF_WORKING_MEM)) {
                out.put(OUT, detached(layer.activate(true, mgr)));
            }
            try (MemoryWorkspace gradients = mgr.notifyScopeEntered(ArrayType.ACTIVATION_GRAD)) {
                Pair<Gradient, INDArray> back;
                try (MemoryWorkspace working = mgr.notifyScopeEntered(ArrayType.BP_WORKING_MEM)) {
                    back = layer.backpropGradient(eps.dup(), mgr);
                }
                out.put(X, detached(back.getSecond()));
                for (String key : KEYS) {
                    out.put(key, detached(back.getFirst().getGradientFor(key)));
                }
            }
        }
        return out;
    }

    /** Workspaces for every array type the layer touches, configured as DL4J's ENABLED mode configures them. */
    private static LayerWorkspaceMgr workspaceMgr() {
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().build();
        return LayerWorkspaceMgr.builder()
                .with(ArrayType.INPUT, "SWEEP_ACTIVATIONS", conf)
                .with(ArrayType.ACTIVATIONS, "SWEEP_ACTIVATIONS", conf)
                .with(ArrayType.FF_WORKING_MEM, "SWEEP_WORKING", conf)
                .with(ArrayType.BP_WORKING_MEM, "SWEEP_WORKING", conf)
                .with(ArrayType.ACTIVATION_GRAD, "SWEEP_GRADIENTS", conf)
                .build();
    }

    private static INDArray detached(INDArray a) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return a.dup();
        }
    }

    private static Map<String, INDArray> cast(Map<String, INDArray> params, DataType dt) {
        Map<String, INDArray> out = new HashMap<>();
        params.forEach((key, v) -> out.put(key, v.castTo(dt)));
        return out;
    }

    /** Within the tolerance of {@code dt} (gradients or values), scaled by the largest expected magnitude. */
    static void assertClose(INDArray expected, INDArray actual, DataType dt, boolean gradient, String what) {
        assertEquals(expected.length(), actual.length(), what + ": length");
        INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
        INDArray a = actual.castTo(DataType.DOUBLE).reshape(actual.length());
        double scale = Math.max(1.0, e.amaxNumber().doubleValue());
        double tolerance = dt == DataType.DOUBLE ? Tolerances.SAME_MATH_FLOAT64
                : gradient ? Tolerances.SWEEP_GRADIENT_FLOAT32 : Tolerances.SWEEP_VALUE_FLOAT32;
        double diff = e.sub(a).amaxNumber().doubleValue();
        assertTrue(diff <= tolerance * scale, what + ": max abs difference " + diff + " > " + tolerance + " x "
                + scale + "\nexpected " + e + "\nactual   " + a);
    }
}
