package io.github.dpn4j.examples.train;

import java.util.OptionalLong;

/**
 * Accuracy of a classifier under one evaluation condition, and the DPN ascent steps it took there.
 *
 * @param condition the condition's noise spec, e.g. {@code "none"} or {@code "gaussian:0.3"}
 * @param correct   correctly classified test examples, 0..total
 * @param total     test examples, &gt;= 1
 * @param dpnSteps  the DPN ascent steps the classifier took over the condition's images, counted per image: the sum
 *                  over minibatches of the minibatch's size times the steps it took
 *                  ({@link io.github.dpn4j.layer.DpnLayer#lastStepsTaken()}, summed over the network's DPN layers);
 *                  empty for a classifier without a DPN layer
 */
public record ConditionAccuracy(String condition, long correct, long total, OptionalLong dpnSteps) {

    /**
     * @throws IllegalArgumentException if the counts are inconsistent, naming them
     */
    public ConditionAccuracy {
        if (total < 1 || correct < 0 || correct > total) {
            throw new IllegalArgumentException("need 0 <= correct <= total and total >= 1, got correct " + correct
                    + " of " + total + " for condition '" + condition + "'");
        }
        if (dpnSteps == null || dpnSteps.isPresent() && dpnSteps.getAsLong() < 0) {
            throw new IllegalArgumentException("DPN steps must be empty or >= 0, got " + dpnSteps
                    + " for condition '" + condition + "'");
        }
    }

    /**
     * The accuracy of a classifier without a DPN layer (no steps).
     *
     * @param condition the condition's noise spec
     * @param correct   correctly classified test examples, 0..total
     * @param total     test examples, &gt;= 1
     */
    public ConditionAccuracy(String condition, long correct, long total) {
        this(condition, correct, total, OptionalLong.empty());
    }

    /** @return correct / total, in [0, 1] */
    public double accuracy() {
        return (double) correct / total;
    }

    /**
     * @return the mean DPN ascent steps per image, {@code dpnSteps / total} (between 0 and the layers' {@code n}
     *         summed; below it where the tolerance stopped ascents early); NaN without a DPN layer
     */
    public double meanDpnSteps() {
        return dpnSteps.isPresent() ? (double) dpnSteps.getAsLong() / total : Double.NaN;
    }
}
