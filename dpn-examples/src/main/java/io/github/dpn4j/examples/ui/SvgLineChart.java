package io.github.dpn4j.examples.ui;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small line chart written as inline SVG (no script, no external resources), so the UI page renders the same in
 * any browser, including a headless one without network access.
 */
final class SvgLineChart {

    private static final int WIDTH = 520;
    private static final int HEIGHT = 220;
    private static final int LEFT = 70;
    private static final int RIGHT = 10;
    private static final int TOP = 28;
    private static final int BOTTOM = 30;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    private final String title;
    private final Map<String, double[][]> series = new LinkedHashMap<>();

    SvgLineChart(String title) {
        this.title = title;
    }

    /**
     * @param name legend label
     * @param x    x values (iterations)
     * @param y    y values, same length; non-finite values are skipped
     * @return this chart
     */
    SvgLineChart series(String name, double[] x, double[] y) {
        series.put(name, new double[][]{x, y});
        return this;
    }

    String svg() {
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (double[][] s : series.values()) {
            for (int i = 0; i < s[0].length; i++) {
                if (Double.isFinite(s[1][i])) {
                    xMin = Math.min(xMin, s[0][i]);
                    xMax = Math.max(xMax, s[0][i]);
                    yMin = Math.min(yMin, s[1][i]);
                    yMax = Math.max(yMax, s[1][i]);
                }
            }
        }
        if (!Double.isFinite(xMin)) {
            xMin = 0;
            xMax = 1;
            yMin = 0;
            yMax = 1;
        }
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        if (yMax == yMin) {
            yMax = yMin + Math.max(1e-12, Math.abs(yMin) * 0.01);
        }
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' "
                + "class='chart'>", WIDTH, HEIGHT));
        s.append(String.format(Locale.ROOT, "<text x='%d' y='16' font-size='13' font-weight='bold'>%s</text>", LEFT,
                Html.escape(title)));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;
        s.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>",
                LEFT, TOP, plotW, plotH));
        s.append(label(LEFT - 4, TOP + 10, "end", yMax)).append(label(LEFT - 4, TOP + plotH, "end", yMin));
        s.append(label(LEFT, HEIGHT - 12, "start", xMin)).append(label(WIDTH - RIGHT, HEIGHT - 12, "end", xMax));
        s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' text-anchor='middle'>iteration</text>",
                LEFT + plotW / 2, HEIGHT - 4));
        int c = 0;
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            String colour = COLOURS[c % COLOURS.length];
            double[] x = e.getValue()[0];
            double[] y = e.getValue()[1];
            List<String> points = new ArrayList<>();
            for (int i = 0; i < x.length; i++) {
                if (Double.isFinite(y[i])) {
                    points.add(String.format(Locale.ROOT, "%.1f,%.1f", LEFT + (x[i] - xMin) / (xMax - xMin) * plotW,
                            TOP + (yMax - y[i]) / (yMax - yMin) * plotH));
                }
            }
            s.append(String.format(Locale.ROOT, "<polyline fill='none' stroke='%s' stroke-width='1.5' points='%s'/>",
                    colour, String.join(" ", points)));
            s.append(String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='11' fill='%s' class='series'>%s</text>",
                    WIDTH - RIGHT - 150, TOP + 14 + 13 * c, colour, Html.escape(e.getKey())));
            c++;
        }
        return s.append("</svg>").toString();
    }

    private static String label(int x, int y, String anchor, double value) {
        return String.format(Locale.ROOT, "<text x='%d' y='%d' font-size='10' text-anchor='%s'>%.4g</text>", x, y,
                anchor, value);
    }
}
