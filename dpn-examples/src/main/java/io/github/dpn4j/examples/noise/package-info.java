/**
 * Seeded, reproducible pixel noise for training on noisy inputs with clean labels and for evaluating on fixed
 * noisy test sets: {@link io.github.dpn4j.examples.noise.NoiseModel} with one class per noise (Gaussian, salt
 * and pepper, square occlusion, none), and {@link io.github.dpn4j.examples.noise.NoisyDataSetIterator}, which
 * draws fresh noise for every batch of every epoch from a single seed.
 */
package io.github.dpn4j.examples.noise;
