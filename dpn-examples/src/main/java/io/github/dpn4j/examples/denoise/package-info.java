/**
 * Denoising front-ends that sit in front of an unchanged trained classifier: {@link
 * io.github.dpn4j.examples.denoise.Denoiser} (pixels in, pixels out), the small convolutional denoising
 * autoencoder {@link io.github.dpn4j.examples.denoise.ConvDenoisingAutoencoder} that is the fair baseline of
 * {@code ./dpn compare}, and {@link io.github.dpn4j.examples.denoise.DenoiserTraining}, the budget and corruption
 * every front-end is trained with.
 */
package io.github.dpn4j.examples.denoise;
