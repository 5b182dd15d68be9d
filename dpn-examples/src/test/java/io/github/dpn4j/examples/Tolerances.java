package io.github.dpn4j.examples;

/** Every numerical tolerance of the examples' tests, in one place. */
public final class Tolerances {

    /** Absolute, for values of order 1 computed by hand from exactly representable inputs. */
    public static final double HAND_COMPUTED = 1e-12;

    /** Relative, fast Gram-matrix fuzziness against the direct {@code [p, p]} pseudo-inverse. */
    public static final double FAST_VS_DIRECT = 1e-9;

    /** Relative, a statistic before and after a translation, scaling or rotation of the features. */
    public static final double INVARIANCE = 1e-9;

    /** Absolute, eigen-equation residuals {@code ||S v - lambda v||} and orthonormality of unit vectors. */
    public static final double EIGEN = 1e-10;

    /** Relative, ND4J's LAPACK eigenvalues against the reference Jacobi eigenvalues. */
    public static final double EIGEN_AGREEMENT = 1e-10;

    /** Relative, a statistic of wide features against that of their row-space coordinates. */
    public static final double ROW_SPACE = 1e-8;

    /** Absolute, float64 results of two routes through the same arithmetic (a network's output and its parts). */
    public static final double SAME_MATH_FLOAT64 = 1e-12;

    /** Absolute, float32 values of order 1 (a softmax row's sum, a pixel after noise). */
    public static final double FLOAT32 = 1e-5;

    /** Relative, a float32 matrix's trace against the sum of its eigenvalues computed in float64. */
    public static final double FLOAT32_SPECTRUM = 1e-4;

    private Tolerances() {
    }

    /** @return {@code |actual - expected| <= relative * max(1, |expected|)} */
    public static boolean closeRelative(double expected, double actual, double relative) {
        return Math.abs(actual - expected) <= relative * Math.max(1.0, Math.abs(expected));
    }
}
