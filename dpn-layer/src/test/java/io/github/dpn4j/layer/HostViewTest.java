package io.github.dpn4j.layer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link HostView}'s JVM scans: every non-finite value is found wherever it sits, and views read their own elements. */
class HostViewTest {

    /** Longer than one scan chunk of either type. */
    private static final int LENGTH = 40_000;

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void finite_findsNaNAndInfinity_atTheEdgesAndAcrossChunks(DataType dataType) {
        for (int at : new int[]{0, 8191, 8192, 16383, 16384, LENGTH - 1}) {
            for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                INDArray a = Nd4j.rand(dataType, 200, LENGTH / 200);
                assertTrue(HostView.finite(a));
                a.putScalar(at, bad);
                assertFalse(HostView.finite(a), dataType + ": " + bad + " at " + at);
                assertTrue(LayerValues.nonFinite(a));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
    void finite_acceptsExtremeFiniteValues(DataType dataType) {
        boolean single = dataType == DataType.FLOAT;
        double[] extremes = {-0.0, single ? Float.MIN_VALUE : Double.MIN_VALUE, single ? Float.MAX_VALUE : Double.MAX_VALUE,
                single ? -Float.MAX_VALUE : -Double.MAX_VALUE, single ? Float.MIN_NORMAL : Double.MIN_NORMAL};
        assertTrue(HostView.finite(Nd4j.createFromArray(extremes).castTo(dataType)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 5})
    void viewsReadTheirOwnElements_notTheirParents(int firstRow) {
        INDArray parent = Nd4j.rand(DataType.FLOAT, 8, 6);
        parent.putScalar(new long[]{7, 5}, Float.NaN);
        INDArray rows = parent.get(NDArrayIndex.interval(firstRow, 7), NDArrayIndex.all());
        assertTrue(HostView.finite(rows), "rows " + firstRow + "..6 hold no NaN");
        assertFalse(HostView.finite(parent.get(NDArrayIndex.interval(firstRow, 8), NDArrayIndex.all())));
        ByteBuffer bytes = HostView.bytes(rows);
        float[] read = new float[(int) rows.length()];
        bytes.asFloatBuffer().get(read);
        assertArrayEquals(rows.dup('c').data().asFloat(), read);
        // not contiguous in its buffer: read through a copy
        INDArray column = parent.get(NDArrayIndex.all(), NDArrayIndex.point(2));
        assertEquals(8 * 4, HostView.bytes(column).remaining());
        assertTrue(HostView.finite(column));
        assertFalse(HostView.finite(parent.get(NDArrayIndex.all(), NDArrayIndex.point(5))));
    }
}
