package io.github.dpn4j.layer;

/** Every numerical tolerance the layer tests use, in one place. */
final class Tolerances {

    /** float64 agreement between two evaluations of the same math (closed form vs autodiff, view vs layer). */
    static final double SAME_MATH_FLOAT64 = 1e-10;
    /** float64 agreement with the independent reference implementation. */
    static final double REFERENCE_FLOAT64 = 1e-9;
    /** float32 agreement between two evaluations of the same math. */
    static final double SAME_MATH_FLOAT32 = 1e-4;
    /** DL4J gradient check: finite-difference step. */
    static final double GRADIENT_CHECK_EPSILON = 1e-6;
    /** DL4J gradient check: maximum relative error. */
    static final double GRADIENT_CHECK_MAX_RELATIVE_ERROR = 1e-3;
    /** DL4J gradient check: absolute errors below this pass regardless of relative error. */
    static final double GRADIENT_CHECK_MIN_ABSOLUTE_ERROR = 1e-8;

    /** float32 log-density of features offset 100 (spread 0.1) against float64, in nats. */
    static final double FAR_FLOAT32_NATS = 1e-3;
    /** Mean noise-level estimate over 200 synthetic inputs of 64 dimensions against the true level. */
    static final double NOISE_ESTIMATE = 0.05;

    private Tolerances() {
    }
}
