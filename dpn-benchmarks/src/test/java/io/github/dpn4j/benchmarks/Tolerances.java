package io.github.dpn4j.benchmarks;

/** Tolerances of this module's tests, in one place. */
final class Tolerances {

    /** Largest absolute difference between two float64 implementations of the same math: {@value}. */
    static final double FLOAT64_IMPLEMENTATIONS = 1e-10;

    private Tolerances() {
    }
}
