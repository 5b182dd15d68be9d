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
 *   <li>{@link #fullStep}: {@code Z = x Sᵀ} ({@code [B,d]x[d,k·d]}, with {@code Sᵀ} stored contiguously: the
 *       faster of the two ways ND4J offers, about 2.5x faster here than passing {@code S} with a transpose flag) and
 *       {@code g = W S} ({@code [B,k·d]x[k·d,d]}): {@code 4·B·k·d²} FLOPs.</li>
 *   <li>{@link #diagonalStep}: {@code x²·Pᵀ}, {@code x·Pmᵀ} ({@code [B,d]x[d,k]}) and {@code r·Pm}, {@code r·P}
 *       ({@code [B,k]x[k,d]}): {@code 8·B·k·d} FLOPs.</li>
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

    // FULL: x [B,d], S [k·d,d], weighted W [B,k·d]; outputs Z [B,k·d], g [B,d]
    private INDArray x;
    private INDArray S;
    private INDArray St;
    private INDArray W;
    private INDArray Z;
    private INDArray g;
    // DIAGONAL: x² [B,d], P and Pm [k,d], r [B,k]; outputs q1, q2 [B,k], g1, g2 [B,d]
    private INDArray x2;
    private INDArray P;
    private INDArray Pm;
    private INDArray r;
    private INDArray q1;
    private INDArray q2;
    private INDArray g1;
    private INDArray g2;

    /** Seeded operands and preallocated outputs, all float32 and in C order, as the layer sees them. */
    @Setup
    public void setUp() {
        BenchmarkJvm.useThreads(threads);
        Nd4j.getRandom().setSeed(BenchmarkJvm.SEED);
        long kd = (long) components * width;
        x = Nd4j.randn(DataType.FLOAT, batch, width);
        S = Nd4j.randn(DataType.FLOAT, kd, width);
        St = S.transpose().dup('c');
        W = Nd4j.randn(DataType.FLOAT, batch, kd);
        Z = Nd4j.create(DataType.FLOAT, batch, kd);
        g = Nd4j.create(DataType.FLOAT, batch, width);
        x2 = Nd4j.randn(DataType.FLOAT, batch, width);
        P = Nd4j.randn(DataType.FLOAT, components, width);
        Pm = Nd4j.randn(DataType.FLOAT, components, width);
        r = Nd4j.rand(DataType.FLOAT, batch, components);
        q1 = Nd4j.create(DataType.FLOAT, batch, components);
        q2 = Nd4j.create(DataType.FLOAT, batch, components);
        g1 = Nd4j.create(DataType.FLOAT, batch, width);
        g2 = Nd4j.create(DataType.FLOAT, batch, width);
    }

    /** The two GEMMs of one FULL-precision step. */
    @Benchmark
    public void fullStep(Blackhole bh) {
        bh.consume(Nd4j.gemm(x, St, Z, false, false, 1.0, 0.0));
        bh.consume(Nd4j.gemm(W, S, g, false, false, 1.0, 0.0));
    }

    /** The four GEMMs of one DIAGONAL-precision step. */
    @Benchmark
    public void diagonalStep(Blackhole bh) {
        bh.consume(Nd4j.gemm(x2, P, q1, false, true, 1.0, 0.0));
        bh.consume(Nd4j.gemm(x, Pm, q2, false, true, 1.0, 0.0));
        bh.consume(Nd4j.gemm(r, Pm, g1, false, false, 1.0, 0.0));
        bh.consume(Nd4j.gemm(r, P, g2, false, false, 1.0, 0.0));
    }
}
