package io.github.dpn4j.examples.train;

import io.github.dpn4j.examples.configs.ExampleConfigs;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.DpnLayer;
import io.github.dpn4j.layer.KMeansInit;
import java.io.CharConversionException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
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
import org.nd4j.shade.jackson.core.JsonProcessingException;
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
    /** Every DPN layer, in layer order; possibly empty. */
    private final List<DpnLayer> potentials;
    /** The first DPN layer, or null. */
    private final DpnLayer potential;

    private Classifier(MultiLayerNetwork network, ComputationGraph graph) {
        this.network = network;
        this.graph = graph;
        this.potentials = network != null ? DpnLayer.all(network) : DpnLayer.all(graph);
        this.potential = potentials.isEmpty() ? null : potentials.get(0);
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
        return switch (run.config()) {
            case SEED -> of(initialised(new MultiLayerNetwork(ExampleConfigs.seed(run))));
            case CNN_DPN -> of(initialised(new MultiLayerNetwork(ExampleConfigs.cnnDpn(run))));
            case CNN -> of(initialised(new MultiLayerNetwork(ExampleConfigs.cnn(run))));
            case CNN_DPN_GRAPH -> of(initialised(new ComputationGraph(ExampleConfigs.cnnDpnGraph(run))));
        };
    }

    private static MultiLayerNetwork initialised(MultiLayerNetwork network) {
        network.init();
        return network;
    }

    private static ComputationGraph initialised(ComputationGraph graph) {
        graph.init();
        return graph;
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
     * @throws IOException if the file is missing, not a readable zip ({@code "<file>: not a readable model zip
     *                     (...)"}) or not a model DL4J can restore, e.g. an invalid layer configuration
     *                     ({@code "<file>: the model cannot be restored (...)"})
     */
    public static Classifier restore(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "model file does not exist");
        }
        boolean isGraph;
        String json;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(ZIP_CONFIGURATION);
            if (entry == null) {
                throw new IOException(file + ": not a DL4J model (no " + ZIP_CONFIGURATION + " inside)");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                isGraph = new ObjectMapper().readTree(json).has("vertices");
            }
        } catch (ZipException | CharConversionException | JsonProcessingException | EOFException e) {
            throw new IOException(file + ": not a readable model zip (" + e.getMessage() + ")", e);
        }
        try {
            return isGraph
                    ? new Classifier(null, ModelSerializer.restoreComputationGraph(file.toFile(), false))
                    : new Classifier(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false), null);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": the model cannot be restored (" + rootMessage(e) + ")"
                    + parameterMismatch(rootMessage(e), json, isGraph), e);
        }
    }

    /**
     * DL4J's "expected length N, got length M" names neither layer nor option: when the zip's configuration and its
     * parameters disagree, say what the configuration's DPN layers need.
     */
    private static String parameterMismatch(String message, String json, boolean isGraph) {
        if (!message.startsWith("Invalid parameters: expected length")) {
            return "";
        }
        List<String> layers = new ArrayList<>();
        try {
            List<NeuralNetConfiguration> confs = new ArrayList<>();
            if (isGraph) {
                org.deeplearning4j.nn.conf.ComputationGraphConfiguration c =
                        org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(json);
                c.getVertices().values().forEach(v -> {
                    if (v instanceof LayerVertex lv) {
                        confs.add(lv.getLayerConf());
                    }
                });
            } else {
                confs.addAll(org.deeplearning4j.nn.conf.MultiLayerConfiguration.fromJson(json).getConfs());
            }
            for (NeuralNetConfiguration conf : confs) {
                if (conf.getLayer() instanceof DenoisingPotential dpn) {
                    layers.add(String.format(java.util.Locale.ROOT, "DenoisingPotential layer \"%s\" with "
                                    + "components=%d, nIn=%d, precision %s needs %,d of them", dpn.getLayerName(),
                            dpn.getComponents(), dpn.getNIn(), dpn.getPrecision(),
                            dpn.initializer().numParams(conf)));
                }
            }
        } catch (RuntimeException e) {
            return "";
        }
        return layers.isEmpty() ? "" : "; the configuration does not match the saved parameters: its "
                + String.join(", its ", layers) + " (was " + ZIP_CONFIGURATION + " edited?)";
    }

    /** The innermost message: DL4J and Jackson wrap a layer's own error in several layers of context. */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
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
        return potential != null;
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

    /**
     * The DPN ascent steps of the last forward pass ({@link #output} or training), summed over the network's DPN
     * layers ({@link DpnLayer#lastStepsTaken()}): {@code n} per layer, fewer where a layer's tolerance stopped its
     * ascent early. Counted for the whole minibatch (its slowest image sets the count).
     *
     * @return the steps, or empty without a DPN layer
     */
    public OptionalInt dpnStepsTaken() {
        return potentials.isEmpty() ? OptionalInt.empty()
                : OptionalInt.of(potentials.stream().mapToInt(DpnLayer::lastStepsTaken).sum());
    }

    /**
     * Sets the convergence tolerance of every DPN layer ({@link DpnLayer#setTolerance}), e.g. to evaluate a model
     * trained without one with its inference ascents stopped early.
     *
     * @param tolerance finite, {@code >= 0}; 0 turns early stopping off
     * @throws IllegalArgumentException without a DPN layer, or naming the layer and value for a tolerance it rejects
     */
    public void setDpnTolerance(double tolerance) {
        if (potentials.isEmpty()) {
            throw new IllegalArgumentException("the model has no DenoisingPotential layer, so a tolerance ("
                    + tolerance + ") does not apply");
        }
        potentials.forEach(dpn -> dpn.setTolerance(tolerance));
    }

    /** @return the DPN layer's current step size alpha, or empty without a DPN layer */
    public OptionalDouble stepSize() {
        if (!hasPotential()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(potential.stepSize());
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
        KMeansInit.Result r = KMeansInit.fit(potential, data, maxExamples, seed, KMeansInit.DEFAULT_ETA);
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
