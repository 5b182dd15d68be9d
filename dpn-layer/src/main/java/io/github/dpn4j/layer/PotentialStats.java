package io.github.dpn4j.layer;

/**
 * What one {@link DenoisingPotential} layer did to one minibatch, as {@link PotentialListener} measures it: the
 * ascent the layer performs, replayed through {@link Potential#ascend} on (up to a cap of) the rows it received.
 * All means are over those rows.
 *
 * @param layer                 the layer's name, or its index in a MultiLayerNetwork when it has none
 * @param iteration             the network's iteration count when the minibatch was seen (from 0)
 * @param epoch                 the network's epoch count (from 0)
 * @param rows                  rows measured, {@code <=} the minibatch size
 * @param stepSize              alpha before the iteration's update
 * @param potentialBefore       mean {@code phi(x_0)} at the layer's input
 * @param potentialAfter        mean {@code phi(x_n)} at its output; ascent makes it {@code >= potentialBefore} for a
 *                              small enough alpha
 * @param meanStepLength        mean Euclidean length {@code ||x_t - x_{t-1}||} over rows and steps; 0 for n = 0
 * @param responsibilityEntropy mean entropy {@code -sum_i r_i log r_i} of the responsibilities at the input, in nats:
 *                              0 when each point belongs to one component, {@code log k} when spread evenly
 * @param stepsTaken            ascent steps the layer took
 */
public record PotentialStats(String layer, int iteration, int epoch, long rows, double stepSize,
                             double potentialBefore, double potentialAfter, double meanStepLength,
                             double responsibilityEntropy, int stepsTaken) {

    /**
     * @return {@code exp(responsibilityEntropy)}: how many components a point really uses, between 1 and k
     */
    public double effectiveComponents() {
        return Math.exp(responsibilityEntropy);
    }
}
