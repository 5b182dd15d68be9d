package io.github.dpn4j.benchmarks;

import io.github.dpn4j.layer.DenoisingPotential;
import io.github.dpn4j.layer.GradientMode;
import io.github.dpn4j.layer.Precision;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The DPN layer alone, over the grid: {@code B ∈ {32, 128}}, {@code d ∈ {64, 256, 784}}, {@code k ∈ {10, 20}},
 * {@code n ∈ {1, 10, 30}}, precision FULL/DIAGONAL, gradient mode DETACHED/FULL; float32, time in ms per call.
 *
 * <p>The network is {@code DenoisingPotential(d, k, n) → LossLayer(MSE, identity)}, NoOp updater, parameters as the
 * layer initialises them ({@code mu ~ N(0, 1)}, {@code A = I}, {@code c = 0}, {@code alpha = 0.1}); input and target
 * are seeded {@code N(0, 1)} arrays {@code [B, d]}. The loss layer adds one {@code [B, d]} subtraction, negligible.
 * <ul>
 *   <li>{@link #forward}: {@code net.output(x)}, the inference cost a user pays.</li>
 *   <li>{@link #forwardBackward}: {@code net.computeGradientAndScore()}, the cost of one training step without the
 *       updater: DL4J's forward pass, then the layer's backprop, which (SameDiffLayer) runs the unrolled forward graph
 *       again before differentiating it. This is what {@code fit} pays per minibatch.</li>
 * </ul>
 *
 * <p><b>Grid points that take minutes are not run by the grid command</b> ({@code run.sh grid} selects feasible
 * sub-grids with {@code -p}): FULL precision at {@code d = 784} with {@code n = 30}, estimated 1.5-12 s per
 * forward+backward on two cores (3·4·B·k·d²·n = 0.7e11-5.7e11 FLOPs at ~50 GFLOP/s), i.e. several minutes per point
 * with two forks and eight iterations. {@link ResultsReport} lists every grid point missing from a run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {BenchmarkJvm.MIN_HEAP, BenchmarkJvm.MAX_HEAP, BenchmarkJvm.MAX_OFF_HEAP,
        BenchmarkJvm.MAX_PHYSICAL, BenchmarkJvm.QUIET_INPUT_TYPE, BenchmarkJvm.QUIET_IMPORT_MAPPING})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LayerBenchmark {

    /** B, minibatch rows. */
    @Param({"32", "128"})
    public int batch;

    /** d, input width. */
    @Param({"64", "256", "784"})
    public int width;

    /** k, mixture components. */
    @Param({"10", "20"})
    public int components;

    /** n, ascent steps. */
    @Param({"1", "10", "30"})
    public int steps;

    /** Precision of the factors A. */
    @Param({"FULL", "DIAGONAL"})
    public Precision precision;

    /** How backprop treats the unrolled steps. */
    @Param({"DETACHED", "FULL"})
    public GradientMode gradientMode;

    private MultiLayerNetwork net;
    private INDArray x;
    private INDArray target;

    /** Builds the network and the seeded input {@code [B, d]} and target {@code [B, d]}; one untimed backprop. */
    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(BenchmarkJvm.SEED);
        net = new MultiLayerNetwork(configuration(width, components, steps, precision, gradientMode));
        net.init();
        x = Nd4j.randn(DataType.FLOAT, batch, width);
        target = Nd4j.randn(DataType.FLOAT, batch, width);
        // the first backprop builds SameDiff's gradient graph (and prints); keep both out of the measurement
        BenchmarkJvm.withoutStdout(() -> {
            net.setInput(x);
            net.setLabels(target);
            net.computeGradientAndScore();
        });
    }

    /** @return the DPN-only network's output {@code [B, d]}: n ascent steps from {@code x} */
    @Benchmark
    public INDArray forward() {
        return net.output(x, false);
    }

    /** One gradient computation (forward, then backprop into every parameter and the input). */
    @Benchmark
    public void forwardBackward(Blackhole bh) {
        net.setInput(x);
        net.setLabels(target);
        net.computeGradientAndScore();
        bh.consume(net.score());
        bh.consume(net.gradient().gradient());
    }

    /**
     * The benchmarked network, {@code DenoisingPotential → LossLayer(MSE)}, float32, NoOp updater, seeded.
     *
     * @param width        d (>= 1)
     * @param components   k (>= 1)
     * @param steps        n (>= 0)
     * @param precision    FULL or DIAGONAL
     * @param gradientMode DETACHED or FULL
     * @return the configuration for the given grid point
     */
    static MultiLayerConfiguration configuration(int width, int components, int steps, Precision precision,
                                                 GradientMode gradientMode) {
        return new NeuralNetConfiguration.Builder()
                .seed(BenchmarkJvm.SEED)
                .dataType(DataType.FLOAT)
                .updater(new NoOp())
                .list()
                .layer(new DenoisingPotential.Builder()
                        .nIn(width)
                        .components(components)
                        .steps(steps)
                        .precision(precision)
                        .gradientMode(gradientMode)
                        .name("dpn")
                        .build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(width))
                .build();
    }
}
