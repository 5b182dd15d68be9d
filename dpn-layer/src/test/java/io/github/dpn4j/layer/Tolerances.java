package io.github.dpn4j.layer;

/** Every numerical tolerance the layer tests use, in one place. */
final class Tolerances {

    /** float64 agreement between two evaluations of the same math (closed form vs autodiff, view vs layer). */
    static final double SAME_MATH_FLOAT64 = 1e-10;
    /** float64 agreement with the independent reference implementation. */
    static final double REFERENCE_FLOAT64 = 1e-9;
    /** float32 agreement between two evaluations of the same math. */
    static final double SAME_MATH_FLOAT32 = 1e-4;
    /** Shape sweep: a float32 layer's output against the float64 oracle, relative to the largest value. */
    static final double SWEEP_VALUE_FLOAT32 = 1e-4;
    /** Shape sweep: a float32 layer's gradients against the float64 oracle, relative to the largest gradient. */
    static final double SWEEP_GRADIENT_FLOAT32 = 1e-3;
    /** float32 energies of features at offset 100, spread 0.1, against float64, in nats (energies ~ -70; measured
     *  errors ~0.001). */
    static final double FAR_ENERGIES_FLOAT32 = 0.01;
    /** float32 layer output for those features against float64, 5 steps (float32 spacing at 100 is 7.6e-6; the
     *  responsibilities pass rounding on, measured 3e-4). */
    static final double FAR_OUTPUT_FLOAT32 = 1e-3;
    /** DL4J gradient check: finite-difference step. */
    static final double GRADIENT_CHECK_EPSILON = 1e-6;
    /** DL4J gradient check: maximum relative error. */
    static final double GRADIENT_CHECK_MAX_RELATIVE_ERROR = 1e-3;
    /** DL4J gradient check: absolute errors below this pass regardless of relative error. */
    static final double GRADIENT_CHECK_MIN_ABSOLUTE_ERROR = 1e-8;

    /** Step of the central differences the hand-checked closed forms are compared with. */
    static final double CENTRAL_DIFFERENCE_STEP = 1e-6;
    /** Agreement of a float64 closed-form derivative with its central difference (truncation error ~step²). */
    static final double CENTRAL_DIFFERENCE_FLOAT64 = 1e-6;
    /** How far one update with a learning rate of 1e-9 may move a parameter. */
    static final double TINY_UPDATE_DRIFT = 1e-6;
    /** float64 arithmetic on a handful of exact decimals. */
    static final double EXACT_FLOAT64 = 1e-12;
    /** float32 log-density of features offset 100 (spread 0.1) against float64, in nats. */
    static final double FAR_FLOAT32_NATS = 1e-3;
    /** Mean noise-level estimate over 200 synthetic inputs of 64 dimensions against the true level. */
    static final double NOISE_ESTIMATE = 0.05;

    private Tolerances() {
    }
}
