package io.github.dpn4j.benchmarks;

/** Every numerical tolerance of the benchmark tests, in one place. */
final class Tolerances {

    /** Absolute, float64 values of order 1 computed by hand from exactly representable inputs. */
    static final double HAND_COMPUTED = 1e-12;

    private Tolerances() {
    }
}
