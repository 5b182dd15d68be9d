/**
 * The {@code dpn} command line (picocli): {@code train}, {@code evaluate} and {@code compare}; started by the
 * {@code ./dpn} launcher at the repository root. {@link io.github.dpn4j.examples.cli.TrainOptions} holds the
 * options, each default taken from the single constant it documents.
 */
package io.github.dpn4j.examples.cli;
