package io.github.dpn4j.examples.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dpn4j.examples.Tolerances;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;

class SymmetricEigenTest {

    // tridiagonal [[4,1,0],[1,3,1],[0,1,2]]: characteristic polynomial (3 - l)(l^2 - 6l + 6) = 0,
    // so l = 3 - sqrt(3), 3, 3 + sqrt(3); for l = 3 the eigenvector is (1, -1, -1) / sqrt(3)
    private static final double[][] TRIDIAGONAL = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};

    /** Pins ND4J 1.0.0-M2.1's {@code Eigen} (the same LAPACK call, always with eigenvectors). */
    @Test
    void nd4jSyev_returnsAscendingValuesAndOverwritesInputWithColumnVectors() {
        INDArray a = Nd4j.createFromArray(TRIDIAGONAL);
        INDArray values = Eigen.symmetricGeneralizedEigenvalues(a, true);

        assertArrayEquals(new double[] {3 - Math.sqrt(3), 3, 3 + Math.sqrt(3)}, values.toDoubleVector(),
                Tolerances.EIGEN);
        // a now holds the eigenvectors as columns: S a_col(i) = l_i a_col(i)
        INDArray s = Nd4j.createFromArray(TRIDIAGONAL);
        for (int i = 0; i < 3; i++) {
            INDArray column = a.getColumn(i).reshape(3, 1);
            INDArray residual = s.mmul(column).sub(column.mul(values.getDouble(i)));
            assertEquals(0, residual.norm2Number().doubleValue(), Tolerances.EIGEN, "column " + i);
        }
    }

    /** Pins the call {@link SymmetricEigen} makes: status 0 and ascending eigenvalues, with and without vectors. */
    @Test
    void nd4jLapackSyev_returnsZeroStatusAndAscendingValues_withAndWithoutVectors() {
        INDArray withVectors = Nd4j.createFromArray(TRIDIAGONAL);
        INDArray valuesOnly = Nd4j.createFromArray(TRIDIAGONAL);
        INDArray first = Nd4j.create(DataType.DOUBLE, 3);
        INDArray second = Nd4j.create(DataType.DOUBLE, 3);

        int infoV = Nd4j.getBlasWrapper().lapack().syev('V', 'L', withVectors, first);
        int infoN = Nd4j.getBlasWrapper().lapack().syev('N', 'L', valuesOnly, second);

        double[] ascending = {3 - Math.sqrt(3), 3, 3 + Math.sqrt(3)};
        assertEquals(0, infoV);
        assertEquals(0, infoN);
        assertArrayEquals(ascending, first.toDoubleVector(), Tolerances.EIGEN);
        assertArrayEquals(ascending, second.toDoubleVector(), Tolerances.EIGEN);
    }

    @Test
    void valuesOnlyMatchFullDecomposition_tridiagonal() {
        INDArray a = Nd4j.createFromArray(TRIDIAGONAL);
        INDArray before = a.dup();

        double[] valuesOnly = SymmetricEigen.valuesOf(a);

        assertArrayEquals(SymmetricEigen.of(a).values(), valuesOnly, Tolerances.EIGEN);
        assertEquals(before, a);
    }

    @Test
    void throwsNamingShape_nonSquare() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.of(Nd4j.zeros(DataType.DOUBLE, 2, 3))).getMessage();

        assertTrue(message.contains("[2, 3]"), message);
    }

    @Test
    void valuesDescendingAndVectorsAsRows_tridiagonal() {
        SymmetricEigen eigen = SymmetricEigen.of(Nd4j.createFromArray(TRIDIAGONAL));

        assertArrayEquals(new double[] {3 + Math.sqrt(3), 3, 3 - Math.sqrt(3)}, eigen.values(), Tolerances.EIGEN);
        // l = 3: (1, -1, -1) / sqrt(3), all entries tie in magnitude, so the first is made positive
        double r = 1 / Math.sqrt(3);
        assertArrayEquals(new double[] {r, -r, -r}, eigen.leadingVectors(2).getRow(1).toDoubleVector(),
                Tolerances.EIGEN);
    }

    @Test
    void largestEntryPositive_2x2() {
        // [[2,1],[1,2]]: l = 3 with (1,1)/sqrt(2), l = 1 with (1,-1)/sqrt(2) (tie: first entry positive)
        // [[1,0],[0,4]]: l = 4 with (0,1), l = 1 with (1,0)
        double h = 1 / Math.sqrt(2);
        SymmetricEigen coupled = SymmetricEigen.of(Nd4j.createFromArray(new double[][] {{2, 1}, {1, 2}}));
        SymmetricEigen diagonal = SymmetricEigen.of(Nd4j.createFromArray(new double[][] {{1, 0}, {0, 4}}));

        assertArrayEquals(new double[] {h, h, h, -h},
                coupled.leadingVectors(2).reshape(4).toDoubleVector(), Tolerances.EIGEN);
        assertArrayEquals(new double[] {0, 1, 1, 0},
                diagonal.leadingVectors(2).reshape(4).toDoubleVector(), Tolerances.EIGEN);
    }

    @Test
    void inputNotModified_decomposition() {
        INDArray a = Nd4j.createFromArray(TRIDIAGONAL);
        INDArray before = a.dup();

        SymmetricEigen.of(a);

        assertEquals(before, a);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 12})
    void agreesWithJacobiReference_randomSymmetric(int n) {
        double[][] s = randomSymmetric(n, 11L * n);
        SymmetricEigen eigen = SymmetricEigen.of(Nd4j.createFromArray(s));
        double[] expected = JacobiEigen.of(s).values;
        Arrays.sort(expected);

        double[] actual = eigen.values();
        INDArray vectors = eigen.leadingVectors(n);
        INDArray matrix = Nd4j.createFromArray(s);
        for (int i = 0; i < n; i++) {
            double want = expected[n - 1 - i];
            assertTrue(Tolerances.closeRelative(want, actual[i], Tolerances.EIGEN_AGREEMENT),
                    "eigenvalue " + i + ": jacobi " + want + ", lapack " + actual[i]);
            INDArray v = vectors.getRow(i).reshape(n, 1);
            assertEquals(0, matrix.mmul(v).sub(v.mul(actual[i])).norm2Number().doubleValue(), Tolerances.EIGEN,
                    "eigen-equation residual of vector " + i);
        }
        // rows orthonormal: V V^T = I
        assertEquals(0, vectors.mmul(vectors.transpose()).sub(Nd4j.eye(n).castTo(vectors.dataType()))
                .norm2Number().doubleValue(), Tolerances.EIGEN);
    }

    private static double[][] randomSymmetric(int n, long seed) {
        Random random = new Random(seed);
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                s[i][j] = random.nextGaussian();
                s[j][i] = s[i][j];
            }
        }
        return s;
    }
}
