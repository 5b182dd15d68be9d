package io.github.dpn4j.examples.report;

import java.util.Arrays;
import java.util.Locale;

/**
 * Mean and sample standard deviation of one figure over repeated runs (seeds), as a results table shows it.
 *
 * @param mean  arithmetic mean
 * @param std   sample standard deviation {@code sqrt(Σ(x - mean)² / (count - 1))}; 0 for a single value
 * @param count number of values, &gt;= 1
 */
public record MeanStd(double mean, double std, int count) {

    /**
     * @param values one value per run, at least one, all finite
     * @return their mean and sample standard deviation
     * @throws IllegalArgumentException if there is no value or a value is not finite, naming them
     */
    public static MeanStd of(double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("need at least one value, got none");
        }
        if (!Arrays.stream(values).allMatch(Double::isFinite)) {
            throw new IllegalArgumentException("values must be finite, got " + Arrays.toString(values));
        }
        double mean = Arrays.stream(values).sum() / values.length;
        if (values.length == 1) {
            return new MeanStd(mean, 0, 1);
        }
        double squares = Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum();
        return new MeanStd(mean, Math.sqrt(squares / (values.length - 1)), values.length);
    }

    /**
     * @param decimals digits after the decimal point, &gt;= 0
     * @param unit     appended to the figure, e.g. {@code "%"} or {@code ""}
     * @return {@code "95.15%"} for a single value, {@code "95.15 ± 0.35%"} for several
     */
    public String format(int decimals, String unit) {
        String number = "%." + decimals + "f";
        return count == 1 ? String.format(Locale.ROOT, number + "%s", mean, unit)
                : String.format(Locale.ROOT, number + " ± " + number + "%s", mean, std, unit);
    }
}
