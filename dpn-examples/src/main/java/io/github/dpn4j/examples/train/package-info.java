/**
 * Training and evaluation: {@link io.github.dpn4j.examples.train.Classifier} (a MultiLayerNetwork or
 * ComputationGraph, with its DPN layer found by type), {@link io.github.dpn4j.examples.train.Trainer} (progress bar,
 * per-epoch summary, NaN/Inf guard), and {@link io.github.dpn4j.examples.train.NoiseConditions} (fixed noisy test
 * sets, accuracy and inference speed).
 */
package io.github.dpn4j.examples.train;
