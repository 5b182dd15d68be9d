package io.github.dpn4j.examples.train;

/**
 * Accuracy of a classifier under one evaluation condition.
 *
 * @param condition the condition's noise spec, e.g. {@code "none"} or {@code "gaussian:0.3"}
 * @param correct   correctly classified test examples, 0..total
 * @param total     test examples, &gt;= 1
 */
public record ConditionAccuracy(String condition, long correct, long total) {

    /**
     * @throws IllegalArgumentException if the counts are inconsistent, naming them
     */
    public ConditionAccuracy {
        if (total < 1 || correct < 0 || correct > total) {
            throw new IllegalArgumentException("need 0 <= correct <= total and total >= 1, got correct " + correct
                    + " of " + total + " for condition '" + condition + "'");
        }
    }

    /** @return correct / total, in [0, 1] */
    public double accuracy() {
        return (double) correct / total;
    }
}
