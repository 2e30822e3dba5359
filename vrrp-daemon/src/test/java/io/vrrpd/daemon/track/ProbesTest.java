package io.vrrpd.daemon.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbesTest {
    @TempDir
    Path dir;

    @Test
    void aFileHoldsAnIntegerOrFails() throws Exception {
        Path f = dir.resolve("prio");
        assertEquals("" + f + " does not exist", Probes.file(f).detail());
        Files.writeString(f, " -7\n");
        TrackerReading r = Probes.file(f);
        assertTrue(r.succeeding());
        assertEquals(-7, r.value());
        Files.writeString(f, "high");
        assertFalse(Probes.file(f).succeeding());
        assertTrue(Probes.file(f).detail().contains("holds no integer (\"high\")"));
    }

    private void process(int pid, String comm, String... argv) throws Exception {
        Path p = Files.createDirectories(dir.resolve(Integer.toString(pid)));
        Files.writeString(p.resolve("comm"), comm + "\n");
        Files.write(p.resolve("cmdline"), (String.join("\0", argv) + "\0").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aProcessIsFoundByCommOrForLongNamesByItsFirstArgument() throws Exception {
        process(10, "haproxy", "/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg");
        process(11, "haproxy", "/usr/sbin/haproxy");
        process(12, "very-long-daemo", "/opt/bin/very-long-daemon-name");
        Files.createDirectories(dir.resolve("self"));
        assertEquals("2 processes", Probes.process(dir, "haproxy").detail());
        assertTrue(Probes.process(dir, "very-long-daemon-name").succeeding());
        assertEquals("no process nginx", Probes.process(dir, "nginx").detail());
        assertFalse(Probes.process(dir, "haprox").succeeding(), "the whole name, not a prefix");
    }

    @Test
    void theRealProcTableHasThisJvm() {
        assertTrue(Probes.process(Path.of("/proc"), "java").succeeding());
    }
}
