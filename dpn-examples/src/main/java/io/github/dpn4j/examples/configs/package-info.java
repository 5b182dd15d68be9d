/**
 * The example networks and their settings: {@link io.github.dpn4j.examples.configs.ExampleConfig} names them
 * ({@code seed}, {@code cnn-dpn}, {@code cnn}, {@code cnn-dpn-graph}),
 * {@link io.github.dpn4j.examples.configs.ExampleConfigs} builds their DL4J configurations (public, so the
 * benchmarks build the same networks), and {@link io.github.dpn4j.examples.configs.RunConfig} holds every setting of
 * one run with its default.
 */
package io.github.dpn4j.examples.configs;
