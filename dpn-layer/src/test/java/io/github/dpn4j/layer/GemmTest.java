package io.github.dpn4j.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both {@link Gemm} routes compute the product a JVM triple loop computes, whole or row range by row range. */
class GemmTest {

    @Test
    void theCpuBackend_takesTheDirectOpenBlasRoute() {
        assertEquals(Gemm.OPENBLAS, Gemm.current(), "the tests run on nd4j-native, whose BLAS is OpenBLAS");
    }

    @ParameterizedTest
    @EnumSource(Gemm.class)
    void product_matchesAJvmProduct_forEveryTransposeAndBothTypes(Gemm gemm) {
        for (DataType dataType : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean ta : new boolean[]{false, true}) {
                for (boolean tb : new boolean[]{false, true}) {
                    INDArray a = ta ? Nd4j.rand(dataType, 7, 5) : Nd4j.rand(dataType, 5, 7);
                    INDArray b = tb ? Nd4j.rand(dataType, 3, 7) : Nd4j.rand(dataType, 7, 3);
                    INDArray c = Nd4j.rand(dataType, 5, 3);
                    double[][] expected = jvm(ta ? a.transpose() : a, tb ? b.transpose() : b);
                    double[][] before = c.toDoubleMatrix();
                    gemm.product(a, ta, b, tb, c, 2.0, 0.5);
                    for (int i = 0; i < 5; i++) {
                        for (int j = 0; j < 3; j++) {
                            assertEquals(2 * expected[i][j] + 0.5 * before[i][j], c.getDouble(i, j),
                                    tolerance(dataType), gemm + " " + dataType + " ta=" + ta + " tb=" + tb);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Gemm.class)
    void rows_writeOnlyTheirRows(Gemm gemm) {
        for (DataType dataType : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean tb : new boolean[]{false, true}) {
                INDArray a = Nd4j.rand(dataType, 9, 4);
                INDArray b = tb ? Nd4j.rand(dataType, 6, 4) : Nd4j.rand(dataType, 4, 6);
                INDArray c = Nd4j.valueArrayOf(new long[]{9, 6}, -7.0, dataType);
                gemm.rows(a, b, tb, c, 2, 5);
                gemm.rows(a, b, tb, c, 5, 5);
                double[][] expected = jvm(a, tb ? b.transpose() : b);
                for (int i = 0; i < 9; i++) {
                    for (int j = 0; j < 6; j++) {
                        double want = i >= 2 && i < 5 ? expected[i][j] : -7.0;
                        assertEquals(want, c.getDouble(i, j), tolerance(dataType), gemm + " row " + i);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Gemm.class)
    void transposedRows_accumulateOverPieces_intoTheWholeProduct(Gemm gemm) {
        for (DataType dataType : new DataType[]{DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.rand(dataType, 11, 3);
            INDArray b = Nd4j.rand(dataType, 11, 5);
            INDArray c = Nd4j.valueArrayOf(new long[]{3, 5}, 9.0, dataType);
            for (int start = 0; start < 11; start += 4) {
                gemm.transposedRows(a, b, c, start, Math.min(11, start + 4), start == 0 ? 0.0 : 1.0);
            }
            double[][] expected = jvm(a.transpose(), b);
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 5; j++) {
                    assertEquals(expected[i][j], c.getDouble(i, j), tolerance(dataType), gemm + " " + dataType);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Precision.class)
    void kernels_giveTheSameAscentAndGradients_onBothRoutes(Precision precision) {
        // wide enough that DIAGONAL's products on the OpenBLAS route come in several pieces
        int k = 20;
        int d = precision == Precision.FULL ? 12 : 160;
        Map<String, INDArray> params = Networks.parameters(precision, k, d, 0.05, 8);
        INDArray x = Networks.features(100, d, DataType.DOUBLE, 9);
        INDArray eps = Networks.features(100, d, DataType.DOUBLE, 10);
        Map<Gemm, double[]> points = new EnumMap<>(Gemm.class);
        Map<Gemm, Map<String, INDArray>> gradients = new EnumMap<>(Gemm.class);
        for (Gemm route : Gemm.values()) {
            Gemm.with(route, () -> {
                Kernel kernel = Kernel.of(precision, params);
                points.put(route, kernel.ascend(x, 4, 0, null, null).point());
                Map<String, INDArray> into = new HashMap<>();
                params.forEach((key, v) -> into.put(key, Nd4j.zerosLike(v)));
                Tape tape = new Tape(kernel, x, 4);
                kernel.ascend(x, 4, 0, tape, null);
                kernel.backward(tape, HostView.values(eps), into);
                gradients.put(route, into);
                return null;
            });
        }
        double[] a = points.get(Gemm.OPENBLAS);
        double[] b = points.get(Gemm.ND4J);
        for (int j = 0; j < a.length; j++) {
            assertEquals(a[j], b[j], 1e-10, precision + " point " + j);
        }
        for (String key : params.keySet()) {
            double diff = gradients.get(Gemm.OPENBLAS).get(key).sub(gradients.get(Gemm.ND4J).get(key))
                    .amaxNumber().doubleValue();
            double scale = Math.max(1, gradients.get(Gemm.ND4J).get(key).amaxNumber().doubleValue());
            assertTrue(diff <= 1e-10 * scale, precision + " gradient " + key + " differs by " + diff);
        }
    }

    @Test
    void rowsPerProduct_keepOpenBlasOnTheCallingThread_andNd4jWhole() {
        int rows = Gemm.OPENBLAS.rowsPerProduct(20, 512, 128);
        assertTrue((long) rows * 20 * 512 <= Gemm.SINGLE_THREAD_WORK && rows >= 1, String.valueOf(rows));
        assertEquals(128, Gemm.OPENBLAS.rowsPerProduct(2, 3, 128));
        assertEquals(1, Gemm.OPENBLAS.rowsPerProduct(1024, 1024, 128));
        assertEquals(128, Gemm.ND4J.rowsPerProduct(20, 512, 128));
    }

    private static double[][] jvm(INDArray a, INDArray b) {
        double[][] x = a.toDoubleMatrix();
        double[][] y = b.toDoubleMatrix();
        double[][] out = new double[x.length][y[0].length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < y[0].length; j++) {
                for (int l = 0; l < y.length; l++) {
                    out[i][j] += x[i][l] * y[l][j];
                }
            }
        }
        return out;
    }

    private static double tolerance(DataType dataType) {
        return dataType == DataType.DOUBLE ? 1e-12 : 1e-5;
    }
}
