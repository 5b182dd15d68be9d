package io.github.dpn4j.layer;

import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Supplier;

/**
 * A minibatch's rows cut into contiguous blocks that the JVM pass of a step runs at the same time, one block on the
 * calling thread and the others on the common fork-join pool. Without it, only the native GEMM of a step used ND4J's
 * second thread and the JVM pass (half of a FULL step at {@code d = 64}) ran on one. The number of blocks is at most
 * ND4J's thread count ({@code OMP_NUM_THREADS}, {@code Environment.maxThreads()}), so a setting of one thread
 * keeps everything on the calling thread; there are at most {@code rows / }{@link #MIN_ROWS} blocks (smaller blocks
 * cost more to hand to another thread than they save). Each row is computed the same way whichever block it falls in,
 * so the result does not depend on the number of blocks.
 */
final class RowBlocks {

    /** Rows per block, at least, that are worth another thread: {@value}. */
    static final int MIN_ROWS = 16;

    /** Work on the rows {@code [from, to)} of block {@code block}. */
    interface Block {
        void run(int block, int from, int to);
    }

    private static final ThreadLocal<Integer> THREADS = new ThreadLocal<>();

    private final int rows;
    private final int grain;
    private final int blocks;
    private final int pieces;

    private RowBlocks(int rows, int grain, int blocks, int pieces) {
        this.rows = rows;
        this.grain = grain;
        this.blocks = blocks;
        this.pieces = pieces;
    }

    /** Blocks for {@code rows} rows under ND4J's current thread count. */
    static RowBlocks of(int rows) {
        return of(rows, 1);
    }

    /**
     * Blocks for {@code rows} rows under ND4J's current thread count, each starting on a multiple of {@code grain}
     * rows (the last may hold fewer), so that work done in pieces of {@code grain} rows is cut the same way whatever
     * the number of blocks.
     */
    static RowBlocks of(int rows, int grain) {
        Integer set = THREADS.get();
        int threads = set != null ? set
                : Math.min(Nd4j.getEnvironment().maxThreads(), ForkJoinPool.getCommonPoolParallelism() + 1);
        return of(rows, grain, threads);
    }

    /**
     * {@code work}, with the blocks made on this thread meanwhile limited to {@code threads} instead of ND4J's thread
     * count (which is process-wide, and in ND4J 1.0.0-M2.1 not changed by {@code Environment.setMaxThreads}): lets
     * tests compare block counts in one process.
     */
    static <T> T withThreads(int threads, Supplier<T> work) {
        Integer before = THREADS.get();
        THREADS.set(threads);
        try {
            return work.get();
        } finally {
            THREADS.set(before);
        }
    }

    /** Blocks for {@code rows} rows in pieces of {@code grain} on at most {@code threads} threads. */
    static RowBlocks of(int rows, int grain, int threads) {
        int pieces = Math.max(1, (rows + grain - 1) / Math.max(1, grain));
        int blocks = Math.max(1, Math.min(Math.min(threads, pieces), rows / MIN_ROWS));
        return new RowBlocks(rows, Math.max(1, grain), blocks, pieces);
    }

    /** The number of blocks, each with buffers of its own. */
    int count() {
        return blocks;
    }

    /** Runs every block and returns when all are done; an exception in any block is rethrown here. */
    void run(Block work) {
        if (blocks == 1) {
            work.run(0, 0, rows);
            return;
        }
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[blocks - 1];
        for (int b = 1; b < blocks; b++) {
            int block = b;
            others[b - 1] = ForkJoinPool.commonPool().submit(() -> work.run(block, from(block), from(block + 1)));
        }
        work.run(0, 0, from(1));
        for (ForkJoinTask<?> other : others) {
            other.join();
        }
    }

    private int from(int block) {
        return (int) Math.min(rows, (long) grain * ((long) pieces * block / blocks));
    }
}
