package io.github.dpn4j.layer;

import org.apache.commons.lang3.ArrayUtils;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@link DenoisingPotential} layer found in a {@link MultiLayerNetwork} or a {@link ComputationGraph}: where it is,
 * its configuration, its current step size, a {@link Potential} view of its parameters, and the features at its
 * input, the points its ascent starts from.
 *
 * <pre>
 *   for (DpnLayer dpn : DpnLayer.all(net)) {
 *       INDArray seen = dpn.inputFeatures(x);           // [B, d], the layers before it run, the DPN does not
 *       double alpha = dpn.stepSize();
 *   }
 * </pre>
 *
 * Found by type, so a network restored with {@code ModelSerializer} works the same as a freshly built one. The
 * handle is backed by the network (not a copy): {@link #stepSize()} reads the live parameter, {@link #potential()}
 * takes a snapshot. <b>Not thread-safe: {@link #inputFeatures} runs a forward pass on the network.</b>
 */
public final class DpnLayer {

    private final MultiLayerNetwork network;
    private final ComputationGraph graph;
    /** MultiLayerNetwork: the layer index; ComputationGraph: -1. */
    private final int layerIndex;
    /** ComputationGraph: the vertex name; MultiLayerNetwork: null. */
    private final String vertexName;
    private final Layer layer;
    private final DenoisingPotential config;

    private DpnLayer(MultiLayerNetwork network, ComputationGraph graph, int layerIndex, String vertexName, Layer layer) {
        if (!(layer.conf().getLayer() instanceof DenoisingPotential dpn)) {
            throw new IllegalArgumentException((vertexName == null ? "layer " + layerIndex
                    : "layer \"" + vertexName + "\"") + " is a " + layer.conf().getLayer().getClass().getSimpleName()
                    + ", not a DenoisingPotential");
        }
        this.network = network;
        this.graph = graph;
        this.layerIndex = layerIndex;
        this.vertexName = vertexName;
        this.layer = layer;
        this.config = dpn;
    }

    /**
     * @param net an initialised network
     * @return its DenoisingPotential layers in layer order; empty if it has none
     */
    public static List<DpnLayer> all(MultiLayerNetwork net) {
        List<DpnLayer> found = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i).conf().getLayer() instanceof DenoisingPotential) {
                found.add(new DpnLayer(net, null, i, null, net.getLayer(i)));
            }
        }
        return found;
    }

    /**
     * @param graph an initialised graph
     * @return its DenoisingPotential layers in topological order; empty if it has none
     */
    public static List<DpnLayer> all(ComputationGraph graph) {
        List<DpnLayer> found = new ArrayList<>();
        for (int index : graph.topologicalSortOrder()) {
            GraphVertex v = graph.getVertices()[index];
            if (v.hasLayer() && v.getLayer().conf().getLayer() instanceof DenoisingPotential) {
                found.add(new DpnLayer(null, graph, -1, v.getVertexName(), v.getLayer()));
            }
        }
        return found;
    }

    /**
     * @param net        an initialised network
     * @param layerIndex index of a DenoisingPotential layer, {@code 0 <= layerIndex < net.getnLayers()}
     * @return that layer
     * @throws IllegalArgumentException if the index is out of range or the layer is of another type (named)
     */
    public static DpnLayer at(MultiLayerNetwork net, int layerIndex) {
        if (layerIndex < 0 || layerIndex >= net.getnLayers()) {
            throw new IllegalArgumentException("Layer index " + layerIndex + " out of range: network has "
                    + net.getnLayers() + " layers");
        }
        return new DpnLayer(net, null, layerIndex, null, net.getLayer(layerIndex));
    }

    /**
     * @param graph     an initialised graph
     * @param layerName name of a DenoisingPotential layer vertex
     * @return that layer
     * @throws IllegalArgumentException if there is no layer of that name (the layers are listed) or it is of another
     *                                  type
     */
    public static DpnLayer named(ComputationGraph graph, String layerName) {
        GraphVertex vertex = graph.getVertex(layerName);
        if (vertex == null || !vertex.hasLayer()) {
            throw new IllegalArgumentException("No layer named \"" + layerName + "\" in the graph; layers: "
                    + Arrays.toString(Arrays.stream(graph.getLayers()).map(l -> l.conf().getLayer().getLayerName())
                    .toArray()));
        }
        return new DpnLayer(null, graph, -1, layerName, vertex.getLayer());
    }

    /** @return the layer's configuration (shared with the network, do not modify) */
    public DenoisingPotential config() {
        return config;
    }

    /** @return true inside a ComputationGraph, false inside a MultiLayerNetwork */
    public boolean inGraph() {
        return graph != null;
    }

    /**
     * @return the layer index in its MultiLayerNetwork
     * @throws IllegalStateException inside a ComputationGraph (see {@link #vertexName()})
     */
    public int layerIndex() {
        if (graph != null) {
            throw new IllegalStateException("layer \"" + vertexName + "\" is in a ComputationGraph: it has a vertex "
                    + "name, not a layer index");
        }
        return layerIndex;
    }

    /**
     * @return the vertex name in its ComputationGraph
     * @throws IllegalStateException inside a MultiLayerNetwork (see {@link #layerIndex()})
     */
    public String vertexName() {
        if (graph == null) {
            throw new IllegalStateException("layer " + layerIndex + " is in a MultiLayerNetwork: it has a layer "
                    + "index, not a vertex name");
        }
        return vertexName;
    }

    /** @return the layer index as text (MultiLayerNetwork) or the vertex name (ComputationGraph) */
    public String key() {
        return graph == null ? Integer.toString(layerIndex) : vertexName;
    }

    /** @return true if the layer's input is a network input (the DPN sees the raw features, e.g. pixels) */
    public boolean readsNetworkInput() {
        if (graph == null) {
            return layerIndex == 0;
        }
        return graph.getConfiguration().getNetworkInputs().contains(sourceVertex());
    }

    /**
     * The current step size, read from the layer's parameter (no {@link Potential} is built, so this is cheap
     * enough to call every epoch).
     *
     * @return {@code alpha}
     */
    public double stepSize() {
        return layer.getParam(DenoisingPotential.ALPHA).getDouble(0);
    }

    /**
     * The ascent steps the layer's last forward pass took, training or inference: {@code n}
     * ({@link DenoisingPotential#getSteps()}), or fewer when its {@link DenoisingPotential#getTolerance() tolerance}
     * stopped the ascent early. The ascent stops for the whole minibatch at once, when its slowest row has converged,
     * so the count is per minibatch and can grow with the minibatch size. 1 for a {@link StepRule#TWEEDIE} layer
     * (one denoising step); 0 before the first forward pass. Read it right after the pass: the next pass overwrites
     * it.
     *
     * <pre>
     *   INDArray out = net.output(x);
     *   int steps = DpnLayer.at(net, 1).lastStepsTaken();    // of this x, 0 &lt;= steps &lt;= n
     * </pre>
     *
     * @return steps taken by the last forward pass, {@code 0 <= steps <= n}
     */
    public int lastStepsTaken() {
        return ((DenoisingPotentialLayer) layer).lastSteps();
    }

    /**
     * Sets the layer's convergence tolerance ({@link DenoisingPotential.Builder#tolerance}) in the live network, e.g.
     * to stop the inference ascents of a model trained without one early. The configuration is the network's, so
     * the network's JSON, and a model saved from it, keep the new value.
     *
     * @param tolerance finite, {@code >= 0}; 0 turns early stopping off
     * @throws IllegalArgumentException naming the layer and the value, if it is out of range or the layer's gradient
     *                                  mode is {@link GradientMode#FULL} (which differentiates all {@code n} steps)
     */
    public void setTolerance(double tolerance) {
        DenoisingPotential changed = config.clone();
        changed.setTolerance(tolerance);
        LayerOptions.all(changed);
        config.setTolerance(tolerance);
    }

    /** @return a read-only view of the layer's potential, its parameters copied now */
    public Potential potential() {
        return Potential.of(config, layer.paramTable());
    }

    /** Assigns a parameter of the layer (a copy of {@code value}, which must have the parameter's shape). */
    void setParameter(String key, INDArray value) {
        layer.setParam(key, value.castTo(layer.getParam(key).dataType()));
    }

    /**
     * @return the noise-conditional potential of a {@link StepRule#TWEEDIE} layer, its parameters copied now
     * @throws IllegalArgumentException for a {@link StepRule#LEARNED} layer
     */
    public NoiseConditionalPotential noiseConditionalPotential() {
        return NoiseConditionalPotential.of(config, layer.paramTable());
    }

    /**
     * The features at the layer's input, in test mode: the layers before it run (and, in a graph, the vertices up to
     * its input vertex in topological order), the layer's input preprocessor is applied, the DPN itself and
     * everything after it do not run.
     *
     * @param inputs the network's input arrays, one per network input (one for a MultiLayerNetwork)
     * @return the points the layer's ascent starts from, {@code [B, d]} in the network's data type
     * @throws IllegalArgumentException if the number of inputs is wrong
     * @throws IllegalStateException    if the features are not {@code [B, nIn]} (both shapes named)
     */
    public INDArray inputFeatures(INDArray... inputs) {
        int expected = graph == null ? 1 : graph.getNumInputArrays();
        if (inputs.length != expected) {
            throw new IllegalArgumentException(this + ": the network has " + expected + " input(s), got "
                    + inputs.length + " array(s)");
        }
        INDArray x;
        InputPreProcessor pre;
        if (graph == null) {
            x = layerIndex == 0 ? inputs[0] : network.feedForwardToLayer(layerIndex - 1, inputs[0], false)
                    .get(layerIndex);
            pre = network.getLayerWiseConfigurations().getInputPreProcess(layerIndex);
        } else {
            x = activationsUpToInput(inputs).get(sourceVertex());
            pre = ((LayerVertex) graph.getConfiguration().getVertices().get(vertexName)).getPreProcessor();
        }
        if (pre != null) {
            x = pre.preProcess(x, (int) x.size(0), LayerWorkspaceMgr.noWorkspaces());
        }
        if (x.rank() != 2 || x.size(1) != config.getNIn()) {
            throw new IllegalStateException(this + ": the layers before it produce shape "
                    + Arrays.toString(x.shape()) + ", expected [B, " + config.getNIn() + "]");
        }
        return x;
    }

    /**
     * The activations of every graph vertex up to and including the layer's input vertex in topological order.
     * {@code feedForward(INDArray[], int, boolean)} would read its int as an index into the layer array
     * ({@code layers[i].getIndex()} in DL4J 1.0.0-M2.1); only the overload with {@code clearInputs} takes the
     * topological position as is.
     */
    Map<String, INDArray> activationsUpToInput(INDArray[] inputs) {
        int position = ArrayUtils.indexOf(graph.topologicalSortOrder(), graph.getVertex(sourceVertex())
                .getVertexIndex());
        return graph.feedForward(inputs, position, false, true);
    }

    /** The single vertex feeding the layer (DL4J inserts a merge vertex in front of a layer with several inputs). */
    private String sourceVertex() {
        return graph.getConfiguration().getVertexInputs().get(vertexName).get(0);
    }

    /** The live layer, for {@link KMeansInit} to set its parameters. */
    Layer layer() {
        return layer;
    }

    /** @return e.g. {@code layer 1 (DenoisingPotential k=10, d=64)} or {@code layer "dpn" (…)} */
    @Override
    public String toString() {
        return (graph == null ? "layer " + layerIndex : "layer \"" + vertexName + "\"") + " (DenoisingPotential k="
                + config.getComponents() + ", d=" + config.getNIn() + ")";
    }
}
