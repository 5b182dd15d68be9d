package io.github.dpn4j.examples.analysis;

import io.github.dpn4j.examples.noise.NoiseModel;
import java.util.Objects;

/**
 * What {@link AnalysisReport} looks at: how many test examples, which noise and seed, and the compute budget of
 * the DPN ascent. Immutable; build with {@link Builder}, whose defaults are the constants below.
 */
public final class AnalysisSettings {

    /** Default number of test examples for the separation analysis: {@value}. */
    public static final int DEFAULT_EXAMPLES = 2000;
    /** Default number of test examples whose ascent is drawn, each clean and noisy: {@value}. */
    public static final int DEFAULT_TRAJECTORY_EXAMPLES = 24;
    /** Default number of examples in the denoising picture: {@value}. */
    public static final int DEFAULT_DENOISING_EXAMPLES = 10;
    /** Default noise of the trajectory and denoising examples when the run recorded none: {@value}. */
    public static final String DEFAULT_NOISE = "gaussian:0.3";
    /** Default seed of that noise: {@value}. */
    public static final long DEFAULT_NOISE_SEED = 2024;
    /**
     * Default budget of the DPN ascents of the separation examples, in floating-point operations: {@value}
     * (the seed configuration's FULL d=784, k=20, n=30 layer costs {@code 4·k·d²·n} = 1.5e9 per example, so about
     * 680 examples; a CNN's d=64 layer fits 2000 with room to spare).
     */
    public static final double DEFAULT_POTENTIAL_FLOP_BUDGET = 1e12;

    private final int examples;
    private final int trajectoryExamples;
    private final int denoisingExamples;
    private final NoiseModel noise;
    private final long noiseSeed;
    private final double potentialFlopBudget;
    private final boolean seedConfiguration;

    private AnalysisSettings(Builder b) {
        this.examples = b.examples;
        this.trajectoryExamples = b.trajectoryExamples;
        this.denoisingExamples = b.denoisingExamples;
        this.noise = b.noise;
        this.noiseSeed = b.noiseSeed;
        this.potentialFlopBudget = b.potentialFlopBudget;
        this.seedConfiguration = b.seedConfiguration;
    }

    /** @return test examples for the separation analysis, {@code >= 2} (default {@value #DEFAULT_EXAMPLES}) */
    public int examples() {
        return examples;
    }

    /** @return examples whose ascent is drawn, {@code >= 1} (default {@value #DEFAULT_TRAJECTORY_EXAMPLES}) */
    public int trajectoryExamples() {
        return trajectoryExamples;
    }

    /** @return examples in the denoising picture, {@code >= 1} (default {@value #DEFAULT_DENOISING_EXAMPLES}) */
    public int denoisingExamples() {
        return denoisingExamples;
    }

    /** @return noise of the trajectory and denoising examples (default {@value #DEFAULT_NOISE}) */
    public NoiseModel noise() {
        return noise;
    }

    /** @return seed of that noise (default {@value #DEFAULT_NOISE_SEED}) */
    public long noiseSeed() {
        return noiseSeed;
    }

    /** @return FLOP budget of the separation examples' DPN ascents, {@code > 0} */
    public double potentialFlopBudget() {
        return potentialFlopBudget;
    }

    /** @return true if the model is the seed configuration, so the seed's separation figures are quoted */
    public boolean seedConfiguration() {
        return seedConfiguration;
    }

    /** @return every setting */
    @Override
    public String toString() {
        return "AnalysisSettings{examples=" + examples + ", trajectoryExamples=" + trajectoryExamples
                + ", denoisingExamples=" + denoisingExamples + ", noise=" + noise.describe() + ", noiseSeed="
                + noiseSeed + ", potentialFlopBudget=" + potentialFlopBudget + ", seedConfiguration="
                + seedConfiguration + "}";
    }

    /** Builder with every default. */
    public static final class Builder {
        private int examples = DEFAULT_EXAMPLES;
        private int trajectoryExamples = DEFAULT_TRAJECTORY_EXAMPLES;
        private int denoisingExamples = DEFAULT_DENOISING_EXAMPLES;
        private NoiseModel noise = NoiseModel.parse(DEFAULT_NOISE);
        private long noiseSeed = DEFAULT_NOISE_SEED;
        private double potentialFlopBudget = DEFAULT_POTENTIAL_FLOP_BUDGET;
        private boolean seedConfiguration;

        /** @param examples test examples for the separation analysis, {@code >= 2} */
        public Builder examples(int examples) {
            if (examples < 2) {
                throw new IllegalArgumentException("examples must be >= 2, got " + examples);
            }
            this.examples = examples;
            return this;
        }

        /** @param trajectoryExamples examples whose ascent is drawn, {@code >= 1} */
        public Builder trajectoryExamples(int trajectoryExamples) {
            if (trajectoryExamples < 1) {
                throw new IllegalArgumentException("trajectoryExamples must be >= 1, got " + trajectoryExamples);
            }
            this.trajectoryExamples = trajectoryExamples;
            return this;
        }

        /** @param denoisingExamples examples in the denoising picture, {@code >= 1} */
        public Builder denoisingExamples(int denoisingExamples) {
            if (denoisingExamples < 1) {
                throw new IllegalArgumentException("denoisingExamples must be >= 1, got " + denoisingExamples);
            }
            this.denoisingExamples = denoisingExamples;
            return this;
        }

        /** @param noise noise of the trajectory and denoising examples, not null */
        public Builder noise(NoiseModel noise) {
            this.noise = Objects.requireNonNull(noise, "noise");
            return this;
        }

        /** @param noiseSeed seed of that noise */
        public Builder noiseSeed(long noiseSeed) {
            this.noiseSeed = noiseSeed;
            return this;
        }

        /** @param potentialFlopBudget FLOP budget of the separation examples' DPN ascents, {@code > 0} */
        public Builder potentialFlopBudget(double potentialFlopBudget) {
            if (!(potentialFlopBudget > 0)) {
                throw new IllegalArgumentException("potentialFlopBudget must be > 0, got " + potentialFlopBudget);
            }
            this.potentialFlopBudget = potentialFlopBudget;
            return this;
        }

        /** @param seedConfiguration true to quote the seed's separation figures beside ours */
        public Builder seedConfiguration(boolean seedConfiguration) {
            this.seedConfiguration = seedConfiguration;
            return this;
        }

        /** @return the settings */
        public AnalysisSettings build() {
            return new AnalysisSettings(this);
        }
    }
}
