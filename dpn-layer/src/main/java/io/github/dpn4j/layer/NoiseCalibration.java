package io.github.dpn4j.layer;

/**
 * Turns "inputs of true noise level sigma landed on grid level g" counts into a calibration table: the mean true
 * level per grid level, made non-decreasing by pool-adjacent-violators (weighted by counts), with grid levels that
 * nothing landed on interpolated linearly between their neighbours (held constant beyond the ends).
 */
final class NoiseCalibration {

    private NoiseCalibration() {
    }

    /**
     * @param grid   the grid levels, increasing
     * @param sums   per grid level, the sum of the true levels of the inputs that landed there
     * @param counts per grid level, how many inputs landed there
     * @return the calibrated level per grid level; the grid itself when nothing landed anywhere
     */
    static double[] monotone(double[] grid, double[] sums, double[] counts) {
        int g = grid.length;
        // pool-adjacent-violators over the occupied grid levels
        double[] blockMean = new double[g];
        double[] blockWeight = new double[g];
        int[] blockEnd = new int[g];
        int[] blockStart = new int[g];
        int blocks = 0;
        for (int i = 0; i < g; i++) {
            if (counts[i] <= 0) {
                continue;
            }
            blockMean[blocks] = sums[i] / counts[i];
            blockWeight[blocks] = counts[i];
            blockStart[blocks] = i;
            blockEnd[blocks] = i;
            blocks++;
            while (blocks > 1 && blockMean[blocks - 2] > blockMean[blocks - 1]) {
                double w = blockWeight[blocks - 2] + blockWeight[blocks - 1];
                blockMean[blocks - 2] = (blockMean[blocks - 2] * blockWeight[blocks - 2]
                        + blockMean[blocks - 1] * blockWeight[blocks - 1]) / w;
                blockWeight[blocks - 2] = w;
                blockEnd[blocks - 2] = blockEnd[blocks - 1];
                blocks--;
            }
        }
        if (blocks == 0) {
            return grid.clone();
        }
        double[] value = new double[g];
        boolean[] known = new boolean[g];
        for (int b = 0; b < blocks; b++) {
            for (int i = blockStart[b]; i <= blockEnd[b]; i++) {
                if (counts[i] > 0) {
                    value[i] = blockMean[b];
                    known[i] = true;
                }
            }
        }
        int previous = -1;
        for (int i = 0; i < g; i++) {
            if (!known[i]) {
                continue;
            }
            if (previous < 0) {
                for (int j = 0; j < i; j++) {
                    value[j] = value[i];
                }
            } else {
                for (int j = previous + 1; j < i; j++) {
                    double t = (grid[j] - grid[previous]) / (grid[i] - grid[previous]);
                    value[j] = value[previous] + t * (value[i] - value[previous]);
                }
            }
            previous = i;
        }
        for (int j = previous + 1; j < g; j++) {
            value[j] = value[previous];
        }
        return value;
    }
}
