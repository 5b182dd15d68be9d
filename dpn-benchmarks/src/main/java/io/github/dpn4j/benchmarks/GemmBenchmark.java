package io.github.dpn4j.benchmarks;

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
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * The machine's GEMM limit: ND4J's own {@code gemm} (the BLAS call behind {@code mmul}) at exactly the shapes of one
 * ascent step, float32, preallocated outputs, time in ms per step. {@link ResultsReport} divides each layer rate by
 * the rate measured here at the same {@code (B, d, k)} in the same run.
 * <ul>
 *   <li>{@link #fullStep}: the one GEMM of a FULL step, {@code Y = x [P_1 … P_k]} ({@code [B,d]x[d,k·d]}):
 *       {@code 2·B·k·d²} FLOPs.</li>
 *   <li>{@link #diagonalStep}: {@code [x², x] [Pᵀ; -2Pmᵀ]} ({@code [B,2d]x[2d,k]}) and {@code r [P, Pm]}
 *       ({@code [B,k]x[k,2d]}): {@code 8·B·k·d} FLOPs.</li>
 * </ul>
 * The step count {@code n} does not change the shapes, so it is not a parameter here. {@link #threads} measures the
 * limit at several thread counts in one run; the report takes the fastest as the machine's limit.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 2, jvmArgsAppend = {BenchmarkJvm.MIN_HEAP, BenchmarkJvm.MAX_HEAP, BenchmarkJvm.MAX_OFF_HEAP,
        BenchmarkJvm.MAX_PHYSICAL, BenchmarkJvm.QUIET_INPUT_TYPE, BenchmarkJvm.QUIET_IMPORT_MAPPING})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class GemmBenchmark {

    /** B, minibatch rows. */
    @Param({"32", "128"})
    public int batch;

    /** d, input width. */
    @Param({"64", "256", "784"})
    public int width;

    /** k, mixture components. */
    @Param({"10", "20"})
    public int components;

    /** ND4J and BLAS threads; 0 leaves ND4J's default ({@code OMP_NUM_THREADS}, else all cores). */
    @Param({"0"})
    public int threads;

    // FULL: x [B,d], [P_1 … P_k] [d,k·d]; output Y [B,k·d]
    private INDArray x;
    private INDArray stacked;
    private INDArray Y;
    // DIAGONAL: [x², x] [B,2d], [Pᵀ; -2Pmᵀ] [2d,k], r [B,k], [P, Pm] [k,2d]; outputs q [B,k], weighted [B,2d]
    private INDArray squares;
    private INDArray distances;
    private INDArray r;
    private INDArray weights;
    private INDArray q;
    private INDArray weighted;

    /** Seeded operands and preallocated outputs, all float32 and in C order, as the layer's kernel has them. */
    @Setup
    public void setUp() {
        BenchmarkJvm.useThreads(threads);
        Nd4j.getRandom().setSeed(BenchmarkJvm.SEED);
        long kd = (long) components * width;
        x = Nd4j.randn(DataType.FLOAT, batch, width);
        stacked = Nd4j.randn(DataType.FLOAT, width, kd);
        Y = Nd4j.create(DataType.FLOAT, batch, kd);
        squares = Nd4j.randn(DataType.FLOAT, batch, 2L * width);
        distances = Nd4j.randn(DataType.FLOAT, 2L * width, components);
        r = Nd4j.rand(DataType.FLOAT, batch, components);
        weights = Nd4j.randn(DataType.FLOAT, components, 2L * width);
        q = Nd4j.create(DataType.FLOAT, batch, components);
        weighted = Nd4j.create(DataType.FLOAT, batch, 2L * width);
    }

    /** The one GEMM of a FULL-precision step. */
    @Benchmark
    public INDArray fullStep() {
        return Nd4j.gemm(x, stacked, Y, false, false, 1.0, 0.0);
    }

    /** The two GEMMs of a DIAGONAL-precision step. */
    @Benchmark
    public void diagonalStep(Blackhole bh) {
        bh.consume(Nd4j.gemm(squares, distances, q, false, false, 1.0, 0.0));
        bh.consume(Nd4j.gemm(r, weights, weighted, false, false, 1.0, 0.0));
    }
}
