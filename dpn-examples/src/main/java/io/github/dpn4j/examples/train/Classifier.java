package io.github.dpn4j.examples.train;

import io.github.dpn4j.examples.configs.ExampleConfigs;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.KMeansInit;
import io.github.dpn4j.layer.Potential;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * One classifier of the examples, a {@link MultiLayerNetwork} or a {@link ComputationGraph} (single input
 * {@code [B, 784]}, single softmax output {@code [B, 10]}), seen through the few operations training,
 * evaluation and reporting need. Finds its {@link DenoisingPotential} layer (if any) by type, so a restored model
 * works the same as a freshly built one.
 */
public final class Classifier {

    /** Name of the network configuration entry inside a model zip written by {@link ModelSerializer}. */
    private static final String ZIP_CONFIGURATION = "configuration.json";

    private final MultiLayerNetwork network;
    private final ComputationGraph graph;
    private final int potentialLayer;
    private final String potentialVertex;

    private Classifier(MultiLayerNetwork network, ComputationGraph graph) {
        this.network = network;
        this.graph = graph;
        this.potentialLayer = network == null ? -1 : findPotential(network);
        this.potentialVertex = graph == null ? null : findPotential(graph);
    }

    /**
     * Builds and initialises the network of a run (parameters from {@link RunConfig#seed()}; the DPN centers are
     * not fitted yet, see {@link #initPotential}).
     *
     * @param run the run's settings
     * @return the new classifier
     */
    public static Classifier create(RunConfig run) {
        Nd4j.getRandom().setSeed(run.seed());
        Classifier c = switch (run.config()) {
            case SEED -> new Classifier(new MultiLayerNetwork(ExampleConfigs.seed(run)), null);
            case CNN_DPN -> new Classifier(new MultiLayerNetwork(ExampleConfigs.cnnDpn(run)), null);
            case CNN -> new Classifier(new MultiLayerNetwork(ExampleConfigs.cnn(run)), null);
            case CNN_DPN_GRAPH -> new Classifier(null, new ComputationGraph(ExampleConfigs.cnnDpnGraph(run)));
        };
        if (c.network != null) {
            c.network.init();
        } else {
            c.graph.init();
        }
        return c;
    }

    /**
     * @param network an initialised network
     * @return a classifier backed by (not copying) the network
     */
    public static Classifier of(MultiLayerNetwork network) {
        return new Classifier(network, null);
    }

    /**
     * @param graph an initialised graph with one input and one output
     * @return a classifier backed by (not copying) the graph
     */
    public static Classifier of(ComputationGraph graph) {
        return new Classifier(null, graph);
    }

    /**
     * Restores a model written by {@link #save(Path)} (or any {@link ModelSerializer} zip), detecting whether it
     * holds a MultiLayerNetwork or a ComputationGraph from its stored configuration.
     *
     * @param file the model zip
     * @return the restored classifier
     * @throws IOException if the file is missing or not a DL4J model
     */
    public static Classifier restore(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "model file does not exist");
        }
        boolean isGraph;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(ZIP_CONFIGURATION);
            if (entry == null) {
                throw new IOException("not a DL4J model (no " + ZIP_CONFIGURATION + " inside): " + file);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                isGraph = new ObjectMapper().readTree(in).has("vertices");
            }
        }
        return isGraph
                ? new Classifier(null, ModelSerializer.restoreComputationGraph(file.toFile(), false))
                : new Classifier(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false), null);
    }

    private static int findPotential(MultiLayerNetwork network) {
        List<NeuralNetConfiguration> confs = network.getLayerWiseConfigurations().getConfs();
        for (int i = 0; i < confs.size(); i++) {
            if (confs.get(i).getLayer() instanceof DenoisingPotential) {
                return i;
            }
        }
        return -1;
    }

    private static String findPotential(ComputationGraph graph) {
        for (Map.Entry<String, GraphVertex> v : graph.getConfiguration().getVertices().entrySet()) {
            if (v.getValue() instanceof LayerVertex lv && lv.getLayerConf().getLayer() instanceof DenoisingPotential) {
                return v.getKey();
            }
        }
        return null;
    }

    /** @return the underlying DL4J model (a MultiLayerNetwork or a ComputationGraph) */
    public Model model() {
        return network != null ? network : graph;
    }

    /** @return true if backed by a ComputationGraph */
    public boolean isGraph() {
        return graph != null;
    }

    /** @return true if the network contains a DenoisingPotential layer */
    public boolean hasPotential() {
        return potentialLayer >= 0 || potentialVertex != null;
    }

    /**
     * One optimiser step on one minibatch.
     *
     * @param batch features {@code [B, 784]}, labels {@code [B, 10]}
     */
    public void fit(DataSet batch) {
        if (network != null) {
            network.fit(batch);
        } else {
            graph.fit(batch);
        }
    }

    /**
     * Tells the network's training listeners that an epoch starts, as DL4J's {@code fit(iterator)} does (the examples
     * fit minibatch by minibatch, which sends no epoch events).
     */
    public void startEpoch() {
        for (TrainingListener l : listeners()) {
            l.onEpochStart(model());
        }
    }

    /**
     * Tells the listeners that the epoch ended (e.g. DL4J's {@code CheckpointListener} saves then) and advances the
     * network's epoch count, as DL4J's {@code fit(iterator)} does.
     */
    public void endEpoch() {
        for (TrainingListener l : listeners()) {
            l.onEpochEnd(model());
        }
        if (network != null) {
            network.incrementEpochCount();
        } else {
            graph.incrementEpochCount();
        }
    }

    /** @return the network's iteration count (minibatches fitted so far) */
    public int iterationCount() {
        return network != null ? network.getIterationCount() : graph.getIterationCount();
    }

    private Collection<TrainingListener> listeners() {
        return network != null ? network.getListeners() : graph.getListeners();
    }

    /** @return the loss of the last minibatch given to {@link #fit(DataSet)} (computed before its update) */
    public double score() {
        return model().score();
    }

    /**
     * Inference (test mode).
     *
     * @param features {@code [B, 784]}
     * @return class probabilities {@code [B, 10]}
     */
    public INDArray output(INDArray features) {
        return network != null ? network.output(features, false) : graph.outputSingle(false, features);
    }

    /** @return number of trainable parameters */
    public long numParams() {
        return network != null ? network.numParams() : graph.numParams();
    }

    /** @return the DPN layer's current step size alpha, or empty without a DPN layer */
    public OptionalDouble stepSize() {
        if (!hasPotential()) {
            return OptionalDouble.empty();
        }
        Potential p = network != null ? Potential.of(network, potentialLayer) : Potential.of(graph, potentialVertex);
        return OptionalDouble.of(p.stepSize());
    }

    /**
     * Initialises the DPN layer's centers, precisions, weights and step size by k-means on the features the layer
     * sees ({@code KMeansInit.fit}); does nothing without a DPN layer.
     *
     * @param data        training minibatches (noisy, as in training); reset before use
     * @param maxExamples examples k-means sees, &gt;= 1
     * @param seed        k-means seed
     * @return k-means' result, or empty without a DPN layer
     */
    public Optional<KMeansInit.Result> initPotential(DataSetIterator data, int maxExamples, long seed) {
        if (!hasPotential()) {
            return Optional.empty();
        }
        data.reset();
        KMeansInit.Result r = network != null
                ? KMeansInit.fit(network, potentialLayer, data, maxExamples, seed)
                : KMeansInit.fit(graph, potentialVertex, data, maxExamples, seed);
        data.reset();
        return Optional.of(r);
    }

    /**
     * Writes the model (configuration and parameters, not the updater state) with {@link ModelSerializer}. Not
     * atomic by itself; run directories write to a temporary file and rename.
     *
     * @param file target zip
     * @throws IOException on write errors
     */
    public void save(Path file) throws IOException {
        ModelSerializer.writeModel(model(), file.toFile(), false);
    }

    /**
     * @return the layers in order, e.g. {@code ["ConvolutionLayer", ..., "DenoisingPotential", "OutputLayer"]}
     *         (graph: in the order vertices were added)
     */
    public List<String> layerTypes() {
        List<String> types = new ArrayList<>();
        if (network != null) {
            for (NeuralNetConfiguration conf : network.getLayerWiseConfigurations().getConfs()) {
                types.add(conf.getLayer().getClass().getSimpleName());
            }
        } else {
            for (GraphVertex v : graph.getConfiguration().getVertices().values()) {
                if (v instanceof LayerVertex lv) {
                    Layer layer = lv.getLayerConf().getLayer();
                    types.add(layer.getClass().getSimpleName());
                }
            }
        }
        return types;
    }
}
