package io.github.dpn4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./dpn} with no command: the error names every command there is, taken from picocli's model. */
class DpnWithoutCommandTest {

    @Test
    void noCommand_isAnInvalidCommandLine_listingEverySubcommand() {
        DpnTest.Output r = DpnTest.dpn(List.of());
        assertEquals(2, r.exitCode(), r.err());
        String firstLine = r.err().lines().findFirst().orElse("");
        for (String command : Dpn.newCommandLine().getSubcommands().keySet()) {
            if (!command.equals("help")) {
                assertTrue(firstLine.contains(command), command + " missing from: " + firstLine);
            }
        }
    }
}
