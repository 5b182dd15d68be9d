package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.StepRule;
import io.github.dpn4j.layer.DpnLayer;
import io.github.dpn4j.layer.Potential;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A trained classifier ({@link MultiLayerNetwork} or {@link ComputationGraph} with one input and one output layer)
 * seen layer by layer: the features every layer produces for a batch of examples, the logits, and its
 * {@link DenoisingPotential} layers, found by type.
 *
 * <p><b>Features per layer</b> ({@link #features(INDArray)}): the raw input, the output of every layer in
 * order ({@code feedForward(x, false)}; convolutional outputs {@code [N, C, H, W]} are flattened to
 * {@code [N, C·H·W]}), then the <b>logits</b>: the output layer's pre-activation {@code z = h W + b} computed from
 * its {@code W} and {@code b} parameters and its input {@code h} (the last softmax's input, not
 * {@code log softmax}, which would shift every row by its log-sum-exp). An output layer without {@code W} and
 * {@code b} gives no logits row.
 *
 * <p>Examples are fed in minibatches of {@value #BATCH} (the DPN ascent keeps every step's intermediates), in
 * test mode. The network is not modified and not copied: do not train it while it is inspected.
 */
public final class InspectedModel {

    /**
     * Examples per forward pass: {@value}. Large, because a FULL DPN layer forms its {@code k} precisions
     * ({@code k·d³} FLOPs) once per call whatever the batch size.
     */
    public static final int BATCH = 256;

    /** Name of the raw-input row of {@link #features(INDArray)}: {@value}. */
    public static final String INPUT = "input";

    /** Name of the logits row of {@link #features(INDArray)}: {@value}. */
    public static final String LOGITS = "logits";

    private final MultiLayerNetwork network;
    private final ComputationGraph graph;
    /** Feature rows in order, without {@link #INPUT} and {@link #LOGITS}: layer index or vertex name. */
    private final List<String> layerKeys;
    private final List<String> layerLabels;
    private final List<PotentialLayer> potentials;

    private InspectedModel(MultiLayerNetwork network, ComputationGraph graph) {
        this.network = network;
        this.graph = graph;
        this.layerKeys = new ArrayList<>();
        this.layerLabels = new ArrayList<>();
        this.potentials = new ArrayList<>();
        if (network != null) {
            List<NeuralNetConfiguration> confs = network.getLayerWiseConfigurations().getConfs();
            for (int i = 0; i < confs.size(); i++) {
                layerKeys.add(Integer.toString(i));
                layerLabels.add(i + ": " + confs.get(i).getLayer().getClass().getSimpleName());
            }
            // a TWEEDIE front-end has no ascent to picture: robustify's report analyses it
            DpnLayer.all(network).stream().filter(dpn -> dpn.config().getStepRule() == StepRule.LEARNED)
                    .forEach(dpn -> potentials.add(new PotentialLayer(dpn.key() + ": "
                            + DenoisingPotential.class.getSimpleName(), dpn)));
        } else {
            singleInput(graph);
            for (int index : graph.topologicalSortOrder()) {
                GraphVertex v = graph.getVertices()[index];
                if (v.isInputVertex()) {
                    continue;
                }
                String name = v.getVertexName();
                String type = v.hasLayer() ? v.getLayer().conf().getLayer().getClass().getSimpleName()
                        : v.getClass().getSimpleName();
                layerKeys.add(name);
                layerLabels.add(name + ": " + type);
            }
            // a TWEEDIE front-end has no ascent to picture: robustify's report analyses it
            DpnLayer.all(graph).stream().filter(dpn -> dpn.config().getStepRule() == StepRule.LEARNED)
                    .forEach(dpn -> potentials.add(new PotentialLayer(dpn.key() + ": "
                            + DenoisingPotential.class.getSimpleName(), dpn)));
        }
    }

    /**
     * @param network an initialised network whose last layer is an output layer
     * @return the network seen layer by layer (backed by it, not copied)
     */
    public static InspectedModel of(MultiLayerNetwork network) {
        return new InspectedModel(network, null);
    }

    /**
     * @param graph an initialised graph with exactly one input and one output
     * @return the graph seen layer by layer (backed by it, not copied)
     * @throws IllegalArgumentException naming the counts, if the graph has several inputs or outputs
     */
    public static InspectedModel of(ComputationGraph graph) {
        int outputs = graph.getConfiguration().getNetworkOutputs().size();
        if (outputs != 1) {
            throw new IllegalArgumentException("graph must have exactly one output, got " + outputs + ": "
                    + graph.getConfiguration().getNetworkOutputs());
        }
        return new InspectedModel(null, graph);
    }

    private static String singleInput(ComputationGraph graph) {
        List<String> inputs = graph.getConfiguration().getNetworkInputs();
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("graph must have exactly one input, got " + inputs.size() + ": "
                    + inputs);
        }
        return inputs.get(0);
    }

    /** @return true for a ComputationGraph, false for a MultiLayerNetwork */
    public boolean isGraph() {
        return graph != null;
    }

    /**
     * @return the layers in order, e.g. {@code ["0: DenoisingPotential", "1: OutputLayer"]} or
     *         {@code ["dense: DenseLayer", ...]}
     */
    public List<String> layerLabels() {
        return List.copyOf(layerLabels);
    }

    /** @return the model's DenoisingPotential layers in order, each with its potential at the time of {@code of} */
    public List<PotentialLayer> potentials() {
        return List.copyOf(potentials);
    }

    /**
     * The features of every layer.
     *
     * @param x network input {@code [N, inputWidth]}, {@code N >= 1}
     * @return ordered map from row name ({@value #INPUT}, each of {@link #layerLabels()}, {@value #LOGITS}) to
     *         float64 features {@code [N, p]}
     */
    public Map<String, INDArray> features(INDArray x) {
        List<List<INDArray>> chunks = new ArrayList<>();
        for (int start = 0; start < x.rows(); start += BATCH) {
            INDArray batch = x.get(NDArrayIndex.interval(start, Math.min(x.rows(), start + BATCH)), NDArrayIndex.all());
            chunks.add(forward(batch));
        }
        List<String> names = new ArrayList<>();
        names.add(INPUT);
        names.addAll(layerLabels);
        if (chunks.get(0).size() > names.size()) {
            names.add(LOGITS);
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int r = 0; r < names.size(); r++) {
            INDArray[] parts = new INDArray[chunks.size()];
            for (int c = 0; c < chunks.size(); c++) {
                parts[c] = chunks.get(c).get(r);
            }
            out.put(names.get(r), parts.length == 1 ? parts[0] : Nd4j.concat(0, parts));
        }
        return out;
    }

    /**
     * The input of a DenoisingPotential layer: what its ascent starts from.
     *
     * @param layer one of {@link #potentials()}
     * @param x     network input {@code [N, inputWidth]}
     * @return the layer's input features, float64 {@code [N, d]}
     */
    public INDArray potentialInput(PotentialLayer layer, INDArray x) {
        List<INDArray> parts = new ArrayList<>();
        for (int start = 0; start < x.rows(); start += BATCH) {
            INDArray batch = x.get(NDArrayIndex.interval(start, Math.min(x.rows(), start + BATCH)), NDArrayIndex.all());
            parts.add(flat(layer.dpn.inputFeatures(batch)));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /**
     * @param x network input {@code [N, inputWidth]}
     * @return the predicted class of every example (argmax of the output), {@code [N]}
     */
    public int[] predict(INDArray x) {
        int[] predicted = new int[x.rows()];
        for (int start = 0; start < x.rows(); start += BATCH) {
            INDArray batch = x.get(NDArrayIndex.interval(start, Math.min(x.rows(), start + BATCH)), NDArrayIndex.all());
            INDArray out = network != null ? network.output(batch, false) : graph.outputSingle(false, batch);
            INDArray argmax = out.argMax(1);
            for (int j = 0; j < batch.rows(); j++) {
                predicted[start + j] = argmax.getInt(j);
            }
        }
        return predicted;
    }

    /** @return float64 features of every row for one minibatch, logits last if the output layer has W and b */
    private List<INDArray> forward(INDArray batch) {
        List<INDArray> rows = new ArrayList<>();
        INDArray outputInput;
        Layer outputLayer;
        if (network != null) {
            List<INDArray> activations = network.feedForward(batch, false);
            activations.forEach(a -> rows.add(flat(a)));
            outputInput = activations.get(activations.size() - 2);
            outputLayer = network.getLayer(network.getnLayers() - 1);
        } else {
            Map<String, INDArray> activations = graph.feedForward(batch, false);
            rows.add(flat(batch));
            layerKeys.forEach(k -> rows.add(flat(activations.get(k))));
            String output = graph.getConfiguration().getNetworkOutputs().get(0);
            outputInput = activations.get(graph.getConfiguration().getVertexInputs().get(output).get(0));
            outputLayer = graph.getVertex(output).hasLayer() ? graph.getVertex(output).getLayer() : null;
        }
        if (outputLayer != null && outputLayer.conf().getLayer() instanceof BaseOutputLayer) {
            INDArray w = outputLayer.getParam("W");
            INDArray b = outputLayer.getParam("b");
            if (w != null && b != null) {
                INDArray h = flat(outputInput);
                rows.add(h.mmul(w.castTo(DataType.DOUBLE)).addiRowVector(b.castTo(DataType.DOUBLE).reshape(1, -1)));
            }
        }
        return rows;
    }

    /** @return a float64 'c'-ordered copy of {@code a} as {@code [N, p]} (rank > 2 flattened per example) */
    private static INDArray flat(INDArray a) {
        INDArray d = a.castTo(DataType.DOUBLE).dup('c');
        return d.rank() == 2 ? d : d.reshape('c', d.size(0), d.length() / d.size(0));
    }

    /** @return the kind of model and its layers */
    @Override
    public String toString() {
        return (isGraph() ? "ComputationGraph" : "MultiLayerNetwork") + layerLabels;
    }

    /**
     * One DenoisingPotential layer of the model.
     */
    public static final class PotentialLayer {

        private final String label;
        private final DpnLayer dpn;
        private final Potential potential;

        PotentialLayer(String label, DpnLayer dpn) {
            this.label = label;
            this.dpn = dpn;
            this.potential = dpn.potential();
        }

        /** @return the row name in {@link #features(INDArray)}, e.g. {@code "0: DenoisingPotential"} */
        public String label() {
            return label;
        }

        /** @return the layer index (MultiLayerNetwork) or vertex name (ComputationGraph) */
        public String key() {
            return dpn.key();
        }

        /** @return the layer's potential (parameters as of {@link InspectedModel#of}) */
        public Potential potential() {
            return potential;
        }

        /** @return true if the layer reads the network input directly (a DPN on pixels) */
        public boolean onInput() {
            return dpn.readsNetworkInput();
        }

        @Override
        public String toString() {
            return label + "{k=" + potential.components() + ", d=" + potential.dimensions() + ", n="
                    + potential.steps() + ", " + potential.precision() + "}";
        }
    }
}
