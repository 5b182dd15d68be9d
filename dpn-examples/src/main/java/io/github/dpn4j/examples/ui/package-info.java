/**
 * The DPN layer in DL4J's training UI: {@code PotentialListener}'s measurements stored in a {@code StatsStorage}
 * ({@link io.github.dpn4j.examples.ui.PotentialStatsReport}), and a UI module that charts them
 * ({@link io.github.dpn4j.examples.ui.PotentialModule}, page {@code /dpn}).
 */
package io.github.dpn4j.examples.ui;
