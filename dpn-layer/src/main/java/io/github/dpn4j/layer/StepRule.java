package io.github.dpn4j.layer;

/**
 * What a {@link DenoisingPotential} layer does with its input.
 */
public enum StepRule {
    /**
     * {@code n} steps of gradient ascent {@code x ← x + alpha·∇phi(x)} on the mixture potential, with a step size
     * {@code alpha} learned with the network (the default, and the only rule of dpn4j 0.1.0). Parameters
     * {@code mu, A, c, alpha}, all trained by the network's loss. <b>Trained by a classification loss, the step size
     * tends to 0 and the layer to the identity (see the README's results).</b>
     */
    LEARNED,

    /**
     * One Tweedie step on a noise-conditional DIAGONAL potential,
     * {@code x ← x + (s² - s0²)·∇phi_s(x)} with {@code s} estimated per input (or fixed), see
     * {@link NoiseConditionalPotential}. Parameters {@code mu, logVariance, c} and the noise
     * {@code calibration}, fitted by {@link DenoisingScoreMatching} and <b>frozen in the network</b>: the network's
     * loss gives them a zero gradient (fine-tuning them with a classification loss would tune the denoiser to the
     * training noise it sees and lose the robustness to other noise levels), while the gradient with respect to the
     * input is exact.
     */
    TWEEDIE
}
