package io.vrrpd.daemon.migrate;

import static io.vrrpd.daemon.migrate.KeepalivedFixtures.load;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.daemon.vrrpctl.Vrrpctl;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vrrpctl import-keepalived}: exit codes, stderr report, -o. */
class ImportKeepalivedCommandTest {

    record Run(int status, String out, String err) {}

    private static Run vrrpctl(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Vrrpctl.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void everythingConvertedExitsZeroAndPrintsYaml() throws Exception {
        Run r = vrrpctl("import-keepalived", resource("sync-group.conf").toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.err().contains("2 instances, 1 sync group, 0 hooks; everything converted"), r.err());
        assertEquals(2, load(r.out()).instances().size());
    }

    @Test
    void reportedItemsExitOneAndGoToStderrAndTheFile(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("vrrpd.yaml");
        Run r = vrrpctl("import-keepalived", resource("bytemark.conf").toString(), "-o", out.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(6, lines.size(), r.err());
        assertTrue(lines.get(4).startsWith("bytemark.conf:18: notify /etc/keepalived/default-routes.sh: "),
                lines.get(4));
        assertTrue(lines.get(5).contains("5 items not converted"), lines.get(5));
        String yaml = Files.readString(out);
        assertTrue(yaml.contains("#   bytemark.conf:18: notify /etc/keepalived/default-routes.sh: "), yaml);
        assertEquals(1, load(yaml).instances().size(), "keepalived runs one router of GW: IPv4");
    }

    @Test
    void syntaxErrorExitsTwoWithFileAndLine(@TempDir Path dir) {
        Path out = dir.resolve("vrrpd.yaml");
        Run r = vrrpctl("import-keepalived", resource("syntax/extra-brace.conf").toString(), "-o", out.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("extra-brace.conf:4: } closes no block"), r.err());
        assertTrue(Files.notExists(out), "no output is written for an unparseable input");
    }

    @Test
    void unreadableFileExitsTwo() {
        Run r = vrrpctl("import-keepalived", "/nonexistent/keepalived.conf");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("cannot read"), r.err());
    }
}
