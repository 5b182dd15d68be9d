/**
 * Denoising Potential Networks for DL4J: the {@link io.github.dpn4j.layer.DenoisingPotential} layer, a learned
 * mixture-of-Gaussians potential whose gradient ascent refines feature vectors, with read-only views of what it
 * learned ({@link io.github.dpn4j.layer.Potential}, {@link io.github.dpn4j.layer.Trajectory}), a data-driven
 * initialisation ({@link io.github.dpn4j.layer.KMeansInit}) and {@link io.github.dpn4j.layer.DpnLayer}, which finds
 * the layer in a network and the features at its input.
 */
package io.github.dpn4j.layer;
