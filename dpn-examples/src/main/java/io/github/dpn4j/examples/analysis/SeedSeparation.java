package io.github.dpn4j.examples.analysis;

/**
 * The separation figures the seed study reported for its configuration (flatten 784 → DPN(k=20, n=30) →
 * softmax, noisy MNIST), quoted beside ours: fuzziness {@code D}, B/W ratio and, where the seed gave them, the PCA
 * explained-variance ratios of the first two components. The seed quoted no explained variance after the DPN.
 *
 * <p>Source: the equi-separation study of the seeds (raw input D = 2.14, after the DPN D = 2.81, logits D = 9.53;
 * B/W 0.89 / 2.10 / 8.21; explained variance of the first two components rising from 0.16 / 0.11 to
 * 0.55 / 0.18).
 */
public enum SeedSeparation {

    /** The raw (noisy-trained model's) input pixels. */
    INPUT(2.14, 0.89, 0.16, 0.11),
    /** The DPN layer's output. */
    POTENTIAL(2.81, 2.10, Double.NaN, Double.NaN),
    /** The logits. */
    LOGITS(9.53, 8.21, 0.55, 0.18);

    private final double fuzziness;
    private final double betweenWithinRatio;
    private final double firstExplained;
    private final double secondExplained;

    SeedSeparation(double fuzziness, double betweenWithinRatio, double firstExplained, double secondExplained) {
        this.fuzziness = fuzziness;
        this.betweenWithinRatio = betweenWithinRatio;
        this.firstExplained = firstExplained;
        this.secondExplained = secondExplained;
    }

    /** @return the seed's fuzziness {@code D} */
    public double fuzziness() {
        return fuzziness;
    }

    /** @return the seed's {@code Tr SS_b / Tr SS_w} */
    public double betweenWithinRatio() {
        return betweenWithinRatio;
    }

    /** @return the seed's explained-variance ratio of the first principal component, NaN where not quoted */
    public double firstExplained() {
        return firstExplained;
    }

    /** @return the seed's explained-variance ratio of the second principal component, NaN where not quoted */
    public double secondExplained() {
        return secondExplained;
    }
}
