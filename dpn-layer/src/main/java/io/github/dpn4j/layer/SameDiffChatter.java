package io.github.dpn4j.layer;

import java.io.PrintStream;

/**
 * Silences the line per op that DL4J 1.0.0-M2.1's {@code SameDiff.createGradFunction} prints on standard output
 * (hundreds for a graph with many ops), passing every other line through.
 */
final class SameDiffChatter {

    /** What M2.1's {@code SameDiff.createGradFunction} prints for every op it differentiates. */
    static final String GRADIENT_CHATTER = "Added differentiated op";

    private SameDiffChatter() {
    }

    /** Runs {@code action} with the gradient chatter dropped from {@code System.out}. */
    static void quietly(Runnable action) {
        PrintStream out = System.out;
        System.setOut(new LineFilter(out, GRADIENT_CHATTER));
        try {
            action.run();
        } finally {
            System.setOut(out);
        }
    }

    /** Passes every line through to {@code target} except those starting with {@code dropped}. */
    private static final class LineFilter extends PrintStream {
        private final PrintStream target;
        private final String dropped;

        LineFilter(PrintStream target, String dropped) {
            super(target, true);
            this.target = target;
            this.dropped = dropped;
        }

        @Override
        public void println(String line) {
            if (line == null || !line.startsWith(dropped)) {
                target.println(line);
            }
        }
    }
}
