package io.vrrpd.daemon.migrate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * keepalived.conf files that include each other so as to be read without end: fan-out that
 * stays within the depth limit, and one file reached by several paths. The importer reads each
 * file once, and caps what it reads in all, whatever the depth. (The bound on the test is a
 * guard against the hang it proves absent, not a timing to meet.)
 */
class IncludeBombTest {
    private static final Duration HANG = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void fileThatIncludeTheNextTenTimesOverAreEachReadOnce() throws Exception {
        // level i includes level i+1 ten times: 10^12 reads if each include is read again
        int levels = 12;
        for (int i = 0; i < levels; i++) {
            StringBuilder text = new StringBuilder("! level " + i + "\n");
            if (i + 1 < levels) {
                for (int k = 0; k < 10; k++) {
                    text.append("include level").append(i + 1).append(".conf\n");
                }
            } else {
                text.append("vrrp_instance VI_1 {\n    interface eth0\n    virtual_router_id 51\n}\n");
            }
            Files.writeString(dir.resolve("level" + i + ".conf"), text);
        }
        KeepalivedParser.Parsed parsed = assertTimeoutPreemptively(HANG, () -> KeepalivedParser.parse(dir.resolve("level0.conf")));
        assertEquals(1, parsed.statements().stream().filter(s -> s.keyword().equals("vrrp_instance")).count(),
                "the instance is read once, not once per path to it");
        long again = parsed.reported().stream().filter(r -> r.message().contains("already included")).count();
        assertEquals((levels - 1) * 9, again, parsed.reported().toString());
    }

    @Test
    void oneFileReachedByTwoPathsIsIncludedOnce() throws Exception {
        Files.createDirectories(dir.resolve("conf.d"));
        Files.writeString(dir.resolve("conf.d/vi.conf"), "vrrp_instance VI_1 {\n    virtual_router_id 51\n}\n");
        Files.createSymbolicLink(dir.resolve("alias.conf"), dir.resolve("conf.d/vi.conf"));
        Files.writeString(dir.resolve("keepalived.conf"), "include conf.d/vi.conf\ninclude conf.d/../conf.d/vi.conf\n"
                + "include alias.conf\n");
        KeepalivedParser.Parsed parsed = KeepalivedParser.parse(dir.resolve("keepalived.conf"));
        assertEquals(1, parsed.statements().size(), parsed.statements().toString());
        assertEquals(2, parsed.reported().stream().filter(r -> r.message().contains("already included")).count(),
                parsed.reported().toString());
    }

    @Test
    void tooManyDistinctFilesAreRefusedNamingTheCap() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            Files.writeString(dir.resolve("part" + i + ".conf"), "! part " + i + "\n");
            lines.add("include part" + i + ".conf");
        }
        Files.write(dir.resolve("keepalived.conf"), lines);
        KeepalivedSyntaxException e = assertThrows(KeepalivedSyntaxException.class,
                () -> KeepalivedParser.parse(dir.resolve("keepalived.conf")));
        assertTrue(e.getMessage().contains("more than 256 files"), e.getMessage());
    }
}
