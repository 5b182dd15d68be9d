package io.github.dpn4j.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Non-finite values never leave the layer or {@link Potential} without an error naming the layer and the culprit
 * (issue 12, cases 5–9 and 14).
 */
class BoundaryChecksTest {

    private static final int D = 5;

    private static DenoisingPotential.Builder dpn() {
        return new DenoisingPotential.Builder().name("dpn").components(3).steps(4);
    }

    private static MultiLayerNetwork net(DenoisingPotential layer, DataType dataType) {
        return Networks.dpnSoftmax(D, 3, layer, dataType);
    }

    private static INDArray x(DataType dataType) {
        return Networks.features(2, D, dataType, 7);
    }

    private static INDArray constant(INDArray like, double value) {
        return Nd4j.valueArrayOf(like.shape(), value, like.dataType());
    }

    // ------------------------------------------------------------------ case 5: NaN parameters

    @Test
    void setParam_nonFinite_isRefused_namingLayerAndParameter() {
        MultiLayerNetwork net = net(dpn().build(), DataType.DOUBLE);
        INDArray a = net.getParam("0_A");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.setParam("0_A", constant(a, Double.NaN)));
        assertEquals("DenoisingPotential layer \"dpn\" (index 0): parameter \"A\" contains NaN at [0, 0, 0]; the "
                + "layer's output would be NaN", e.getMessage());
        assertFalse(BooleanIndexing.or(net.getParam("0_A"), Conditions.notFinite()), "not assigned");
        assertThrows(IllegalArgumentException.class, () -> net.setParam("0_alpha",
                constant(net.getParam("0_alpha"), Double.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> net.getLayer(0).setParams(constant(net.getLayer(0).params(),
                Double.NaN)));
        assertFalse(BooleanIndexing.or(net.getLayer(0).params(), Conditions.notFinite()), "restored");
    }

    @Test
    void nonFiniteParameters_writtenPastTheChecks_failOutputAndFit_namingTheParameter() {
        MultiLayerNetwork net = net(dpn().build(), DataType.DOUBLE);
        net.getParam("0_mu").putScalar(1, 2, Double.NaN);  // the network's flat setParams writes the same way
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> net.output(x(DataType.DOUBLE)));
        assertEquals("DenoisingPotential layer \"dpn\" (index 0): parameter \"mu\" contains NaN at [1, 2]; the "
                + "layer's output would be NaN", out.getMessage());
        DataSet batch = new DataSet(x(DataType.DOUBLE), Networks.labels(2, 3, DataType.DOUBLE));
        IllegalArgumentException fit = assertThrows(IllegalArgumentException.class, () -> net.fit(batch));
        assertTrue(fit.getMessage().contains("parameter \"mu\" contains NaN"), fit.getMessage());
        IllegalArgumentException view = assertThrows(IllegalArgumentException.class, () -> Potential.of(net, 0));
        assertTrue(view.getMessage().contains("parameter \"mu\" contains NaN"), view.getMessage());
    }

    // ------------------------------------------------------------------ case 6: huge finite float32 inputs

    @ParameterizedTest
    @EnumSource(Precision.class)
    void hugeFiniteFloat32Inputs_giveFiniteOutputs(Precision precision) {
        MultiLayerNetwork net = net(dpn().precision(precision).build(), DataType.FLOAT);
        INDArray unit = Nd4j.rand(DataType.FLOAT, 2, D).muli(2).subi(1);  // in [-1, 1]
        for (double scale : new double[]{1e4, 1e17, 1e20, 1e30, 3e38}) {
            INDArray x = unit.mul(scale);
            assertFalse(BooleanIndexing.or(x, Conditions.notFinite()), "the input itself is finite");
            INDArray out = net.getLayer(0).activate(x, false, LayerWorkspaceMgr.noWorkspaces());
            assertEquals(DataType.FLOAT, out.dataType());
            assertFalse(BooleanIndexing.or(out, Conditions.notFinite()), precision + " at " + scale + ": " + out);
            INDArray gradient = Potential.of(net, 0).gradient(x);
            assertFalse(BooleanIndexing.or(gradient, Conditions.notFinite()), precision + " at " + scale);
        }
    }

    @Test
    void potentialBeyondFloat32_isAClearError_namingTheRange() {
        MultiLayerNetwork net = net(dpn().build(), DataType.FLOAT);
        INDArray far = Nd4j.rand(DataType.FLOAT, 2, D).muli(2).subi(1).muli(1e20);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Potential.of(net, 0).value(far));
        assertTrue(e.getMessage().startsWith("DenoisingPotential layer \"dpn\": a result (-"), e.getMessage());
        assertTrue(e.getMessage().contains("is beyond FLOAT's range") && e.getMessage().contains("float64"),
                e.getMessage());
    }

    @Test
    void float32Training_onInputsBeyondItsRange_failsNamingTheRange() {
        MultiLayerNetwork net = net(dpn().precision(Precision.DIAGONAL).build(), DataType.FLOAT);
        INDArray far = Nd4j.rand(DataType.FLOAT, 2, D).muli(2).subi(1).muli(1e30);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.fit(new DataSet(far, Networks.labels(2, 3, DataType.FLOAT))));
        assertTrue(e.getMessage().startsWith("DenoisingPotential layer \"dpn\" (index 0): finite input (largest |x| "
                + "= "), e.getMessage());
        assertTrue(e.getMessage().contains("up to about 1.8e+19 is safe in float32")
                && e.getMessage().contains("train in float64"), e.getMessage());
    }

    @Test
    void float64BeyondItsRange_isAClearError() {
        MultiLayerNetwork net = net(dpn().build(), DataType.DOUBLE);
        INDArray far = x(DataType.DOUBLE).mul(1e200);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.output(far));
        assertTrue(e.getMessage().contains("squared distances overflowed float64")
                && e.getMessage().contains("1.3e+154 in float64"), e.getMessage());
    }

    // ------------------------------------------------------------------ case 7: Potential checks its input

    @Test
    void potential_nanInput_isRefused_likeTheLayer() {
        MultiLayerNetwork net = net(dpn().build(), DataType.DOUBLE);
        INDArray x = x(DataType.DOUBLE);
        x.putScalar(1, 3, Double.NaN);
        Potential p = Potential.of(net, 0);
        for (Runnable call : List.<Runnable>of(() -> p.value(x), () -> p.gradient(x), () -> p.energies(x),
                () -> p.responsibilities(x), () -> p.ascend(x))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertTrue(e.getMessage().startsWith("DenoisingPotential layer \"dpn\": input contains NaN or infinite "
                    + "values (NaN at [1, 3]"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ case 8: one validation of the options

    @Test
    void setters_holdTheBuildersRanges() {
        DenoisingPotential layer = dpn().build();
        assertEquals("DenoisingPotential layer \"dpn\": components must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> layer.setComponents(0)).getMessage());
        assertEquals("DenoisingPotential layer \"dpn\": steps must be >= 0, got -4",
                assertThrows(IllegalArgumentException.class, () -> layer.setSteps(-4)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> layer.setStepSize(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> layer.setTolerance(-1));
        assertThrows(IllegalArgumentException.class, () -> layer.setPrecision(null));
        assertEquals(3, layer.getComponents(), "unchanged");
    }

    @Test
    void combinationBrokenThroughSetters_failsWhenTheNetworkIsBuilt() {
        DenoisingPotential layer = dpn().nIn(D).build();
        layer.setTolerance(0.1);
        layer.setGradientMode(GradientMode.FULL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net(layer, DataType.DOUBLE));
        assertTrue(e.getMessage().startsWith("DenoisingPotential layer \"dpn\": tolerance 0.1 needs gradientMode "
                + "DETACHED"), e.getMessage());
    }

    @Test
    void savedModelWithInvalidOption_failsToLoad_namingOptionAndValue() {
        MultiLayerNetwork net = net(dpn().build(), DataType.DOUBLE);
        String json = net.getLayerWiseConfigurations().toJson();
        assertTrue(json.contains("\"steps\" : 4"), json);
        Exception e = assertThrows(Exception.class,
                () -> MultiLayerConfiguration.fromJson(json.replace("\"steps\" : 4", "\"steps\" : -4")));
        assertTrue(rootMessage(e).endsWith("steps must be >= 0, got -4"), rootMessage(e));
    }

    @Test
    void loadedParameters_areChecked() {
        MultiLayerNetwork net = net(dpn().build(), DataType.DOUBLE);
        INDArray params = net.params().dup();
        params.putScalar(0, Double.NaN);  // mu[0, 0]
        MultiLayerNetwork loaded = new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loaded.init(params, false));
        assertTrue(e.getMessage().contains("(index 0): parameter \"mu\" contains NaN"), e.getMessage());
    }

    private static String rootMessage(Throwable e) {
        while (e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage();
    }

    // ------------------------------------------------------------------ case 9: alpha's sign

    @Test
    void negativeAlpha_isRefused_whileTheClampIsOn() {
        MultiLayerNetwork net = net(dpn().build(), DataType.DOUBLE);
        INDArray minusFive = Nd4j.valueArrayOf(new long[]{1, 1}, -5.0, DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.setParam("0_alpha", minusFive));
        assertEquals("DenoisingPotential layer \"dpn\" (index 0): alpha must be >= 0 while nonNegativeStepSize is on "
                + "(a negative step size descends the potential), got -5.0; build the layer with "
                + "nonNegativeStepSize(false) to allow it", e.getMessage());
        MultiLayerNetwork free = net(dpn().nonNegativeStepSize(false).build(), DataType.DOUBLE);
        free.setParam("0_alpha", minusFive);
        assertEquals(-5.0, Potential.of(free, 0).stepSize());
    }

    // ------------------------------------------------------------------ case 14: float16

    @Test
    void float16Adam_givesNaNParametersAfterOneUpdate_withoutAnyDpn() {
        // pins the DL4J 1.0.0-M2.1 behaviour the layer's float16 message describes: if an upgrade fixes it, update
        // LayerValues.checkInput's message
        MultiLayerNetwork plain = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.HALF).updater(new Adam(1e-3)).list()
                .layer(new org.deeplearning4j.nn.conf.layers.DenseLayer.Builder().nIn(D).nOut(4)
                        .activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(4).nOut(3)
                        .activation(Activation.SOFTMAX).build())
                .build());
        plain.init();
        INDArray x = x(DataType.HALF);
        x.getColumn(0).assign(0);  // the weights of a zero feature get a zero gradient: Adam's 0 / (0 + eps)
        plain.fit(new DataSet(x, Networks.labels(2, 3, DataType.HALF)));
        assertTrue(LayerValues.nonFinite(plain.params()), "float16 Adam kept finite parameters: " + plain.params());
    }

    @Test
    void float16NaN_isFound() {
        INDArray half = Nd4j.zeros(DataType.HALF, 2, 3);
        half.putScalar(1, 1, Double.NaN);
        assertTrue(LayerValues.nonFinite(half));
        assertFalse(LayerValues.nonFinite(Nd4j.zeros(DataType.HALF, 2, 3)));
    }

    @Test
    void float16NaNInput_saysFloat16TrainingIsUnsupported() {
        MultiLayerNetwork net = net(dpn().build(), DataType.HALF);
        INDArray x = x(DataType.HALF);
        x.putScalar(0, 0, Double.NaN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.output(x));
        assertTrue(e.getMessage().contains("float16 training is not supported: DL4J 1.0.0-M2.1's updaters"),
                e.getMessage());
    }
}
