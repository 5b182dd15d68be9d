package io.github.dpn4j.benchmarks;

import io.github.dpn4j.examples.configs.ExampleConfig;
import io.github.dpn4j.examples.configs.RunConfig;
import io.github.dpn4j.examples.data.MnistData;
import io.github.dpn4j.examples.train.Classifier;
import io.github.dpn4j.layer.Corruption;
import io.github.dpn4j.layer.DenoisingScoreMatching;
import io.github.dpn4j.layer.NoiseConditionalPotential;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

/**
 * The denoising front-end of {@code dpn robustify} against the classifier it protects, inference only, float32, on
 * {@code B} embedded MNIST test images with clipped Gaussian noise σ = 0.6; ms per minibatch.
 * <ul>
 *   <li>{@link #frontEnd}: the noise estimate and one Tweedie step of a {@code k}-component potential (k-means fit:
 *       training does not change the cost).</li>
 *   <li>{@link #classifier}: the {@code cnn} example network's {@code output(x)}.</li>
 *   <li>{@link #classifierBehindFrontEnd}: the network {@code dpn robustify} deploys, the same front-end as a
 *       {@link org.deeplearning4j.nn.multilayer.MultiLayerNetwork} layer in front of that classifier (DL4J's
 *       inference workspaces around it); its cost minus {@link #classifier}'s is the front-end's cost in
 *       deployment.</li>
 * </ul>
 * The target: front-end ≤ 0.3× the classifier.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.MIN_HEAP, BenchmarkJvm.MAX_HEAP, BenchmarkJvm.MAX_OFF_HEAP,
        BenchmarkJvm.MAX_PHYSICAL, BenchmarkJvm.QUIET_INPUT_TYPE, BenchmarkJvm.QUIET_IMPORT_MAPPING})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FrontEndBenchmark {

    /** k, mixture components of the front-end. */
    @Param({"100"})
    public int components;
    /** B, minibatch rows. */
    @Param({"128"})
    public int batch;

    private NoiseConditionalPotential potential;
    private Classifier cnn;
    private MultiLayerNetwork robust;
    private INDArray noisy;

    /** Fits the front-end by k-means on 2,000 training images and builds the classifier. */
    @Setup
    public void setUp() {
        MnistData data = MnistData.embedded();
        INDArray train = data.train().getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2000),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).castTo(DataType.FLOAT);
        potential = DenoisingScoreMatching.fit(train, DenoisingScoreMatching.Options.builder()
                .components(components).epochs(0).tolerated(0.3).seed(BenchmarkJvm.SEED).build()).potential();
        cnn = Classifier.create(new RunConfig.Builder(ExampleConfig.CNN).batchSize(batch).seed(BenchmarkJvm.SEED)
                .build());
        INDArray clean = data.test().getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, batch),
                org.nd4j.linalg.indexing.NDArrayIndex.all()).castTo(DataType.FLOAT);
        noisy = Corruption.gaussianClipped(0, 1).apply(clean, 0.6,
                Nd4j.getRandomFactory().getNewRandomInstance(BenchmarkJvm.SEED));
        robust = DenoisingScoreMatching.frontEnd((MultiLayerNetwork) cnn.model(), potential);
        potential.denoise(noisy);
        cnn.output(noisy);
        robust.output(noisy);
    }

    /** @return the denoised minibatch */
    @Benchmark
    public INDArray frontEnd() {
        return potential.denoise(noisy);
    }

    /** @return the classifier's class probabilities for the minibatch */
    @Benchmark
    public INDArray classifier() {
        return cnn.output(noisy);
    }

    /** @return the class probabilities of the classifier behind the front-end layer */
    @Benchmark
    public INDArray classifierBehindFrontEnd() {
        return robust.output(noisy);
    }
}
