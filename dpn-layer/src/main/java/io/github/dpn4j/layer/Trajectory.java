package io.github.dpn4j.layer;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * The points visited by the {@code n}-step ascent of a {@link Potential}, and the potential at each: an immutable
 * record of what the layer does to a minibatch. {@code point(0)} is the input, {@code point(n)} the layer output.
 * Accessors return copies.
 */
public final class Trajectory {

    private final List<INDArray> points;
    private final List<INDArray> potentials;

    Trajectory(List<INDArray> points, List<INDArray> potentials) {
        if (points.isEmpty() || points.size() != potentials.size()) {
            throw new IllegalArgumentException("Trajectory needs one potential per point, got " + points.size()
                    + " points and " + potentials.size() + " potentials");
        }
        this.points = List.copyOf(points);
        this.potentials = List.copyOf(potentials);
    }

    /** Number of ascent steps {@code n}; there are {@code n + 1} points. */
    public int steps() {
        return points.size() - 1;
    }

    /** Point {@code t} in {@code 0..n}: {@code [B, d]}. */
    public INDArray point(int t) {
        return points.get(checkStep(t)).dup();
    }

    /** Potential {@code phi} at point {@code t} in {@code 0..n}: {@code [B]}. */
    public INDArray potential(int t) {
        return potentials.get(checkStep(t)).dup();
    }

    /** Euclidean length of step {@code t} in {@code 1..n}, {@code ||point(t) - point(t-1)||} per row: {@code [B]}. */
    public INDArray stepLength(int t) {
        if (t < 1 || t > steps()) {
            throw new IndexOutOfBoundsException("step must be in 1.." + steps() + ", got " + t);
        }
        return points.get(t).sub(points.get(t - 1)).norm2(1);
    }

    private int checkStep(int t) {
        if (t < 0 || t > steps()) {
            throw new IndexOutOfBoundsException("point index must be in 0.." + steps() + ", got " + t);
        }
        return t;
    }
}
