package io.github.dpn4j.layer;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link RowBlocks} runs every row once, and a FULL step gives the same bits whatever the number of blocks. */
class RowBlocksTest {

    @Test
    void everyRowRunsOnce_inBlocksOfAtLeastTheMinimum() {
        for (int rows : new int[]{1, 15, 16, 33, 128, 1000}) {
            for (int threads : new int[]{1, 2, 3, 8}) {
                RowBlocks blocks = RowBlocks.of(rows, threads);
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
        RowBlocks blocks = RowBlocks.of(64, 2);
        RuntimeException e = assertThrows(RuntimeException.class, () -> blocks.run((block, from, to) -> {
            if (block == 1) {
                throw new IllegalStateException("block 1 failed");
            }
        }));
        assertTrue(String.valueOf(e.getMessage()).contains("block 1 failed")
                || String.valueOf(e.getCause()).contains("block 1 failed"), String.valueOf(e));
    }

    @Test
    void fullAscent_isBitIdentical_onOneThreadAndOnSeveral() {
        Map<String, INDArray> params = Networks.parameters(Precision.FULL, 4, 6, 0.05, 3);
        INDArray x = Networks.features(100, 6, DataType.DOUBLE, 4);
        int threads = Nd4j.getEnvironment().maxThreads();
        try {
            Nd4j.getEnvironment().setMaxThreads(1);
            double[] one = Kernel.of(Precision.FULL, params).ascend(x, 5, 0, null, null).point();
            Nd4j.getEnvironment().setMaxThreads(4);
            double[] several = Kernel.of(Precision.FULL, params).ascend(x, 5, 0, null, null).point();
            assertArrayEquals(one, several);
        } finally {
            Nd4j.getEnvironment().setMaxThreads(threads);
        }
    }
}
