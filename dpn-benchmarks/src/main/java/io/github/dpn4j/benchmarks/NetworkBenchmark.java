package io.github.dpn4j.benchmarks;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.layer.Precision;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.ViewIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The example networks of {@code dpn-examples} (built by its {@code Classifier.create}, i.e. {@code ExampleConfigs}:
 * {@code cnn}, {@code cnn-dpn}, {@code seed}; {@code cnn-dpn-graph} also works), float32, Adam, on the first
 * {@code B} images of the embedded MNIST training set; time in ms per minibatch.
 * <ul>
 *   <li>{@link #trainStep}: {@code fit(DataSet)}, one optimiser step (forward, backward, Adam update).</li>
 *   <li>{@link #inference}: {@code output(x)} in test mode.</li>
 * </ul>
 * The DPN layer is k-means initialised on the benchmark batch (as the examples do before training), and the
 * parameters and updater state are restored before every iteration, so every iteration times the same steps.
 * {@code precision} applies to the DPN layer of {@code cnn-dpn} and {@code seed} and is ignored by {@code cnn}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {BenchmarkJvm.MIN_HEAP, BenchmarkJvm.MAX_HEAP, BenchmarkJvm.MAX_OFF_HEAP,
        BenchmarkJvm.MAX_PHYSICAL, BenchmarkJvm.QUIET_INPUT_TYPE, BenchmarkJvm.QUIET_IMPORT_MAPPING})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NetworkBenchmark {
    /** Example configuration, by its command-line name. */
    @Param({"cnn", "cnn-dpn", "seed"})
    public String config;
    /** Precision of the DPN layer. */
    @Param({"FULL"})
    public Precision precision;
    /** B, minibatch rows. */
    @Param({"128"})
    public int batch;
    private Classifier classifier;
    private DataSet data;
    private INDArray initialParams;
    private INDArray initialUpdaterState;
    /** Builds the network, k-means initialises its DPN layer, runs one step so that lazy setup is not timed. */
    @Setup(Level.Trial)
    public void setUp() {
        RunConfig run = new RunConfig.Builder(ExampleConfig.fromName(config))
                .precision(precision)
                .batchSize(batch)
                .seed(BenchmarkJvm.SEED)
                .build();
        classifier = Classifier.create(run);
        data = (DataSet) MnistData.embedded().train().getRange(0, batch);
        classifier.initPotential(new ViewIterator(data, batch), batch, BenchmarkJvm.SEED);
        BenchmarkJvm.withoutStdout(() -> classifier.fit(data));
        Model model = classifier.model();
        initialParams = model.params().dup();
        INDArray state = updaterState(model);
        initialUpdaterState = state == null ? null : state.dup();
    }
    /** Restores the parameters and the updater state saved at the end of {@link #setUp()}. */
    @Setup(Level.Iteration)
    public void restore() {
        Model model = classifier.model();
        model.params().assign(initialParams);
        INDArray state = updaterState(model);
        if (state != null) {
            state.assign(initialUpdaterState);
        }
        Nd4j.getRandom().setSeed(BenchmarkJvm.SEED);
    }
    /** One training step on the minibatch. */
    @Benchmark
    public void trainStep(Blackhole bh) {
        classifier.fit(data);
        bh.consume(classifier.score());
    }
    /** @return class probabilities {@code [B, 10]} of the minibatch */
    @Benchmark
    public INDArray inference() {
        return classifier.output(data.getFeatures());
    }
    private static INDArray updaterState(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return net.getUpdater() == null ? null : net.getUpdater().getStateViewArray();
        }
        if (model instanceof ComputationGraph graph) {
            return graph.getUpdater() == null ? null : graph.getUpdater().getStateViewArray();
        }
        return null;
    }
}
