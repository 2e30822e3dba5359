package io.vrrpd.daemon;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vrrpd --help} lists every exit code, from the one table that the daemon returns them from. */
class ExitCodeTest {
    @Test
    void theNumbersAreTheDocumentedOnes() {
        // docs/systemd.md and the unit's RestartPreventExitStatus= rely on these numbers
        assertEquals(List.of(0, 1, 2, 3), Arrays.stream(ExitCode.values()).map(ExitCode::code).toList());
    }

    @Test
    void helpListsEveryCodeWithItsMeaning() {
        StringWriter help = new StringWriter();
        var cl = Vrrpd.commandLine();
        cl.setOut(new PrintWriter(help, true));
        assertEquals(0, cl.execute("--help"));
        String text = help.toString();
        assertTrue(text.contains("Exit codes:"), text);
        for (ExitCode e : ExitCode.values()) {
            assertTrue(text.lines().anyMatch(l -> l.strip().startsWith(e.code() + " ") && l.contains(e.meaning())),
                    e + " missing from:\n" + text);
        }
    }
}
