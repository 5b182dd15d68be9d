package io.github.dpn4j.examples.analysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A markdown table with padded cells (readable on a console too): a header row, then data rows; the first column
 * left-aligned, the others right-aligned. Immutable once built.
 */
public final class MarkdownTable {

    /** Shown where a value is not available: {@value}. */
    static final String NOT_AVAILABLE = "-";

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param header column headings, at least one */
    public MarkdownTable(List<String> header) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column, got none");
        }
        this.header = List.copyOf(header);
    }

    /**
     * @param cells one per column
     * @return this table
     * @throws IllegalArgumentException naming both counts if the row does not have one cell per column
     */
    public MarkdownTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row must have " + header.size() + " cells, got " + cells.size()
                    + ": " + cells);
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** @return {@code value} with {@code digits} significant digits, or {@value #NOT_AVAILABLE} for NaN */
    static String number(double value, int digits) {
        if (Double.isNaN(value)) {
            return NOT_AVAILABLE;
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "inf" : "-inf";
        }
        double magnitude = Math.abs(value);
        if (magnitude != 0 && (magnitude >= 1e6 || magnitude < 1e-3)) {
            return String.format(Locale.ROOT, "%." + (digits - 1) + "e", value);
        }
        return String.format(Locale.ROOT, "%." + digits + "g", value);
    }

    /** @return {@code value} with {@code decimals} decimals, or {@value #NOT_AVAILABLE} for NaN */
    static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? NOT_AVAILABLE : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    /** @return the table in markdown, one line per row, ending with a newline */
    public String render() {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> r : all) {
            for (int c = 0; c < r.size(); c++) {
                widths[c] = Math.max(Math.max(widths[c], r.get(c).length()), 3);
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, header, widths);
        s.append('|');
        for (int c = 0; c < widths.length; c++) {
            s.append(' ').append(c == 0 ? "-".repeat(widths[c]) : "-".repeat(widths[c] - 1) + ":").append(" |");
        }
        s.append('\n');
        rows.forEach(r -> line(s, r, widths));
        return s.toString();
    }

    private static void line(StringBuilder s, List<String> cells, int[] widths) {
        s.append('|');
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c).replace("|", "\\|");
            String pad = " ".repeat(Math.max(0, widths[c] - cell.length()));
            s.append(' ').append(c == 0 ? cell + pad : pad + cell).append(" |");
        }
        s.append('\n');
    }

    @Override
    public String toString() {
        return render();
    }
}
