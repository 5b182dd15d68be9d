package io.github.dpn4j.layer;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.SameDiffParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins the DL4J/SameDiff 1.0.0-M2.1 defects the layer works around (listed in docs/design.md). Each test states the defect as it is
 * today: when an upgrade fixes one, its test fails, and the matching workaround in {@link DenoisingPotentialLayer} or
 * {@link PotentialGraph} must be removed (the reference and gradient-check tests would fail as well).
 */
class WorkaroundPinTest {

    /** Our config, instantiated as DL4J's own SameDiff layer implementation, without our corrections. */
    static final class PlainSameDiffDpn extends DenoisingPotential {
        PlainSameDiffDpn(Builder builder) {
            super(builder);
        }

        private PlainSameDiffDpn() {
        }

        @Override
        public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                                 INDArray view, boolean initialize, DataType dataType) {
            org.deeplearning4j.nn.layers.samediff.SameDiffLayer layer =
                    new org.deeplearning4j.nn.layers.samediff.SameDiffLayer(conf, dataType);
            layer.setIndex(index);
            layer.setParamsViewArray(view);
            layer.setParamTable(SameDiffParamInitializer.getInstance().init(conf, view, initialize));
            layer.setConf(conf);
            return layer;
        }
    }

    private static final GoldenReference REF = GoldenReference.load();

    private static Pair<Gradient, INDArray> backprop(MultiLayerNetwork net) {
        net.initGradientsView();
        Layer layer = net.getLayer(0);
        layer.setInput(REF.get("x").dup(), LayerWorkspaceMgr.noWorkspaces());
        layer.activate(true, LayerWorkspaceMgr.noWorkspaces());
        return layer.backpropGradient(REF.get("W"), LayerWorkspaceMgr.noWorkspaces());
    }

    @Test
    void plainSameDiffLayerDoublesEveryGradient_correctionFactorIsHalf() {
        DenoisingPotential.Builder b = new DenoisingPotential.Builder().nIn(REF.d()).components(REF.k())
                .steps(REF.n()).gradientMode(GradientMode.FULL);
        MultiLayerNetwork plain = Networks.dpnOnly(new PlainSameDiffDpn(b), DataType.DOUBLE);
        plain.getLayer(0).getParam(DenoisingPotential.MU).assign(REF.param("mu"));
        plain.getLayer(0).getParam(DenoisingPotential.A).assign(REF.param("A"));
        plain.getLayer(0).getParam(DenoisingPotential.C).assign(REF.param("c").reshape(1, REF.k()));
        plain.getLayer(0).getParam(DenoisingPotential.ALPHA).assign(REF.param("alpha").reshape(1, 1));

        Pair<Gradient, INDArray> back = backprop(plain);

        assertEquals(0.5, DenoisingPotentialLayer.EXTERNAL_ERRORS_CORRECTION);
        GoldenReferenceTest.assertClose(REF.mode("full", "grad_x").mul(2), back.getSecond(), "doubled grad x");
        GoldenReferenceTest.assertClose(REF.mode("full", "grad_A").mul(2),
                back.getFirst().getGradientFor(DenoisingPotential.A), "doubled grad A");
    }

    @Test
    void plainSameDiffLayerIgnoresSetParam() {
        MultiLayerNetwork plain = Networks.dpnOnly(new PlainSameDiffDpn(new DenoisingPotential.Builder().nIn(3)
                .components(2)), DataType.DOUBLE);
        INDArray before = plain.getParam("0_" + DenoisingPotential.MU).dup();
        plain.setParam("0_" + DenoisingPotential.MU, before.add(1.0));
        assertEquals(before, plain.getParam("0_" + DenoisingPotential.MU));
    }

    @Test
    void sameDiffDivisionBackwardIsWrongForARowOfOne() {
        INDArray x = Nd4j.createFromArray(new double[][]{{0.3, -0.2, 0.9}});
        SameDiff sd = SameDiff.create();
        SDVariable v = sd.var("x", x.dup());
        SDVariable u = sd.math.exp(v);
        SDVariable softmax = u.div(u.sum(true, 1));
        sd.setLossVariables(softmax.mul(sd.constant(Nd4j.createFromArray(new double[][]{{1.0, 2.0, 3.0}}))).sum());
        INDArray autodiff = sd.calculateGradients(null, "x").get("x");

        // d/dx_j sum_i w_i s_i = s_j (w_j - sum_i w_i s_i)
        INDArray s = Nd4j.math().exp(x).div(Nd4j.math().exp(x).sumNumber().doubleValue());
        INDArray w = Nd4j.createFromArray(new double[][]{{1.0, 2.0, 3.0}});
        INDArray exact = s.mul(w.sub(s.mul(w).sumNumber().doubleValue()));
        double error = autodiff.sub(exact).amaxNumber().doubleValue();
        assertTrue(error > 1e-3, "M2.1's division backward now matches (error " + error
                + "): PotentialGraph.responsibilities may use exp(e - m) / sum(..) again");
    }

    @Test
    void sameDiffReductionOverASizeOneDimensionFails() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.createFromArray(new double[][]{{1.0}, {2.0}, {3.0}}));
        SDVariable summed = x.mul(x).sum(1);
        sd.setLossVariables(summed.sum());
        assertThrows(RuntimeException.class, () -> sd.calculateGradients(null, "x"),
                "M2.1's SameDiff now reduces over a size-1 dimension: PotentialGraph.sum may reduce for d = 1, k = 1");
    }

    @Test
    void sameDiffBackwardOfAOneByOneProductFails() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.var("x", Nd4j.createFromArray(new double[][]{{2.0}}));
        SDVariable w = sd.var("w", Nd4j.createFromArray(new double[][]{{0.5}}));
        sd.setLossVariables(sd.mmul(x, w, false, true, false).sum());
        assertThrows(RuntimeException.class, () -> sd.calculateGradients(null, "x", "w"),
                "M2.1's matmul_bp now handles [1, 1] factors: PotentialGraph.product may use mmul for k = d = 1");
    }
}
