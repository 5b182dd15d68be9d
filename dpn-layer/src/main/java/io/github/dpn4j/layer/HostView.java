package io.github.dpn4j.layer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * The JVM's window on a contiguous float32 or float64 ND4J array that the kernel allocated itself: rows are copied in
 * and out as {@code double[]} through a direct NIO buffer, so the {@code [B, k]} and per-row work of a step runs in one
 * JVM pass instead of one ND4J op (and one hand-off to ND4J's threads) each. Indices are in elements from the array's
 * first element. Its static methods read any float32 or float64 array the same way: {@link #finite} and
 * {@link #bytes} replace native scans and comparisons, each of which costs a hand-off to ND4J's threads (on two
 * threads 170–250 µs for a {@code [128, 64]} scan, against a few µs here).
 */
final class HostView {

    private final FloatBuffer floats;
    private final DoubleBuffer doubles;
    private float[] scratch = new float[0];

    HostView(INDArray array) {
        if (array.isView() || array.ordering() != 'c' || array.offset() != 0 || array.data().offset() != 0
                || array.data().length() < array.length() || array.length() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("HostView needs a contiguous c-order array of its own, got "
                    + array.shapeInfoToString());
        }
        if (array.dataType() == DataType.FLOAT) {
            this.floats = array.data().asNioFloat();
            this.doubles = null;
        } else if (array.dataType() == DataType.DOUBLE) {
            this.floats = null;
            this.doubles = array.data().asNioDouble();
        } else {
            throw new IllegalArgumentException("HostView supports FLOAT and DOUBLE, got " + array.dataType());
        }
    }

    /** Copies {@code length} elements from element {@code index} into {@code to[offset..]}. */
    void get(long index, double[] to, int offset, int length) {
        if (doubles != null) {
            doubles.get((int) index, to, offset, length);
            return;
        }
        float[] f = scratch(length);
        floats.get((int) index, f, 0, length);
        for (int j = 0; j < length; j++) {
            to[offset + j] = f[j];
        }
    }

    /** Copies {@code from[offset..offset+length)} to the elements from {@code index}. */
    void put(long index, double[] from, int offset, int length) {
        if (doubles != null) {
            doubles.put((int) index, from, offset, length);
            return;
        }
        float[] f = scratch(length);
        for (int j = 0; j < length; j++) {
            f[j] = (float) from[offset + j];
        }
        floats.put((int) index, f, 0, length);
    }

    private float[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new float[length];
        }
        return scratch;
    }

    /** A new array of {@code dataType} and {@code shape} (in the current workspace, if any) holding {@code values}. */
    static INDArray array(DataType dataType, double[] values, long... shape) {
        INDArray out = Nd4j.createUninitialized(dataType, shape);
        new HostView(out).put(0, values, 0, values.length);
        return out;
    }

    /** The elements of {@code array} in c order, as doubles (a copy). */
    static double[] values(INDArray array) {
        INDArray a = array;
        if (a.isView() || a.ordering() != 'c' || a.offset() != 0 || a.data().offset() != 0
                || a.data().length() != a.length()) {
            a = a.dup('c');
        }
        if (a.dataType() == DataType.DOUBLE) {
            return a.data().asDouble();
        }
        if (a.dataType() != DataType.FLOAT) {
            a = a.castTo(DataType.FLOAT);
        }
        float[] f = a.data().asFloat();
        double[] out = new double[f.length];
        for (int j = 0; j < f.length; j++) {
            out[j] = f[j];
        }
        return out;
    }

    /**
     * The elements of {@code array} as read-only bytes in native order, without a copy when its elements lie
     * contiguously in its buffer (in whichever order: callers that scan or compare do not care), else of a c-order
     * copy.
     */
    static ByteBuffer bytes(INDArray array) {
        INDArray a = array.length() == 0 || array.elementWiseStride() == 1 ? array : array.dup('c');
        return elements(a).asReadOnlyBuffer().order(ByteOrder.nativeOrder());
    }

    /** The bytes of {@code a}'s elements, which lie contiguously in its buffer, in native order (no copy). */
    private static ByteBuffer elements(INDArray a) {
        int width = a.dataType().width();
        // a view's buffer starts at its parent's first element: its own start is the buffer's offset
        ByteBuffer all = a.data().asNio().duplicate();
        all.position(Math.toIntExact(a.data().offset() * width));
        all.limit(Math.toIntExact((a.data().offset() + a.length()) * width));
        return all.slice().order(ByteOrder.nativeOrder());
    }

    /**
     * Writes {@code values} (c order) into {@code target}: straight into its buffer when its elements lie there in c
     * order (an array of its own, or a view such as a layer's gradient in the network's flat gradient), else through
     * a native assign.
     */
    static void write(INDArray target, double[] values) {
        if (values.length != target.length()) {
            throw new IllegalArgumentException("writing " + values.length + " values into " + target.shapeInfoToString());
        }
        boolean direct = (target.dataType() == DataType.FLOAT || target.dataType() == DataType.DOUBLE)
                && target.length() > 0 && Arrays.equals(target.stride(), Nd4j.getStrides(target.shape(), 'c'));
        if (!direct) {
            target.assign(array(target.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT, values,
                    target.shape()));
            return;
        }
        if (target.dataType() == DataType.DOUBLE) {
            elements(target).asDoubleBuffer().put(0, values);
            return;
        }
        float[] f = new float[values.length];
        for (int j = 0; j < f.length; j++) {
            f[j] = (float) values[j];
        }
        elements(target).asFloatBuffer().put(0, f);
    }

    /** Whether every element of a float32 or float64 array is finite: one JVM pass over its bits. */
    static boolean finite(INDArray array) {
        if (array.dataType() != DataType.FLOAT && array.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("HostView supports FLOAT and DOUBLE, got " + array.dataType());
        }
        ByteBuffer bytes = bytes(array);
        return array.dataType() == DataType.DOUBLE ? finite(bytes.asLongBuffer()) : finite(bytes.asIntBuffer());
    }

    /** No float32 in {@code bits} has an all-ones exponent (NaN or infinity). */
    private static boolean finite(IntBuffer bits) {
        int[] chunk = new int[Math.min(bits.remaining(), 1 << 14)];
        int flagged = 0;
        while (bits.hasRemaining()) {
            int n = Math.min(chunk.length, bits.remaining());
            bits.get(chunk, 0, n);
            for (int j = 0; j < n; j++) {
                // an all-ones exponent carries into the sign bit; an integer OR the JIT vectorises
                flagged |= (chunk[j] & 0x7f800000) + 0x00800000;
            }
            if (flagged < 0) {
                return false;
            }
        }
        return true;
    }

    /** No float64 in {@code bits} has an all-ones exponent (NaN or infinity). */
    private static boolean finite(LongBuffer bits) {
        long[] chunk = new long[Math.min(bits.remaining(), 1 << 13)];
        long flagged = 0;
        while (bits.hasRemaining()) {
            int n = Math.min(chunk.length, bits.remaining());
            bits.get(chunk, 0, n);
            for (int j = 0; j < n; j++) {
                flagged |= (chunk[j] & 0x7ff0000000000000L) + 0x0010000000000000L;
            }
            if (flagged < 0) {
                return false;
            }
        }
        return true;
    }
}
