package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.Tolerances;
import io.github.dpn4j.layer.Precision;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

class InspectedModelTest {

    @Test
    void featuresListInputEveryLayerAndLogits_multiLayerNetwork() {
        MultiLayerNetwork net = TinyModels.denseDpn(8, 5, TinyModels.dpn(3, 2, Precision.FULL), DataType.DOUBLE);
        InspectedModel model = InspectedModel.of(net);
        INDArray x = TinyModels.data(6, 8, DataType.DOUBLE, 2).getFeatures();
        Map<String, INDArray> features = model.features(x);
        assertEquals(List.of("input", "0: DenseLayer", "1: DenoisingPotential", "2: OutputLayer", "logits"),
                List.copyOf(features.keySet()));
        assertArrayEquals(new long[]{6, 5}, features.get("1: DenoisingPotential").shape());
        // softmax of the logits is the network's output
        INDArray softmax = Transforms.softmax(features.get("logits"), true);
        assertTrue(softmax.equalsWithEps(net.output(x, false), Tolerances.SAME_MATH_FLOAT64), softmax + " vs " + net.output(x, false));
        assertEquals(1, model.potentials().size());
        assertFalse(model.potentials().get(0).onInput());
        INDArray dpnInput = model.potentialInput(model.potentials().get(0), x);
        assertTrue(dpnInput.equalsWithEps(features.get("0: DenseLayer"), Tolerances.SAME_MATH_FLOAT64));
    }

    @Test
    void featuresInTopologicalOrder_computationGraph() {
        ComputationGraph graph = TinyModels.denseDpnGraph(8, 5, TinyModels.dpn(3, 2, Precision.DIAGONAL),
                DataType.DOUBLE);
        InspectedModel model = InspectedModel.of(graph);
        INDArray x = TinyModels.data(4, 8, DataType.DOUBLE, 2).getFeatures();
        Map<String, INDArray> features = model.features(x);
        assertEquals(List.of("input", "dense: DenseLayer", "dpn: DenoisingPotential", "out: OutputLayer", "logits"),
                List.copyOf(features.keySet()));
        assertTrue(Transforms.softmax(features.get("logits"), true).equalsWithEps(graph.outputSingle(x), Tolerances.SAME_MATH_FLOAT64));
        assertTrue(model.potentialInput(model.potentials().get(0), x).equalsWithEps(features.get("dense: DenseLayer"),
                Tolerances.SAME_MATH_FLOAT64));
        assertArrayEquals(model.predict(x), TinyModels.classes(graph.outputSingle(x)));
    }

    @Test
    void potentialInput_isTheDpnInputBehindMergeAndPreprocessorVertices_computationGraph() {
        ComputationGraph graph = TinyModels.mergedImageGraph(8, 5, TinyModels.dpn(3, 2, Precision.FULL),
                DataType.DOUBLE);
        InspectedModel model = InspectedModel.of(graph);
        INDArray x = TinyModels.data(6, 8, DataType.DOUBLE, 3).getFeatures();
        INDArray image = model.features(x).get("image: PreprocessorVertex");   // [6, 1·1·5], flattened
        assertTrue(model.potentialInput(model.potentials().get(0), x).equalsWithEps(image, Tolerances.SAME_MATH_FLOAT64));
    }

    @Test
    void noPotentials_plainNetwork() {
        InspectedModel model = InspectedModel.of(TinyModels.plain(8, 4, DataType.FLOAT));
        assertTrue(model.potentials().isEmpty());
        assertEquals(List.of("0: DenseLayer", "1: OutputLayer"), model.layerLabels());
    }

    @Test
    void featuresConcatenateMinibatches_moreExamplesThanOneBatch() {
        MultiLayerNetwork net = TinyModels.plain(3, 2, DataType.DOUBLE);
        INDArray x = TinyModels.data(InspectedModel.BATCH + 5, 3, DataType.DOUBLE, 9).getFeatures();
        INDArray logits = InspectedModel.of(net).features(x).get("logits");
        assertEquals(InspectedModel.BATCH + 5, logits.rows());
        assertTrue(Transforms.softmax(logits, true).equalsWithEps(net.output(x, false), Tolerances.SAME_MATH_FLOAT64));
    }
}
