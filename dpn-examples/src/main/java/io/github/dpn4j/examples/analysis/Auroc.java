package io.github.dpn4j.examples.analysis;

import java.util.Arrays;

/**
 * Area under the ROC curve of a score that should be higher for positives than for negatives: the probability that a
 * random positive scores above a random negative, ties counting one half (the Mann-Whitney statistic, computed from
 * ranks in {@code O(n log n)}). 0.5 is chance, 1 a perfect separation.
 */
public final class Auroc {

    private Auroc() {
    }

    /**
     * @param negatives scores of the negatives (e.g. clean images), at least one, finite
     * @param positives scores of the positives (e.g. noisy images), at least one, finite
     * @return the area, in {@code [0, 1]}
     * @throws IllegalArgumentException for an empty or non-finite sample
     */
    public static double of(double[] negatives, double[] positives) {
        if (negatives.length == 0 || positives.length == 0) {
            throw new IllegalArgumentException("AUROC needs at least one negative and one positive, got "
                    + negatives.length + " and " + positives.length);
        }
        int n = negatives.length + positives.length;
        double[][] all = new double[n][];
        for (int i = 0; i < negatives.length; i++) {
            all[i] = new double[]{check(negatives[i]), 0};
        }
        for (int i = 0; i < positives.length; i++) {
            all[negatives.length + i] = new double[]{check(positives[i]), 1};
        }
        Arrays.sort(all, (a, b) -> Double.compare(a[0], b[0]));
        double positiveRanks = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j < n && all[j][0] == all[i][0]) {
                j++;
            }
            double rank = (i + 1 + j) / 2.0;   // mean of ranks i+1 .. j
            for (int t = i; t < j; t++) {
                positiveRanks += all[t][1] * rank;
            }
            i = j;
        }
        double p = positives.length;
        return (positiveRanks - p * (p + 1) / 2) / (p * negatives.length);
    }

    private static double check(double score) {
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("AUROC scores must be finite, got " + score);
        }
        return score;
    }
}
