package io.github.dpn4j.benchmarks;

import io.github.dpn4j.layer.GradientMode;
import io.github.dpn4j.layer.Precision;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The layer's CPU time per call on one thread, at {@code pytorch/compare.py}'s points: on a machine shared with other
 * work, wall-clock times (JMH) mostly measure the scheduler, while the calling thread's CPU time (all the work, with
 * {@code OMP_NUM_THREADS=1}) does not. Same network and data as {@link LayerBenchmark}; prints one JSON object.
 *
 * <pre>
 *   OMP_NUM_THREADS=1 java -cp benchmarks.jar io.github.dpn4j.benchmarks.LayerCpuTime [BLOCKS]
 * </pre>
 */
public final class LayerCpuTime {

    private static final int BATCH = 128;
    private static final int COMPONENTS = 20;
    private static final int STEPS = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private LayerCpuTime() {
    }

    /** @param args optional: the number of one-second blocks measured after three warm-up blocks (default 5) */
    public static void main(String[] args) {
        int blocks = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> rows = new ArrayList<>();
        for (Object[] point : new Object[][]{{Precision.FULL, 64}, {Precision.FULL, 256}, {Precision.DIAGONAL, 256}}) {
            Precision precision = (Precision) point[0];
            int width = (Integer) point[1];
            Nd4j.getRandom().setSeed(BenchmarkJvm.SEED);
            MultiLayerNetwork net = new MultiLayerNetwork(LayerBenchmark.configuration(width, COMPONENTS, STEPS,
                    precision, GradientMode.DETACHED));
            net.init();
            INDArray x = Nd4j.randn(DataType.FLOAT, BATCH, width);
            INDArray target = Nd4j.randn(DataType.FLOAT, BATCH, width);
            Runnable forward = () -> net.output(x, false);
            Runnable forwardBackward = () -> {
                net.setInput(x);
                net.setLabels(target);
                net.computeGradientAndScore();
            };
            BenchmarkJvm.withoutStdout(forwardBackward);
            rows.add(row(precision, width, "forward", cpuMillis(forward, blocks)));
            rows.add(row(precision, width, "forwardBackward", cpuMillis(forwardBackward, blocks)));
        }
        System.out.println("{\"threads\": 1, \"clock\": \"thread CPU time\", \"rows\": [" + String.join(", ", rows)
                + "]}");
    }

    private static String row(Precision precision, int width, String method, double ms) {
        return String.format(Locale.ROOT, "{\"precision\": \"%s\", \"width\": %d, \"method\": \"%s\", \"ms\": %.4f}",
                precision, width, method, ms);
    }

    /** Median over {@code blocks} of the CPU ms per call in a block of about one CPU second, after three warm-ups. */
    static double cpuMillis(Runnable call, int blocks) {
        double[] perCall = new double[blocks];
        for (int b = -3; b < blocks; b++) {
            long start = THREADS.getCurrentThreadCpuTime();
            int calls = 0;
            long used;
            do {
                call.run();
                calls++;
                used = THREADS.getCurrentThreadCpuTime() - start;
            } while (used < 1_000_000_000L);
            if (b >= 0) {
                perCall[b] = used / 1e6 / calls;
            }
        }
        Arrays.sort(perCall);
        return perCall[blocks / 2];
    }
}
