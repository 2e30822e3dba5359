package io.vrrpd.daemon.host;

import io.vrrpd.daemon.ExitCode;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator sees when the host lacks something native vrrpd needs: the real
 * {@code bin/vrrpd}, in a lab namespace, with that one thing taken away. Each run must end at
 * once with exit 3 and one line on standard error that names the cause and the fix, before the
 * control socket exists.
 */
class HostRequirementsLabTest {
    private Path dir;
    private LabRouter router;
    private String ns;

    @BeforeEach
    void setUp() throws IOException {
        Lab.assumeAvailable();
        dir = Files.createTempDirectory("vrrpd-host");
        router = LabRouter.create("hr");
        ns = router.ns();
        router.writeConfig(dir.resolve("vrrpd.yaml"), 1);
    }

    @AfterEach
    void tearDown() throws IOException {
        if (router != null) {
            router.close();
        }
        LabRouter.deleteTree(dir);
    }

    @Test
    void withoutLibpcapItExitsAtOnceWithOneLineNamingThePackage() throws Exception {
        Lab.assumeTool("unshare", "util-linux");
        List<Path> libpcap = libpcapFiles();
        Assumptions.assumeFalse(libpcap.isEmpty(), "libpcap is not installed here, so there is nothing to hide");
        // a mount namespace of its own: the library reads as an empty file there, and only there
        StringBuilder hide = new StringBuilder();
        for (Path p : libpcap) {
            hide.append("mount --bind /dev/null '").append(p).append("' && ");
        }
        Launcher.Exit exit = run(List.of("unshare", "--mount", "sh", "-c", hide + "exec \"$@\"", "sh"));

        assertFailedWithOneLine(exit, "libpcap", "apt-get install libpcap0.8");
    }

    @Test
    void withPacketSocketsForbiddenItExitsNamingTheSandboxSetting() throws Exception {
        Assumptions.assumeTrue(SocketFamilyBan.supported(), "the seccomp filter knows x86-64 and aarch64 only");
        Launcher.Exit exit = run(List.of(), List.of(), pb -> SocketFamilyBan.start(pb, SocketFamilyBan.AF_PACKET));

        assertFailedWithOneLine(exit, "raw packet sockets", "AF_PACKET", "RestrictAddressFamilies=");
    }

    @Test
    void withNetlinkForbiddenItExitsNamingTheSandboxSetting() throws Exception {
        Assumptions.assumeTrue(SocketFamilyBan.supported(), "the seccomp filter knows x86-64 and aarch64 only");
        // `ip netns exec` itself needs netlink; nsenter enters the lab's network without it
        Launcher.Exit exit = Launcher.run(daemon(List.of("nsenter", "--net=/run/netns/" + ns)), Duration.ofSeconds(30),
                pb -> SocketFamilyBan.start(pb, SocketFamilyBan.AF_NETLINK));

        assertFailedWithOneLine(exit, "rtnetlink", "AF_NETLINK", "RestrictAddressFamilies=");
    }

    @Test
    void inAUserNamespaceThatDoesNotOwnTheNetworkItExitsNamingTheNamespace() throws Exception {
        Lab.assumeTool("unshare", "util-linux");
        // root of its own user namespace: every capability in CapEff, none over the lab's network
        Launcher.Exit exit = run(List.of(), List.of("unshare", "--user", "--map-root-user"), ProcessBuilder::start);

        assertFailedWithOneLine(exit, "raw packet sockets", "user namespace");
    }

    @Test
    void aFileAtTheSocketPathStopsItBeforeAnythingStartsAndIsKept() throws Exception {
        Files.writeString(dir.resolve("vrrpd.sock"), "precious");
        Launcher.Exit exit = run(List.of());
        System.out.println("exit " + exit.code() + ": " + exit.errorLines());
        assertEquals(ExitCode.FAILURE.code(), exit.code(), exit::toString);
        List<String> errors = exit.errorLines().stream().filter(l -> l.startsWith("vrrpd: ")).toList();
        assertEquals(1, errors.size(), exit::toString);
        assertTrue(errors.get(0).contains(dir.resolve("vrrpd.sock") + " is a regular file, not a socket"), errors.get(0));
        assertFalse(exit.stderr().contains("Instance:"), "instances were started: " + exit);
        assertEquals("precious", Files.readString(dir.resolve("vrrpd.sock")));
    }

    private void assertFailedWithOneLine(Launcher.Exit exit, String... parts) {
        assertEquals(ExitCode.PRIVILEGES.code(), exit.code(), exit::toString);
        assertEquals(1, exit.errorLines().size(), exit::toString);
        String line = exit.errorLines().get(0);
        System.out.println("exit " + exit.code() + ": " + line);
        assertTrue(line.startsWith("vrrpd: "), line);
        for (String part : parts) {
            assertTrue(line.contains(part), () -> "'" + part + "' missing from: " + line);
        }
        assertFalse(Files.exists(dir.resolve("vrrpd.sock")), "the control socket was served: " + exit);
    }

    private Launcher.Exit run(List<String> wrapper) throws Exception {
        return run(wrapper, List.of(), ProcessBuilder::start);
    }

    /**
     * Runs {@code outer... ip netns exec NS inner... bin/vrrpd} in the lab host; 30 s is far more
     * than failing fast needs.
     */
    private Launcher.Exit run(List<String> outer, List<String> inner, Launcher.Starter starter) throws Exception {
        List<String> cmd = new ArrayList<>(outer);
        cmd.addAll(List.of("ip", "netns", "exec", ns));
        cmd.addAll(inner);
        return Launcher.run(daemon(cmd), Duration.ofSeconds(30), starter);
    }

    private ProcessBuilder daemon(List<String> wrapper) {
        return Launcher.command(wrapper, Launcher.classpath(), "--config", dir.resolve("vrrpd.yaml").toString(),
                "--socket", dir.resolve("vrrpd.sock").toString()).directory(dir.toFile());
    }

    /** Every file the dynamic linker would load libpcap from, symlinks resolved. */
    private static List<Path> libpcapFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        for (String line : Lab.run("ldconfig", "-p").lines().toList()) {
            int arrow = line.indexOf("=>");
            if (line.contains("libpcap.so") && arrow > 0) {
                Path real = Path.of(line.substring(arrow + 2).trim()).toRealPath();
                if (!out.contains(real)) {
                    out.add(real);
                }
            }
        }
        return out;
    }
}
