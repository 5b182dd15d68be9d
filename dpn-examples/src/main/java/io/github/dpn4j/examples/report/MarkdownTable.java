package io.github.dpn4j.examples.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A markdown table with padded cells (readable on a console too): a header row, then data rows. By default the
 * first column is left-aligned (labels) and the others right-aligned (numbers); {@link #MarkdownTable(List, List)}
 * sets each column. Cells containing {@code |} are escaped. The one table renderer of the examples and the
 * benchmarks.
 */
public final class MarkdownTable {

    /** Shown where a value is not available: {@value}. */
    public static final String NOT_AVAILABLE = "-";

    /** Alignment of a column's cells. */
    public enum Align {
        /** Text: padded on the right, rule {@code ---}. */
        LEFT,
        /** Numbers: padded on the left, rule {@code --:}. */
        RIGHT
    }

    private final List<String> header;
    private final List<Align> align;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param header column headings, at least one; the first column left-aligned, the others right-aligned */
    public MarkdownTable(List<String> header) {
        this(header, defaultAlignment(header.size()));
    }

    /**
     * @param header column headings, at least one
     * @param align  one alignment per column
     */
    public MarkdownTable(List<String> header, List<Align> align) {
        if (header.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column, got none");
        }
        if (align.size() != header.size()) {
            throw new IllegalArgumentException("need one alignment per column: " + header.size() + " columns, got "
                    + align.size() + " alignments");
        }
        this.header = List.copyOf(header);
        this.align = List.copyOf(align);
    }

    /**
     * @param header column headings, at least one
     * @return a table whose columns are all left-aligned (text)
     */
    public static MarkdownTable leftAligned(List<String> header) {
        return new MarkdownTable(header, Collections.nCopies(header.size(), Align.LEFT));
    }

    private static List<Align> defaultAlignment(int columns) {
        List<Align> a = new ArrayList<>(Collections.nCopies(columns, Align.RIGHT));
        if (columns > 0) {
            a.set(0, Align.LEFT);
        }
        return a;
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

    /**
     * @param cells one per column
     * @return this table
     */
    public MarkdownTable row(String... cells) {
        return row(Arrays.asList(cells));
    }

    /** @return {@code value} with {@code digits} significant digits, or {@value #NOT_AVAILABLE} for NaN */
    public static String number(double value, int digits) {
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
    public static String fixed(double value, int decimals) {
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
                widths[c] = Math.max(Math.max(widths[c], escape(r.get(c)).length()), 3);
            }
        }
        StringBuilder s = new StringBuilder();
        line(s, header, widths);
        s.append('|');
        for (int c = 0; c < widths.length; c++) {
            s.append(' ').append(align.get(c) == Align.LEFT ? "-".repeat(widths[c]) : "-".repeat(widths[c] - 1) + ":")
                    .append(" |");
        }
        s.append('\n');
        rows.forEach(r -> line(s, r, widths));
        return s.toString();
    }

    private void line(StringBuilder s, List<String> cells, int[] widths) {
        s.append('|');
        for (int c = 0; c < cells.size(); c++) {
            String cell = escape(cells.get(c));
            String pad = " ".repeat(Math.max(0, widths[c] - cell.length()));
            s.append(' ').append(align.get(c) == Align.LEFT ? cell + pad : pad + cell).append(" |");
        }
        s.append('\n');
    }

    private static String escape(String cell) {
        return cell.replace("|", "\\|");
    }

    @Override
    public String toString() {
        return render();
    }
}
