/**
 * Loading MNIST-format data: {@link io.github.dpn4j.examples.data.IdxReader} reads single IDX files (raw or
 * gzipped) and {@link io.github.dpn4j.examples.data.MnistData} turns the four standard files, or the embedded
 * 8,000/2,000 {@code mnist-npm10k} subset, into ND4J train/test {@code DataSet}s with features
 * {@code [N, 784]} in {@code [0, 1]} and one-hot labels {@code [N, 10]}.
 */
package io.github.dpn4j.examples.data;
