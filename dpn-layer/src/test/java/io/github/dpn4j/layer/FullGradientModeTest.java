package io.github.dpn4j.layer;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link GradientMode#FULL} training runs SameDiff's unrolled graph for its forward too, so the loss DL4J computes and
 * the gradient SameDiff differentiates come from the same forward values; and its gradients stay right when the
 * minibatch size changes between calls (a smaller last batch).
 */
class FullGradientModeTest {

    private static final int D = 3;
    private static final int K = 2;
    private static final int N = 2;
    private static final String[] KEYS = {DenoisingPotential.MU, DenoisingPotential.A, DenoisingPotential.C,
            DenoisingPotential.ALPHA};

    private static MultiLayerNetwork network(Precision precision, DataType dt, Map<String, INDArray> params) {
        MultiLayerNetwork net = Networks.dpnOnly(new DenoisingPotential.Builder().nIn(D).components(K).steps(N)
                .precision(precision).gradientMode(GradientMode.FULL).build(), dt);
        params.forEach((key, v) -> net.setParam("0_" + key, v.castTo(dt)));
        net.initGradientsView();
        return net;
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void trainingForwardIsSameDiffsForwardBitForBit_float32(Precision precision) {
        Map<String, INDArray> params = Networks.parameters(precision, K, D, 0.3, 7);
        MultiLayerNetwork net = network(precision, DataType.FLOAT, params);
        INDArray x = Networks.features(5, D, DataType.FLOAT, 3);

        SameDiff sd = SameDiff.create();
        Map<String, SDVariable> vars = new HashMap<>();
        for (String key : KEYS) {
            vars.put(key, sd.constant(key, params.get(key).castTo(DataType.FLOAT)));
        }
        INDArray sameDiff = PotentialGraph.define(sd, precision, K, D, vars.get(DenoisingPotential.MU),
                vars.get(DenoisingPotential.A), vars.get(DenoisingPotential.C), vars.get(DenoisingPotential.ALPHA))
                .ascend(sd.constant(x), N, GradientMode.FULL).eval();

        net.getLayer(0).setInput(x, LayerWorkspaceMgr.noWorkspaces());
        INDArray training = net.getLayer(0).activate(true, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(sameDiff, training, "the training forward is SameDiff's, the values the gradient comes from");
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void gradientsStayRightWhenTheMinibatchSizeChanges_float64(Precision precision) {
        Map<String, INDArray> params = Networks.parameters(precision, K, D, 0.3, 11);
        MultiLayerNetwork net = network(precision, DataType.DOUBLE, params);
        for (int batch : new int[]{4, 1, 7}) {
            INDArray x = Networks.features(batch, D, DataType.DOUBLE, 20 + batch);
            INDArray eps = Networks.features(batch, D, DataType.DOUBLE, 30 + batch);
            Map<String, INDArray> expected = SameDiffOracle.of(precision, K, D, N, GradientMode.FULL, params, x, eps);

            net.getLayer(0).setInput(x, LayerWorkspaceMgr.noWorkspaces());
            net.getLayer(0).activate(true, LayerWorkspaceMgr.noWorkspaces());
            Pair<Gradient, INDArray> back = net.getLayer(0).backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces());
            ShapeSweepTest.assertClose(expected.get("x"), back.getSecond(), DataType.DOUBLE, true,
                    "B=" + batch + " input gradient");
            for (String key : KEYS) {
                ShapeSweepTest.assertClose(expected.get(key), back.getFirst().getGradientFor(key), DataType.DOUBLE,
                        true, "B=" + batch + " grad " + key);
            }
        }
    }
}
