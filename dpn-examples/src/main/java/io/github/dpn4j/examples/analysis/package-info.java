/**
 * Separation analysis of learned features: how well a layer's output {@code h [N, p]} separates the classes.
 *
 * <ul>
 *   <li>{@link io.github.dpn4j.examples.analysis.SeparationStats} — within/between-class scatter, the fuzziness
 *       {@code D = Tr(SS_w SS_b^+)} of He &amp; Su (2023), the B/W trace ratio, the mean distance between class
 *       means and the PCA explained-variance spectrum, for any features and labels.</li>
 *   <li>{@link io.github.dpn4j.examples.analysis.PrincipalComponents} — principal component analysis (fit on
 *       centered features, projection, explained-variance ratios).</li>
 * </ul>
 *
 * <p>Everything is computed in float64 on copies of the inputs; inputs of any numeric dtype are accepted and never
 * modified. Reference: H. He and W. J. Su, <i>A law of data separation in deep learning</i>, PNAS 120(36), 2023.
 */
package io.github.dpn4j.examples.analysis;
