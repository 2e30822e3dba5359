package io.vrrpd.daemon.host;

import io.vrrpd.daemon.ExitCode;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a root vrrpd takes JNA's native code from, when another local user got there first:
 * user nobody makes the directory, mode 0777, before root starts the real {@code bin/vrrpd}.
 * Root must never map code from it: by default it does not use {@code /tmp} at all, and a
 * directory it is told to use but that another user could write is refused, with one line.
 */
class NativeDirectoryLabTest {
    private Path dir;
    private LabRouter router;
    private String ns;
    private Process daemon;

    @BeforeEach
    void setUp() throws IOException {
        Lab.assumeAvailable();
        Lab.assumeTool("setpriv", "util-linux");
        Lab.assumeTool("unshare", "util-linux");
        // not under /tmp: one test gives the daemon a /tmp of its own
        dir = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "jna-lab");
        router = LabRouter.create("nd");
        ns = router.ns();
        router.writeConfig(dir.resolve("vrrpd.yaml"), 1);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (router != null) {
            router.close();
        }
        LabRouter.deleteTree(dir);
    }

    @Test
    void byDefaultRootMapsNothingFromTheTmpDirectoryNobodyMadeFirst() throws Exception {
        // a /tmp of the daemon's own, where nobody has made /tmp/vrrpd-jna world-writable
        org.junit.jupiter.api.Assumptions.assumeFalse(Path.of("").toAbsolutePath().startsWith("/tmp"),
                "the checkout lies under /tmp, which this test hides from the daemon: clone it elsewhere to run it");
        String prepare = "mount -t tmpfs tmpfs /tmp"
                + " && setpriv --reuid=nobody --regid=nogroup --clear-groups sh -c 'mkdir /tmp/vrrpd-jna && chmod 0777 /tmp/vrrpd-jna'"
                + " && exec \"$@\"";
        List<String> wrapper = new ArrayList<>(List.of("unshare", "--mount", "sh", "-c", prepare, "sh", "ip", "netns", "exec", ns));
        ProcessBuilder pb = daemon(wrapper);
        pb.environment().remove("VRRPD_NATIVE_DIR");
        daemon = pb.redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> !daemon.isAlive() || log().contains("vrrpd running"));
        assertTrue(daemon.isAlive(), this::log);

        List<String> maps = Files.readAllLines(Path.of("/proc", Long.toString(daemon.pid()), "maps"));
        System.out.println("JNA's stub: " + maps.stream().filter(l -> l.contains("jnidispatch") || l.matches(".*/jna-?\\d+\\.tmp.*")).findFirst().orElse("?"));
        assertTrue(maps.stream().anyMatch(l -> l.contains("jnidispatch") || l.matches(".*/jna-?\\d+\\.tmp.*")),
                "JNA's stub is not mapped at all, so this proves nothing: " + maps);
        // executable mappings only: the JVM's own hsperfdata file in /tmp is data
        List<String> codeFromTmp = maps.stream().filter(l -> l.split("\\s+")[1].contains("x") && l.contains(" /tmp/")).toList();
        assertEquals(List.of(), codeFromTmp, "code mapped from /tmp");
        Path nobodys = Path.of("/proc", Long.toString(daemon.pid()), "root", "tmp", "vrrpd-jna");
        try (Stream<Path> files = Files.list(nobodys)) {
            assertEquals(List.of(), files.toList(), "vrrpd unpacked into the directory nobody made");
        }
        daemon.destroy();
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), this::log);
        assertEquals(ExitCode.OK.code(), daemon.exitValue(), this::log);
    }

    @Test
    void aDirectoryNobodyMadeWorldWritableIsRefusedWithOneLine() throws Exception {
        Path jna = Path.of("/tmp", "vrrpd-jna-" + dir.getFileName());
        Lab.run("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "mkdir", "-m", "0777", jna.toString());
        try {
            ProcessBuilder pb = daemon(List.of("ip", "netns", "exec", ns));
            pb.environment().put("VRRPD_NATIVE_DIR", jna.toString());
            Launcher.Exit exit = Launcher.run(pb, Duration.ofSeconds(30));
            System.out.println("exit " + exit.code() + ": " + exit.stderr().strip());

            assertEquals(ExitCode.PRIVILEGES.code(), exit.code(), exit::toString);
            assertEquals(1, exit.errorLines().size(), exit::toString);
            String line = exit.errorLines().get(0);
            assertTrue(line.startsWith("vrrpd: ") && line.contains(jna.toString()), line);
            assertTrue(line.contains("nobody"), line);
            assertTrue(line.contains("VRRPD_NATIVE_DIR"), line);
            try (Stream<Path> files = Files.list(jna)) {
                assertEquals(List.of(), files.toList(), "vrrpd unpacked into the directory nobody made");
            }
        } finally {
            Lab.run("rm", "-rf", jna.toString());
        }
    }

    private ProcessBuilder daemon(List<String> wrapper) {
        return Launcher.command(wrapper, Launcher.classpath(), "--config", dir.resolve("vrrpd.yaml").toString(),
                "--socket", dir.resolve("vrrpd.sock").toString()).directory(dir.toFile());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
