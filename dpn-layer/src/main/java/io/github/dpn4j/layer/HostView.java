package io.github.dpn4j.layer;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * The JVM's window on a contiguous float32 or float64 ND4J array that the kernel allocated itself: rows are copied in
 * and out as {@code double[]} through a direct NIO buffer, so the {@code [B, k]} and per-row work of a step runs in one
 * JVM pass instead of one ND4J op (and one hand-off to ND4J's threads) each. Indices are in elements from the array's
 * first element.
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
}
