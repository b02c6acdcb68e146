package dev.klpscope.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The window/command decision reads the command names from the annotations instead of building picocli's model. */
class CommandNamesTest {

    @Test
    void namesAreTheOnesPicocliRegisters() {
        var registered = new CommandLine(new Cli()).getSubcommands().keySet();
        assertTrue(registered.contains("check"), registered::toString);
        assertEquals(registered, Cli.commandNames());
    }
}
