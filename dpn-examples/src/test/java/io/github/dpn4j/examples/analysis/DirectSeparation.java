package io.github.dpn4j.examples.analysis;

/**
 * Test reference: the separation statistics straight from their definitions in plain Java, forming
 * {@code SS_w}, {@code SS_b} and the pseudo-inverse {@code SS_b^+} as {@code [p, p]} matrices (Jacobi
 * eigendecomposition, same relative cut-off {@link SeparationStats#PSEUDO_INVERSE_CUTOFF}).
 */
final class DirectSeparation {

    final double withinTrace;
    final double betweenTrace;
    final int betweenRank;
    final double fuzziness;

    private DirectSeparation(double withinTrace, double betweenTrace, int betweenRank, double fuzziness) {
        this.withinTrace = withinTrace;
        this.betweenTrace = betweenTrace;
        this.betweenRank = betweenRank;
        this.fuzziness = fuzziness;
    }

    /** @param labels classes {@code 0..k-1}, each present */
    static DirectSeparation of(double[][] h, int[] labels, int k) {
        int n = h.length;
        int p = h[0].length;
        double[][] means = new double[k][p];
        double[] global = new double[p];
        int[] sizes = new int[k];
        for (int j = 0; j < n; j++) {
            sizes[labels[j]]++;
            for (int d = 0; d < p; d++) {
                means[labels[j]][d] += h[j][d];
                global[d] += h[j][d] / n;
            }
        }
        for (int c = 0; c < k; c++) {
            for (int d = 0; d < p; d++) {
                means[c][d] /= sizes[c];
            }
        }
        double[][] within = new double[p][p];     // 1/N sum_j (h_j - m_yj)(h_j - m_yj)^T
        for (int j = 0; j < n; j++) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    within[a][b] += (h[j][a] - means[labels[j]][a]) * (h[j][b] - means[labels[j]][b]) / n;
                }
            }
        }
        double[][] between = new double[p][p];    // 1/K sum_c (m_c - m)(m_c - m)^T
        for (int c = 0; c < k; c++) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    between[a][b] += (means[c][a] - global[a]) * (means[c][b] - global[b]) / k;
                }
            }
        }
        JacobiEigen eigen = JacobiEigen.of(between);
        double largest = 0;
        for (double value : eigen.values) {
            largest = Math.max(largest, value);
        }
        double[][] pseudoInverse = new double[p][p];    // sum over kept lambda of v v^T / lambda
        int rank = 0;
        for (int i = 0; i < p; i++) {
            if (eigen.values[i] > SeparationStats.PSEUDO_INVERSE_CUTOFF * largest) {
                rank++;
                for (int a = 0; a < p; a++) {
                    for (int b = 0; b < p; b++) {
                        pseudoInverse[a][b] += eigen.vectors[i][a] * eigen.vectors[i][b] / eigen.values[i];
                    }
                }
            }
        }
        double withinTrace = 0;
        double betweenTrace = 0;
        double fuzziness = 0;    // Tr(SS_w SS_b^+) = sum_ab SS_w[a][b] SS_b^+[b][a]
        for (int a = 0; a < p; a++) {
            withinTrace += within[a][a];
            betweenTrace += between[a][a];
            for (int b = 0; b < p; b++) {
                fuzziness += within[a][b] * pseudoInverse[b][a];
            }
        }
        return new DirectSeparation(withinTrace, betweenTrace, rank, fuzziness);
    }
}
