/**
 * Denoising Potential Networks for DL4J: the {@link io.github.dpn4j.layer.DenoisingPotential} layer, a learned
 * mixture-of-Gaussians potential whose gradient ascent refines feature vectors, with read-only views of what it
 * learned ({@link io.github.dpn4j.layer.Potential}, {@link io.github.dpn4j.layer.Trajectory}) and a data-driven
 * initialisation ({@link io.github.dpn4j.layer.KMeansInit}).
 */
package io.github.dpn4j.layer;
