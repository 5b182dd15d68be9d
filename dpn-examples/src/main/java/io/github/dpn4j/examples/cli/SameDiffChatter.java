package io.github.dpn4j.examples.cli;

import java.io.PrintStream;

/**
 * Standard output without SameDiff's chatter: SameDiff 1.0.0-M2.1 prints {@code "Added differentiated op ..."}
 * with {@code System.out.println} for every op when it first builds a gradient function (no logger to turn down).
 * Other output passes unchanged.
 */
final class SameDiffChatter extends PrintStream {

    /** Start of the lines dropped: {@value}. */
    static final String PREFIX = "Added differentiated op ";

    private SameDiffChatter(PrintStream out) {
        super(out, true);
    }

    /** Replaces {@code System.out} by a filtering stream (once; later calls do nothing). */
    static void silence() {
        if (!(System.out instanceof SameDiffChatter)) {
            System.setOut(new SameDiffChatter(System.out));
        }
    }

    @Override
    public void println(String line) {
        if (line == null || !line.startsWith(PREFIX)) {
            super.println(line);
        }
    }
}
