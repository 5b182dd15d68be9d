package io.github.dpn4j.layer;

import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * A minibatch's rows cut into contiguous blocks that the JVM pass of a step runs at the same time, one block on the
 * calling thread and the others on the common fork-join pool. Without it, only the native GEMM of a step used ND4J's
 * second thread and the JVM pass (half of a FULL step at {@code d = 64}) ran on one. The number of blocks is at most
 * ND4J's thread count ({@code OMP_NUM_THREADS}, {@code Environment.maxThreads()}), so a setting of one thread
 * keeps everything on the calling thread; blocks have at least {@link #MIN_ROWS} rows, below which handing a block to
 * another thread costs more than it saves. Each row is computed the same way whichever block it falls in, so the
 * result does not depend on the number of blocks.
 */
final class RowBlocks {

    /** Fewest rows in a block: {@value}. */
    static final int MIN_ROWS = 16;

    /** Work on the rows {@code [from, to)} of block {@code block}. */
    interface Block {
        void run(int block, int from, int to);
    }

    private final int rows;
    private final int blocks;

    private RowBlocks(int rows, int blocks) {
        this.rows = rows;
        this.blocks = blocks;
    }

    /** Blocks for {@code rows} rows under ND4J's current thread count. */
    static RowBlocks of(int rows) {
        int threads = Math.min(Nd4j.getEnvironment().maxThreads(), ForkJoinPool.getCommonPoolParallelism() + 1);
        return of(rows, threads);
    }

    /** Blocks for {@code rows} rows on at most {@code threads} threads. */
    static RowBlocks of(int rows, int threads) {
        return new RowBlocks(rows, Math.max(1, Math.min(threads, rows / MIN_ROWS)));
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
        return (int) ((long) rows * block / blocks);
    }
}
