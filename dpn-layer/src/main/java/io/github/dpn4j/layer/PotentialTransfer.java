package io.github.dpn4j.layer;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayerWithBackprop;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Transfer learning with a {@link DenoisingPotential}: add a DPN layer to a network that was already trained, and get
 * back an ordinary DL4J network (saved and loaded with {@code ModelSerializer}, trained with {@code fit}, no class of
 * this library other than the layer itself inside).
 *
 * <ul>
 *   <li>{@link #insertBeforeOutput(MultiLayerNetwork, DenoisingPotential, FineTuneConfiguration, boolean)} and its
 *   ComputationGraph twin put a DPN between the output layer (the classifier) and the layer that feeds it, with DL4J's
 *   {@link TransferLearning} builders. The output layer keeps its trained parameters (DL4J's builder would initialise
 *   them afresh: they are copied back); optionally the layers below are frozen ({@code setFeatureExtractor}).
 *   Initialise the new layer with {@link KMeansInit} on the result, then fine-tune.</li>
 *   <li>{@link #prepend(MultiLayerNetwork, Layer, Map, FineTuneConfiguration, boolean)} and its twin put any layer
 *   (e.g. a DPN over the raw pixels, parameters given) <b>in front of</b> an existing classifier.
 *   {@code TransferLearning} cannot do this (it only removes and adds layers at the output end), so the new
 *   configuration is built from a clone of the classifier's, with the input preprocessors shifted by one, and every
 *   classifier parameter is copied bit for bit. With {@code freezeClassifier} each classifier layer is wrapped in
 *   DL4J's {@link FrozenLayerWithBackprop}: its parameters stay fixed while the gradient still flows through it to the
 *   front-end layer.</li>
 * </ul>
 *
 * Every method leaves its arguments unchanged (configurations are cloned, parameters copied), so the original network
 * can be evaluated beside the new one. Updater state is not carried over: the returned network starts a fresh
 * optimiser (the fine-tune's). Training/iteration counters start at 0.
 * <p>
 * <b>Limitations: one input and one output layer; for {@code insertBeforeOutput} the output layer has exactly one
 * input. The front-end layer receives the network's input as it is (before the first layer's preprocessor) and must
 * return what that layer expects; its {@code nIn} must be set.</b>
 */
public final class PotentialTransfer {

    /** Name given to a front-end layer that has none: {@value}. */
    public static final String DEFAULT_FRONT_NAME = "front";

    private PotentialTransfer() {
    }

    /**
     * A copy of {@code trained} with {@code dpn} inserted between the output layer and the layer before it.
     * The DPN's {@code nIn} defaults to the output layer's {@code nIn}; its parameters are freshly initialised (fit
     * them with {@link KMeansInit#fit(MultiLayerNetwork, int, org.nd4j.linalg.dataset.api.iterator.DataSetIterator,
     * int, long)} at index {@code trained.getnLayers() - 1}). All other parameters equal {@code trained}'s.
     *
     * @param trained     a trained network with at least one layer, whose last layer is a feed-forward output layer
     * @param dpn         the layer to insert (not modified; a clone is used)
     * @param fineTune    DL4J's fine-tune settings applied to every layer (updater, seed, ...); settings it leaves
     *                    unset keep the network's
     * @param freezeBelow true to freeze every layer below the DPN (their parameters never change); false trains all
     * @return the new network, initialised; the DPN at index {@code trained.getnLayers() - 1}, the output layer last
     * @throws IllegalArgumentException if the last layer is not a feed-forward layer or the DPN's {@code nIn}
     *                                  disagrees with it
     */
    public static MultiLayerNetwork insertBeforeOutput(MultiLayerNetwork trained, DenoisingPotential dpn,
                                                       FineTuneConfiguration fineTune, boolean freezeBelow) {
        Objects.requireNonNull(fineTune, "fineTune");
        int out = trained.getnLayers() - 1;
        if (out < 0) {
            throw new IllegalArgumentException("the network has no layers");
        }
        Layer output = trained.getLayerWiseConfigurations().getConf(out).getLayer().clone();
        DenoisingPotential inserted = widthMatched(dpn, output, "layer " + out);
        TransferLearning.Builder builder = new TransferLearning.Builder(trained)
                .fineTuneConfiguration(fineTune)
                .removeOutputLayer()
                .addLayer(inserted)
                .addLayer(output);
        if (freezeBelow && out > 0) {
            builder.setFeatureExtractor(out - 1);
        }
        MultiLayerNetwork edited = builder.build();
        // the builder initialised the re-added output layer afresh: give it back its trained parameters
        edited.getLayer(out + 1).params().assign(trained.getLayer(out).params());
        return edited;
    }

    /**
     * A copy of {@code trained} with {@code dpn}, named {@code dpnName}, inserted between its output layer and the
     * vertex that feeds it (see {@link #insertBeforeOutput(MultiLayerNetwork, DenoisingPotential,
     * FineTuneConfiguration, boolean)}). The output layer's preprocessor, if any, moves to the DPN.
     *
     * @param trained     a trained graph with one output layer that has one input
     * @param dpnName     name of the new vertex, not used in {@code trained}
     * @param dpn         the layer to insert (not modified)
     * @param fineTune    DL4J's fine-tune settings applied to every layer
     * @param freezeBelow true to freeze the vertex feeding the DPN and everything it depends on
     * @return the new graph, initialised
     * @throws IllegalArgumentException if the graph has several outputs, the output has several inputs, the name is
     *                                  taken, or the widths disagree
     */
    public static ComputationGraph insertBeforeOutput(ComputationGraph trained, String dpnName, DenoisingPotential dpn,
                                                      FineTuneConfiguration fineTune, boolean freezeBelow) {
        Objects.requireNonNull(fineTune, "fineTune");
        ComputationGraphConfiguration conf = trained.getConfiguration();
        requireNewName(conf, dpnName);
        List<String> outputs = conf.getNetworkOutputs();
        if (outputs.size() != 1) {
            throw new IllegalArgumentException("expected a graph with one output, got outputs " + outputs);
        }
        String out = outputs.get(0);
        GraphVertex vertex = conf.getVertices().get(out);
        if (!(vertex instanceof LayerVertex outVertex)) {
            throw new IllegalArgumentException("output \"" + out + "\" is a " + vertex.getClass().getSimpleName()
                    + ", not a layer");
        }
        List<String> below = conf.getVertexInputs().get(out);
        if (below.size() != 1) {
            throw new IllegalArgumentException("output layer \"" + out + "\" has " + below.size()
                    + " inputs " + below + "; expected one");
        }
        Layer output = outVertex.getLayerConf().getLayer().clone();
        DenoisingPotential inserted = widthMatched(dpn, output, "layer \"" + out + "\"");
        inserted.setLayerName(dpnName);
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(trained)
                .fineTuneConfiguration(fineTune)
                .removeVertexKeepConnections(out)
                .addLayer(dpnName, inserted, outVertex.getPreProcessor(), below.get(0))
                .addLayer(out, output, dpnName);
        if (freezeBelow) {
            builder.setFeatureExtractor(below.get(0));
        }
        ComputationGraph edited = builder.build();
        DataType dataType = conf.getDataType();
        if (edited.getConfiguration().getDataType() != dataType) {
            // DL4J 1.0.0-M2.1's TransferLearning.GraphBuilder builds every graph in FLOAT (its configuration builder
            // takes the data type of the fine-tune's default NeuralNetConfiguration.Builder), losing float64 precision
            edited = edited.convertDataType(dataType);
        }
        // the builder initialised the re-added output layer afresh (and the conversion above rounded): copy back
        for (org.deeplearning4j.nn.api.Layer layer : trained.getLayers()) {
            if (layer.numParams() > 0) {
                edited.getLayer(layer.conf().getLayer().getLayerName()).params().assign(layer.params());
            }
        }
        return edited;
    }

    /**
     * A network that applies {@code frontEnd} to the input and then {@code classifier}, whose parameters are copied
     * unchanged (bit for bit). The front end is at index 0, classifier layer {@code i} at {@code i + 1}.
     *
     * @param classifier       a trained network
     * @param frontEnd         the new first layer, any DL4J layer configuration with {@code nIn} set (not modified)
     * @param frontParams      the front end's parameters by key (e.g. {@link DenoisingPotential#MU} ...), every key
     *                         of the layer, shapes as the layer declares them; converted to the network's data type.
     *                         {@code null} keeps the layer's own initialisation
     * @param fineTune         fine-tune settings for every layer, and the defaults the front end takes for what it
     *                         leaves unset (updater, weight init, ...)
     * @param freezeClassifier true to wrap every classifier layer in {@link FrozenLayerWithBackprop} (parameters fixed,
     *                         gradient passed through to the front end); false trains them too
     * @return the new network, initialised
     * @throws IllegalArgumentException if a parameter key is unknown or missing, or a shape differs
     */
    public static MultiLayerNetwork prepend(MultiLayerNetwork classifier, Layer frontEnd,
                                            Map<String, INDArray> frontParams, FineTuneConfiguration fineTune,
                                            boolean freezeClassifier) {
        Objects.requireNonNull(fineTune, "fineTune");
        MultiLayerConfiguration conf = classifier.getLayerWiseConfigurations().clone();
        List<NeuralNetConfiguration> confs = new ArrayList<>();
        confs.add(frontConfiguration(frontEnd, fineTune));
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            fineTune.applyToNeuralNetConfiguration(layerConf);
            if (freezeClassifier) {
                freeze(layerConf);
            }
            confs.add(layerConf);
        }
        Map<Integer, InputPreProcessor> shifted = new HashMap<>();
        conf.getInputPreProcessors().forEach((index, pre) -> shifted.put(index + 1, pre));
        conf.setConfs(confs);
        conf.setInputPreProcessors(shifted);
        fineTune.applyToMultiLayerConfiguration(conf);

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        if (frontParams != null) {
            assign(net.getLayer(0).paramTable(), frontParams, describe(frontEnd));
        }
        for (int i = 0; i < classifier.getnLayers(); i++) {
            if (classifier.getLayer(i).numParams() > 0) {
                net.getLayer(i + 1).params().assign(classifier.getLayer(i).params());
            }
        }
        return net;
    }

    /**
     * A graph that applies {@code frontEnd}, as vertex {@code frontName}, to the graph's input and feeds its output to
     * every vertex that read the input; the classifier's parameters are copied unchanged (bit for bit). See
     * {@link #prepend(MultiLayerNetwork, Layer, Map, FineTuneConfiguration, boolean)}.
     *
     * @param classifier       a trained graph with one input
     * @param frontName        name of the new vertex, not used in {@code classifier}
     * @param frontEnd         the new layer, {@code nIn} set (not modified)
     * @param frontParams      its parameters by key, or {@code null} for its own initialisation
     * @param fineTune         fine-tune settings for every layer
     * @param freezeClassifier true to wrap every classifier layer in {@link FrozenLayerWithBackprop}
     * @return the new graph, initialised
     * @throws IllegalArgumentException if the graph has several inputs, the name is taken, or a parameter key or
     *                                  shape is wrong
     */
    public static ComputationGraph prepend(ComputationGraph classifier, String frontName, Layer frontEnd,
                                           Map<String, INDArray> frontParams, FineTuneConfiguration fineTune,
                                           boolean freezeClassifier) {
        Objects.requireNonNull(fineTune, "fineTune");
        ComputationGraphConfiguration conf = classifier.getConfiguration().clone();
        requireNewName(conf, frontName);
        if (conf.getNetworkInputs().size() != 1) {
            throw new IllegalArgumentException("expected a graph with one input, got inputs " + conf.getNetworkInputs());
        }
        String input = conf.getNetworkInputs().get(0);
        for (Map.Entry<String, GraphVertex> e : conf.getVertices().entrySet()) {
            if (e.getValue() instanceof LayerVertex lv) {
                fineTune.applyToNeuralNetConfiguration(lv.getLayerConf());
                if (freezeClassifier) {
                    freeze(lv.getLayerConf());
                }
            }
        }
        conf.getVertexInputs().replaceAll((name, inputs) -> inputs.stream()
                .map(in -> in.equals(input) ? frontName : in).toList());
        NeuralNetConfiguration front = frontConfiguration(frontEnd, fineTune);
        front.getLayer().setLayerName(frontName);
        conf.getVertices().put(frontName, new LayerVertex(front, null));
        conf.getVertexInputs().put(frontName, List.of(input));
        fineTune.applyToComputationGraphConfiguration(conf);

        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        if (frontParams != null) {
            assign(graph.getLayer(frontName).paramTable(), frontParams, "layer \"" + frontName + "\"");
        }
        for (org.deeplearning4j.nn.api.Layer layer : classifier.getLayers()) {
            if (layer.numParams() > 0) {
                String name = layer.conf().getLayer().getLayerName();
                graph.getLayer(name).params().assign(layer.params());
            }
        }
        return graph;
    }

    /** A clone of {@code dpn} whose {@code nIn} is the output layer's, checked if both are set. */
    private static DenoisingPotential widthMatched(DenoisingPotential dpn, Layer output, String where) {
        if (!(output instanceof FeedForwardLayer ff)) {
            throw new IllegalArgumentException("output " + where + " is a " + output.getClass().getSimpleName()
                    + ", not a feed-forward layer: cannot insert a DenoisingPotential before it");
        }
        DenoisingPotential inserted = dpn.clone();
        if (inserted.getNIn() <= 0) {
            inserted.setNIn(ff.getNIn());
        } else if (inserted.getNIn() != ff.getNIn()) {
            throw new IllegalArgumentException(dpn.describe() + ": nIn " + dpn.getNIn() + " differs from the width "
                    + ff.getNIn() + " that output " + where + " reads");
        }
        return inserted;
    }

    private static NeuralNetConfiguration frontConfiguration(Layer frontEnd, FineTuneConfiguration fineTune) {
        Layer front = frontEnd.clone();
        if (front.getLayerName() == null) {
            front.setLayerName(DEFAULT_FRONT_NAME);
        }
        // as TransferLearning's addLayer: what the layer leaves unset comes from the fine-tune settings
        return fineTune.appliedNeuralNetConfigurationBuilder().layer(front).build();
    }

    /** Wraps a layer configuration in {@link FrozenLayerWithBackprop}, keeping its name. */
    private static void freeze(NeuralNetConfiguration layerConf) {
        Layer inner = layerConf.getLayer();
        Layer frozen = new FrozenLayerWithBackprop(inner);
        frozen.setLayerName(inner.getLayerName());
        layerConf.setLayer(frozen);
    }

    private static void requireNewName(ComputationGraphConfiguration conf, String name) {
        Objects.requireNonNull(name, "name");
        if (conf.getVertices().containsKey(name) || conf.getNetworkInputs().contains(name)) {
            throw new IllegalArgumentException("the graph already has a vertex or input named \"" + name + "\"");
        }
    }

    private static void assign(Map<String, INDArray> table, Map<String, INDArray> values, String where) {
        if (!table.keySet().equals(values.keySet())) {
            throw new IllegalArgumentException(where + ": parameters " + new TreeSet<>(values.keySet())
                    + " given, the layer has " + new TreeSet<>(table.keySet()));
        }
        for (Map.Entry<String, INDArray> e : table.entrySet()) {
            INDArray value = values.get(e.getKey());
            INDArray target = e.getValue();
            if (!Arrays.equals(value.shape(), target.shape())) {
                throw new IllegalArgumentException(where + ": parameter \"" + e.getKey() + "\" has shape "
                        + Arrays.toString(target.shape()) + ", got " + Arrays.toString(value.shape()));
            }
            target.assign(value.castTo(target.dataType()));
        }
    }

    private static String describe(Layer layer) {
        return layer instanceof DenoisingPotential dpn ? dpn.describe()
                : layer.getClass().getSimpleName() + (layer.getLayerName() == null ? "" : " \"" + layer.getLayerName() + "\"");
    }
}
