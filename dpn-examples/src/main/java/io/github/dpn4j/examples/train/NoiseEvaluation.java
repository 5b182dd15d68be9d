package io.github.dpn4j.examples.train;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * Accuracies of one classifier under every evaluation condition, and its inference speed. Each condition is
 * scored by ND4J's {@link org.nd4j.evaluation.classification.Evaluation} ({@link NoiseConditions#evaluate}); this
 * record is what a run keeps of them (one accuracy per condition plus the timing), and is not named
 * {@code Evaluation} so as not to shadow ND4J's.
 *
 * @param conditions one entry per condition, in evaluation order; copied, unmodifiable
 * @param images     images classified in the timed passes (all conditions)
 * @param seconds    wall-clock seconds spent in those passes (inference only, no noise generation)
 */
public record NoiseEvaluation(List<ConditionAccuracy> conditions, long images, double seconds) {

    /** Copies the list. */
    public NoiseEvaluation {
        conditions = List.copyOf(conditions);
    }

    /** @return images classified per second of inference; 0 if nothing was timed */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }

    /**
     * @param condition a condition's noise spec
     * @return that condition's accuracy, in [0, 1]
     * @throws NoSuchElementException naming the condition and those present
     */
    public double accuracy(String condition) {
        for (ConditionAccuracy c : conditions) {
            if (c.condition().equals(condition)) {
                return c.accuracy();
            }
        }
        throw new NoSuchElementException("no condition '" + condition + "' in " + conditions);
    }
}
