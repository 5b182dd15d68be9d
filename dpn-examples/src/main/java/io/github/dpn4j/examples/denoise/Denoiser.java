package io.github.dpn4j.examples.denoise;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A front-end that maps (possibly noisy) images to cleaned images of the same shape, put in front of a trained
 * classifier that it leaves unchanged.
 *
 * <p>Contract: input {@code pixels [B, 784]} float32 in {@code [0, 1]} (B &gt;= 1), never modified; output a new
 * {@code [B, 784]} array of the input's data type; inference only (no training, no state change), so the same
 * input always gives the same output.
 */
public interface Denoiser {

    /**
     * @param pixels images {@code [B, 784]} in {@code [0, 1]}; left untouched
     * @return the denoised images {@code [B, 784]}
     */
    INDArray denoise(INDArray pixels);

    /** @return number of trained parameters of the front-end (0 for the identity) */
    long numParams();

    /** @return the front-end that returns a copy of its input: a classifier behind it is the classifier alone */
    static Denoiser identity() {
        return Identity.INSTANCE;
    }

    /** The identity front-end. */
    enum Identity implements Denoiser {
        /** The only instance. */
        INSTANCE;

        @Override
        public INDArray denoise(INDArray pixels) {
            return pixels.dup();
        }

        @Override
        public long numParams() {
            return 0;
        }
    }
}
