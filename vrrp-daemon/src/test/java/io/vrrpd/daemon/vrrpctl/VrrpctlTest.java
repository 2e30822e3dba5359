package io.vrrpd.daemon.vrrpctl;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VrrpctlTest {
    private static String stdout(Runnable r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void generatesABashCompletionScriptThatKnowsTheSubcommands() {
        String script = stdout(() -> assertEquals(0, Vrrpctl.run("generate-completion")));
        assertTrue(script.contains("complete -F"), script.substring(0, Math.min(200, script.length())));
        for (String sub : new String[] {"status", "watch", "drain", "undrain", "validate", "diff", "import-keepalived"}) {
            assertTrue(script.contains(sub), "completion lacks " + sub);
        }
    }

    @Test
    void helpListsTheExitCodes() {
        String help = stdout(() -> assertEquals(0, Vrrpctl.run("--help")));
        assertTrue(help.contains("Exit codes:") && help.contains("vrrpd is not running"), help);
    }
}
