package io.github.dpn4j.layer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * How inputs are corrupted at noise level {@code sigma} while a noise-conditional potential is trained and calibrated
 * ({@link DenoisingScoreMatching}). Train under the corruption the inputs will really see: clipping to the pixel range
 * changes what noise of a given level looks like, and the noise estimate is calibrated under this same corruption.
 */
@FunctionalInterface
public interface Corruption {

    /**
     * @param clean  clean inputs {@code [B, d]} (not modified)
     * @param sigma  noise level, {@code >= 0}
     * @param random the source of noise (seeded by the caller)
     * @return the corrupted inputs, a new {@code [B, d]} array of the same data type
     */
    INDArray apply(INDArray clean, double sigma, Random random);

    /** Additive Gaussian noise: {@code x + sigma·z}, {@code z ~ N(0, I)}. */
    static Corruption gaussian() {
        return (clean, sigma, random) -> clean.add(Nd4j.randn(0.0, sigma, clean.shape(), random)
                .castTo(clean.dataType()));
    }

    /**
     * Additive Gaussian noise clipped to {@code [low, high]}, e.g. {@code [0, 1]} for pixels:
     * {@code clip(x + sigma·z, low, high)}.
     */
    static Corruption gaussianClipped(double low, double high) {
        if (!(low < high) || Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("clipping range must be finite with low < high, got [" + low + ", "
                    + high + "]");
        }
        Corruption gaussian = gaussian();
        return (clean, sigma, random) -> Transforms.min(Transforms.max(gaussian.apply(clean, sigma, random), low,
                false), high, false);
    }
}
