package io.github.dpn4j.examples.analysis;

/** Every numerical tolerance of the analysis tests, in one place. */
final class Tolerances {

    /** Absolute, for values of order 1 computed by hand from exactly representable inputs. */
    static final double HAND_COMPUTED = 1e-12;

    /** Relative, fast Gram-matrix fuzziness against the direct {@code [p, p]} pseudo-inverse. */
    static final double FAST_VS_DIRECT = 1e-9;

    /** Relative, a statistic before and after a translation, scaling or rotation of the features. */
    static final double INVARIANCE = 1e-9;

    /** Absolute, eigen-equation residuals {@code ||S v - lambda v||} and orthonormality of unit vectors. */
    static final double EIGEN = 1e-10;

    /** Relative, ND4J's LAPACK eigenvalues against the reference Jacobi eigenvalues. */
    static final double EIGEN_AGREEMENT = 1e-10;

    /** Relative, a statistic of wide features against that of their row-space coordinates. */
    static final double ROW_SPACE = 1e-8;

    private Tolerances() {
    }

    /** @return {@code |actual - expected| <= relative * max(1, |expected|)} */
    static boolean closeRelative(double expected, double actual, double relative) {
        return Math.abs(actual - expected) <= relative * Math.max(1.0, Math.abs(expected));
    }
}
