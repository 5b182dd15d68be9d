package io.github.dpn4j.examples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A part of a markdown file between two marker lines (HTML comments, invisible once rendered) that a tool rewrites
 * on every run, while the rest of the file stays as people wrote it: {@code dpn analyze} in a run's
 * {@code report.md}, the benchmark tools in {@code RESULTS.md}.
 *
 * <p>Writing a section replaces the text between its markers in place; a file without the markers gets the
 * section appended after a blank line.
 */
public final class MarkedSection {

    private final String begin;
    private final String end;

    /**
     * @param begin the line that opens the section, e.g. {@code <!-- dpn analyze: begin -->}
     * @param end   the line that closes it, different from {@code begin}
     */
    public MarkedSection(String begin, String end) {
        if (begin == null || begin.isBlank() || end == null || end.isBlank() || begin.equals(end)) {
            throw new IllegalArgumentException("section markers must be two different non-blank lines, got '"
                    + begin + "' and '" + end + "'");
        }
        this.begin = begin;
        this.end = end;
    }

    /**
     * @param id letters, digits and '-'
     * @return the section delimited by {@code <!-- section:ID -->} and {@code <!-- /section:ID -->}
     */
    public static MarkedSection withId(String id) {
        if (id == null || !id.matches("[A-Za-z0-9-]+")) {
            throw new IllegalArgumentException("section id must be letters, digits and '-', got '" + id + "'");
        }
        return new MarkedSection("<!-- section:" + id + " -->", "<!-- /section:" + id + " -->");
    }

    /** @return the opening marker */
    public String begin() {
        return begin;
    }

    /** @return the closing marker */
    public String end() {
        return end;
    }

    /**
     * @param body the section's text, without markers
     * @return the markers around the body, one per line, ending with the closing marker (no newline after it)
     */
    public String block(String body) {
        return begin + "\n" + body.strip() + "\n" + end;
    }

    /**
     * @param text the file's text
     * @param body the section's new text, without markers
     * @return {@code text} with the section replaced in place, or appended after a blank line if absent
     */
    public String replaceIn(String text, String body) {
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf(end, from + begin.length());
        if (to > from) {
            return text.substring(0, from) + block(body) + text.substring(to + end.length());
        }
        String head = text.stripTrailing();
        return (head.isEmpty() ? "" : head + "\n\n") + block(body) + "\n";
    }

    /**
     * Writes the section into a file atomically ({@link RunDirectory#writeAtomically(Path, String)}).
     *
     * @param file        the markdown file; it and its parent directories are created if missing
     * @param body        the section's text, without markers
     * @param initialText the text a missing file starts with (e.g. its title), may be empty
     * @throws IOException on read or write errors
     */
    public void writeInto(Path file, String body, String initialText) throws IOException {
        String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : initialText;
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        RunDirectory.writeAtomically(file, replaceIn(text, body));
    }
}
