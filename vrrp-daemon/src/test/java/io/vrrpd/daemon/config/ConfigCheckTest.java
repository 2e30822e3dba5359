package io.vrrpd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigCheckTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private boolean check(Path file) {
        return ConfigCheck.run(file, Configs.LAB, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String text(ByteArrayOutputStream s) {
        return s.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validFilePrintsOneSummaryLineAndIsValid() throws IOException {
        Path f = Files.writeString(dir.resolve("gw.yaml"), Configs.base("""
                hooks:
                  - type: exec
                    sync-groups: [gw]
                    command: [/bin/true]
                """));
        assertTrue(check(f));
        assertEquals(f + ": 2 instances, 1 sync group, 1 hook OK\n", text(out));
        assertEquals("", text(err));
    }

    @Test
    void invalidFilePrintsOneLinePerProblemAndIsInvalid() throws IOException {
        Path f = Files.writeString(dir.resolve("gw.yaml"), """
                instances:
                  gw4:
                    family: ipv4
                    interface: lan0
                    vrid: 300
                    virtual-addresses: [192.0.2.1/24]
                    prio: 10
                """);
        assertFalse(check(f));
        assertEquals("", text(out));
        String[] lines = text(err).split("\n");
        assertEquals(3, lines.length, text(err));
        assertEquals(f + ":5:11: instances.gw4.vrid: 300 is out of range (expected: 1-255)", lines[0]);
        assertTrue(lines[1].startsWith(f + ":7:5: instances.gw4.prio: unknown field \"prio\"; did you mean priority?"),
                lines[1]);
        assertEquals(f + ": 2 problems, not loaded", lines[2]);
    }

    @Test
    void unreadableFileIsAProblemNotACrash() {
        assertFalse(check(dir.resolve("missing.yaml")));
        assertTrue(text(err).startsWith(dir.resolve("missing.yaml") + ": cannot read the file"), text(err));
    }
}
