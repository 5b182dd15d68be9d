package io.github.dpn4j.benchmarks;

import org.nd4j.linalg.factory.Nd4j;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Constants shared by every benchmark: the fork JVM's memory settings (each a compile-time constant so that the
 * {@code @Fork(jvmArgsAppend = ...)} annotations can name them) and the seed.
 * Heap 4 GiB; JavaCPP's off-heap limit 8 GiB and process limit 12 GiB, enough for FULL precision at d = 784 with
 * {@code GradientMode.FULL}, which keeps every intermediate of the unrolled steps for backprop.
 */
final class BenchmarkJvm {

    /** Initial heap: {@value}. */
    static final String MIN_HEAP = "-Xms1g";
    /** Maximum heap: {@value}. */
    static final String MAX_HEAP = "-Xmx4g";
    /** JavaCPP's limit on off-heap (ND4J) bytes: {@value}. */
    static final String MAX_OFF_HEAP = "-Dorg.bytedeco.javacpp.maxbytes=8g";
    /** JavaCPP's limit on the process's resident bytes: {@value}. */
    static final String MAX_PHYSICAL = "-Dorg.bytedeco.javacpp.maxphysicalbytes=12g";

    /**
     * Silences two library warnings that DL4J/ND4J 1.0.0-M2.1 log (slf4j-simple, stderr) during the first measured
     * calls, so benchmark output stays clean: {@value}.
     */
    static final String QUIET_INPUT_TYPE = "-Dorg.slf4j.simpleLogger.log.org.deeplearning4j.nn.conf.inputs.InputType=error";
    /** See {@link #QUIET_INPUT_TYPE}: {@value}. */
    static final String QUIET_IMPORT_MAPPING =
            "-Dorg.slf4j.simpleLogger.log.org.nd4j.imports.converters.ImportClassMapping=error";

    /** Seed of every random array and network initialisation in the benchmarks: {@value}. */
    static final long SEED = 42;

    private BenchmarkJvm() {
    }

    /**
     * Sets the threads of ND4J's own ops and of its BLAS library for this JVM.
     *
     * @param threads thread count; 0 leaves ND4J's default ({@code OMP_NUM_THREADS}, else all cores)
     */
    static void useThreads(int threads) {
        if (threads > 0) {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            Nd4j.factory().blas().setMaxThreads(threads);
        }
    }

    /**
     * Runs {@code work} with {@code System.out} discarded: SameDiff 1.0.0-M2.1 prints "Added differentiated op ..."
     * on stdout the first time a graph is differentiated, and benchmarks print nothing. Called from {@code @Setup},
     * never inside a measured method.
     *
     * @param work what to run, typically one untimed warm-up call
     */
    static void withoutStdout(Runnable work) {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            work.run();
        } finally {
            System.setOut(out);
        }
    }
}
