/**
 * Separation analysis of learned features: how well a layer's output {@code h [N, p]} separates the classes.
 *
 * <ul>
 *   <li>{@link io.github.dpn4j.examples.analysis.SeparationStats} — within/between-class scatter, the fuzziness
 *       {@code D = Tr(SS_w SS_b^+)} of He &amp; Su (2023), the B/W trace ratio, the mean distance between class
 *       means and the PCA explained-variance spectrum, for any features and labels.</li>
 *   <li>{@link io.github.dpn4j.examples.analysis.PrincipalComponents} — principal component analysis (fit on
 *       centered features, projection, explained-variance ratios).</li>
 *   <li>{@link io.github.dpn4j.examples.analysis.InspectedModel} — a trained MultiLayerNetwork or ComputationGraph
 *       seen layer by layer: features of the input, every layer and the logits; its DenoisingPotential layers.</li>
 *   <li>{@link io.github.dpn4j.examples.analysis.LayerSeparation} — the separation table and chart per layer.</li>
 *   <li>Pictures of a DPN layer: {@link io.github.dpn4j.examples.analysis.TrajectoryPicture} (ascent paths, potential
 *       and step length per step), {@link io.github.dpn4j.examples.analysis.CenterPicture} (centers as images),
 *       {@link io.github.dpn4j.examples.analysis.CenterComposition} (digits each component covers),
 *       {@link io.github.dpn4j.examples.analysis.PrecisionSpectrum} and
 *       {@link io.github.dpn4j.examples.analysis.PrecisionHeatmap} (covariance structure),
 *       {@link io.github.dpn4j.examples.analysis.DenoisingPicture} (clean, noisy, after the ascent).</li>
 *   <li>{@link io.github.dpn4j.examples.analysis.AnalysisReport} — runs them all (what {@code dpn analyze} does)
 *       with {@link io.github.dpn4j.examples.analysis.AnalysisSettings}; the seed study's figures are
 *       {@link io.github.dpn4j.examples.analysis.SeedSeparation}.</li>
 * </ul>
 *
 * <p>The potential's math lives in {@code dpn-layer} only: pictures call {@code Potential} (values, energies,
 * responsibilities) and {@code Trajectory}.
 *
 * <p>Everything is computed in float64 on copies of the inputs; inputs of any numeric dtype are accepted and never
 * modified. Reference: H. He and W. J. Su, <i>A law of data separation in deep learning</i>, PNAS 120(36), 2023.
 */
package io.github.dpn4j.examples.analysis;
