package io.github.dpn4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MarkdownTable} and {@link MarkedSection}, the markdown the examples and the benchmarks write. */
class MarkdownTest {

    @TempDir
    Path dir;

    @Test
    void table_padsCells_labelsLeftNumbersRight() {
        String md = new MarkdownTable(List.of("name", "value")).row("a", "1.5").row("longer", "10").render();
        assertEquals("""
                | name   | value |
                | ------ | ----: |
                | a      |   1.5 |
                | longer |    10 |
                """, md);
    }

    @Test
    void table_columnAlignmentsAndEscapedPipes() {
        String md = new MarkdownTable(List.of("x", "y"), List.of(MarkdownTable.Align.RIGHT, MarkdownTable.Align.LEFT))
                .row("1", "a|b").render();
        assertEquals("""
                |   x | y    |
                | --: | ---- |
                |   1 | a\\|b |
                """, md);
    }

    @Test
    void table_rowOfTheWrongWidth_isRejectedNamingBothCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MarkdownTable(List.of("a", "b")).row("1"));
        assertTrue(e.getMessage().startsWith("row must have 2 cells, got 1"), e.getMessage());
    }

    @Test
    void section_replacedInPlace_otherTextKept() {
        MarkedSection s = MarkedSection.withId("quick");
        String text = s.replaceIn("# Title\n\nintro\n", "first");
        text = s.replaceIn(text + "\nafter\n", "second");
        assertEquals("# Title\n\nintro\n\n<!-- section:quick -->\nsecond\n<!-- /section:quick -->\n\nafter\n", text);
    }

    @Test
    void section_writtenIntoAFile_createdWithItsInitialText() throws IOException {
        Path file = dir.resolve("sub/R.md");
        MarkedSection a = new MarkedSection("<!-- a -->", "<!-- /a -->");
        a.writeInto(file, "one", "# R\n");
        MarkedSection.withId("b").writeInto(file, "two", "unused");
        a.writeInto(file, "three", "unused");
        assertEquals("# R\n\n<!-- a -->\nthree\n<!-- /a -->\n\n<!-- section:b -->\ntwo\n<!-- /section:b -->\n",
                Files.readString(file));
    }

    @Test
    void section_oddIdOrMarkers_areRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MarkedSection.withId("a b"));
        assertTrue(e.getMessage().contains("'a b'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MarkedSection("<!-- x -->", "<!-- x -->"));
    }
}
