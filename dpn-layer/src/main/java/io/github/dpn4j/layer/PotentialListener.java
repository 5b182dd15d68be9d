package io.github.dpn4j.layer;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A DL4J {@code TrainingListener} that reports what every {@link DenoisingPotential} layer of the network does during
 * training: alpha, the mean potential before and after the ascent, the mean step length, the responsibility entropy
 * and the steps taken ({@link PotentialStats}), every {@code frequency} iterations, to a sink: the log
 * ({@link #LOG}), DL4J's {@code StatsStorage} (the examples' {@code PotentialStatsStorage}), a list.
 * <p>
 * At a measured iteration the listener copies each DPN layer's input from the training forward pass (up to
 * {@code maxRows} rows) and replays the ascent through the public {@link Potential} API with the parameters used by
 * that forward pass; the figures are published when the iteration is done. It reads nothing else of the layer.
 * <b>Cost: one extra inference ascent of {@code maxRows} rows per DPN layer per measured iteration (and
 * {@code Potential}'s SameDiff graph built once per measurement); a frequency of 10 or more keeps it small.</b>
 * Works for MultiLayerNetwork and ComputationGraph. One instance may serve several replicas of a network trained in
 * parallel (DL4J's {@code ParallelWrapper} shares it between its workers): measurements are kept per replica and
 * the sink is called by one thread at a time.
 */
public final class PotentialListener extends BaseTrainingListener {

    /** Default measuring period in iterations: {@value}. */
    public static final int DEFAULT_FREQUENCY = 10;
    /** Default cap on the rows measured per minibatch: {@value}. */
    public static final int DEFAULT_MAX_ROWS = 128;

    /** A sink that writes one INFO line per layer and measurement to this class's slf4j logger. */
    public static final Consumer<PotentialStats> LOG = new Consumer<>() {
        private final Logger log = LoggerFactory.getLogger(PotentialListener.class);

        @Override
        public void accept(PotentialStats s) {
            log.info(format(s));
        }
    };

    /** Floor of a responsibility inside the entropy's logarithm (a float32 normal number). */
    private static final double TINY_RESPONSIBILITY = 1e-30;

    private final int frequency;
    private final int maxRows;
    private final Consumer<PotentialStats> sink;
    /** Measurements of the current iteration, per network (replica). */
    private final Map<Model, List<PotentialStats>> pending = new IdentityHashMap<>();

    /**
     * @param frequency measure every {@code frequency} iterations (iterations 0, f, 2f, ...), {@code >= 1}
     * @param maxRows   rows measured per minibatch at most, {@code >= 1}
     * @param sink      receives every measurement, on the training thread
     */
    public PotentialListener(int frequency, int maxRows, Consumer<PotentialStats> sink) {
        if (frequency < 1) {
            throw new IllegalArgumentException("frequency must be >= 1, got " + frequency);
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be >= 1, got " + maxRows);
        }
        this.frequency = frequency;
        this.maxRows = maxRows;
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** @param sink receives a measurement every {@value #DEFAULT_FREQUENCY} iterations */
    public PotentialListener(Consumer<PotentialStats> sink) {
        this(DEFAULT_FREQUENCY, DEFAULT_MAX_ROWS, sink);
    }

    /** @return the measuring period in iterations */
    public int frequency() {
        return frequency;
    }

    /**
     * @param s a measurement
     * @return one line, e.g. {@code dpn it 40 ep 1: alpha 0.01230, phi -12.30 -> -8.100, step 0.02100, entropy 0.520 nats
     *         (1.68 components), 10 steps}
     */
    public static String format(PotentialStats s) {
        return String.format(Locale.ROOT, "%s it %d ep %d: alpha %.4g, phi %.4g -> %.4g, step %.4g, entropy %.3g nats "
                        + "(%.2f components), %d steps", s.layer(), s.iteration(), s.epoch(), s.stepSize(),
                s.potentialBefore(), s.potentialAfter(), s.meanStepLength(), s.responsibilityEntropy(),
                s.effectiveComponents(), s.stepsTaken());
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        measure(model);
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        measure(model);
    }

    @Override
    public synchronized void iterationDone(Model model, int iteration, int epoch) {
        List<PotentialStats> measured = pending.remove(model);
        if (measured != null) {
            measured.forEach(sink);
        }
    }

    private synchronized void measure(Model model) {
        pending.remove(model);
        int iteration;
        int epoch;
        if (model instanceof MultiLayerNetwork net) {
            iteration = net.getIterationCount();
            epoch = net.getEpochCount();
        } else if (model instanceof ComputationGraph graph) {
            iteration = graph.getIterationCount();
            epoch = graph.getEpochCount();
        } else {
            return;
        }
        if (iteration % frequency != 0) {
            return;
        }
        List<PotentialStats> measured = new ArrayList<>();
        pending.put(model, measured);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Layer[] layers = model instanceof MultiLayerNetwork net ? net.getLayers() : ((ComputationGraph) model).getLayers();
            for (int i = 0; i < layers.length; i++) {
                Layer layer = layers[i];
                if (!(layer.conf().getLayer() instanceof DenoisingPotential config) || layer.input() == null
                        || config.getStepRule() != StepRule.LEARNED) {
                    continue;   // a TWEEDIE layer is frozen and takes one fixed-rule step: nothing to follow
                }
                String name = config.getLayerName() != null ? config.getLayerName() : Integer.toString(i);
                measured.add(stats(name, iteration, epoch, Potential.of(config, layer.paramTable()),
                        layer.input()));
            }
        }
    }

    private PotentialStats stats(String name, int iteration, int epoch, Potential potential, INDArray input) {
        long rows = Math.min(maxRows, input.size(0));
        INDArray x = input.get(NDArrayIndex.interval(0, rows), NDArrayIndex.all()).dup();
        Trajectory trajectory = potential.ascend(x);
        int n = trajectory.steps();
        double stepLength = 0;
        for (int t = 1; t <= n; t++) {
            stepLength += trajectory.stepLength(t).meanNumber().doubleValue();
        }
        INDArray r = potential.responsibilities(x);
        // 0 log 0 = 0: responsibilities that underflow to 0 contribute nothing
        INDArray logR = Transforms.log(Transforms.max(r, TINY_RESPONSIBILITY, true), false);
        double entropy = -r.mul(logR).sum(1).meanNumber().doubleValue();
        return new PotentialStats(name, iteration, epoch, rows, potential.stepSize(),
                trajectory.potential(0).meanNumber().doubleValue(), trajectory.potential(n).meanNumber().doubleValue(),
                n == 0 ? 0 : stepLength / n, entropy, n);
    }
}
