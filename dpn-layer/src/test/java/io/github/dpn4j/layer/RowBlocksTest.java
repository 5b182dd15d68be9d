package io.github.dpn4j.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RowBlocks} runs every row once, and an ascent gives the same bits whatever the number of blocks. */
class RowBlocksTest {

    @Test
    void everyRowRunsOnce_inBlocksOfAtLeastTheMinimum() {
        for (int rows : new int[]{1, 15, 16, 33, 128, 1000}) {
            for (int threads : new int[]{1, 2, 3, 8}) {
                RowBlocks blocks = RowBlocks.of(rows, 1, threads);
                AtomicIntegerArray seen = new AtomicIntegerArray(rows);
                blocks.run((block, from, to) -> {
                    assertTrue(to - from >= Math.min(rows, RowBlocks.MIN_ROWS), from + ".." + to);
                    for (int r = from; r < to; r++) {
                        seen.incrementAndGet(r);
                    }
                });
                for (int r = 0; r < rows; r++) {
                    assertEquals(1, seen.get(r), "row " + r + " of " + rows + " on " + threads + " threads");
                }
                assertEquals(Math.max(1, Math.min(threads, rows / RowBlocks.MIN_ROWS)), blocks.count());
            }
        }
    }

    @Test
    void anExceptionInAnotherBlock_reachesTheCaller() {
        RowBlocks blocks = RowBlocks.of(64, 1, 2);
        RuntimeException e = assertThrows(RuntimeException.class, () -> blocks.run((block, from, to) -> {
            if (block == 1) {
                throw new IllegalStateException("block 1 failed");
            }
        }));
        assertTrue(String.valueOf(e.getMessage()).contains("block 1 failed")
                || String.valueOf(e.getCause()).contains("block 1 failed"), String.valueOf(e));
    }

    @Test
    void blocksStartOnWholePieces_andCoverEveryRow() {
        for (int rows : new int[]{1, 25, 40, 128, 1000}) {
            for (int grain : new int[]{1, 7, 25, 200}) {
                for (int threads : new int[]{1, 2, 3}) {
                    RowBlocks blocks = RowBlocks.of(rows, grain, threads);
                    AtomicIntegerArray seen = new AtomicIntegerArray(rows);
                    blocks.run((block, from, to) -> {
                        assertEquals(0, from % grain, "block " + block + " starts at " + from);
                        assertTrue(from < to, from + ".." + to);
                        for (int r = from; r < to; r++) {
                            seen.incrementAndGet(r);
                        }
                    });
                    for (int r = 0; r < rows; r++) {
                        assertEquals(1, seen.get(r), "row " + r + " of " + rows + ", grain " + grain);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void ascent_isBitIdentical_inOneBlockAndInSeveral(Precision precision) {
        // DIAGONAL cuts its rows into pieces of at most Gemm.SINGLE_THREAD_WORK multiply-adds: wide enough that 100
        // rows make several pieces
        int k = 20;
        int d = precision == Precision.FULL ? 6 : 160;
        int piece = precision == Precision.FULL ? 1 : Gemm.current().rowsPerProduct(k, 2L * d, 100);
        Map<String, INDArray> params = Networks.parameters(precision, k, d, 0.05, 3);
        INDArray x = Networks.features(100, d, DataType.DOUBLE, 4);
        Kernel kernel = Kernel.of(precision, params);
        double[] one = RowBlocks.withThreads(1, () -> kernel.ascend(x, 5, 0, null, null).point());
        for (int threads : new int[]{2, 3}) {
            int blocks = RowBlocks.withThreads(threads, () -> RowBlocks.of(100, piece).count());
            assertTrue(blocks > 1, blocks + " blocks on " + threads + " threads");
            double[] several = RowBlocks.withThreads(threads, () -> kernel.ascend(x, 5, 0, null, null).point());
            assertArrayEquals(one, several, threads + " threads");
        }
    }
}
