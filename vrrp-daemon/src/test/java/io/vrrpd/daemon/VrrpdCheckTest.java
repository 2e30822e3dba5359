package io.vrrpd.daemon;

import io.vrrpd.daemon.vrrpctl.Vrrpctl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vrrpd --check --config FILE}: exit 0, or 2 with one line per problem, against this host's
 * interfaces; with {@code --offline}, a config written for a router, checked on a machine that has
 * none of its interfaces, programs or plugins.
 */
class VrrpdCheckTest {
    /** Interfaces and a program no build host has; everything else valid. */
    private static final String ROUTER_CONFIG = """
            instances:
              gw4:
                family: ipv4
                interface: zz-lan9
                vrid: 51
                virtual-addresses: [192.0.2.1/24]
                track-interfaces: [zz-up9]
              gw6:
                family: ipv6
                interface: {mac: "02:00:5e:10:99:99"}
                vrid: 51
                virtual-addresses: [fe80::1/64]
            sync-groups:
              gw: {members: [gw4, gw6]}
            hooks:
              - {type: default-gateway, instances: [gw4], gateway: 198.51.100.1, interface: zz-up9}
              - {type: exec, sync-groups: [gw], command: [/opt/zz-not-installed/notify]}
              - {type: log-line, instances: [gw4], file: /var/log/vrrp.log}
            """;

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run vrrpd(String... args) {
        return capture(() -> Vrrpd.run(args));
    }

    /** Runs {@code command} with stdout and stderr captured. */
    static Run capture(IntSupplier command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(command.getAsInt(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void aValidConfigExitsZero() throws Exception {
        Path f = Files.writeString(dir.resolve("ok.yaml"), """
                instances:
                  gw4: {family: ipv4, interface: lo, vrid: 51, virtual-addresses: [192.0.2.1/24]}
                """);
        Run r = vrrpd("--check", "--config", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1 instance"), r.out());
    }

    @Test
    void everyProblemIsListedAndTheExitCodeIsTwo() throws Exception {
        Path f = Files.writeString(dir.resolve("bad.yaml"), """
                instances:
                  gw4: {family: ipv4, interface: no-such-if0, vrid: 300, virtual-addresses: [192.0.2.1/24]}
                hooks:
                  - {type: default-gateway, instances: [gw], gateway: 198.51.100.1, interface: lo}
                """);
        Run r = vrrpd("--check", "--config", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("instances.gw4.vrid"), r.err());
        assertTrue(r.err().contains("no-such-if0") && r.err().contains("lo"), "names the interfaces that exist: " + r.err());
        assertTrue(r.err().contains("hooks[0].instances[0]") && r.err().contains("gw4"), "names the closest instance: " + r.err());
    }

    @Test
    void aBrokenPluginIsRefusedAtCheckNamingTheJar() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path jar = plugins.resolve("broken-hook.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("README.txt"));
            out.write("no provider here".getBytes(StandardCharsets.UTF_8));
        }
        Path f = Files.writeString(dir.resolve("ok.yaml"), """
                instances:
                  gw4: {family: ipv4, interface: lo, vrid: 51, virtual-addresses: [192.0.2.1/24]}
                """);
        Run r = vrrpd("--check", "--config", f.toString(), "--plugins", plugins.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("broken-hook.jar") && r.err().contains("declares no hook provider"), r.err());
        assertEquals(0, vrrpd("--check", "--config", f.toString(), "--plugins", dir.resolve("absent").toString()).code(),
                "an absent plugin directory means no plugins");
    }

    @Test
    void aMissingConfigOptionIsAUsageErrorWithExitTwo() {
        Run r = vrrpd("--check");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--config"), r.err());
    }

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("router.yaml"), yaml);
    }

    @Test
    void aRouterConfigPassesOfflineAndSaysWhatItDidNotCheck() throws Exception {
        Path f = file(ROUTER_CONFIG);
        Run r = vrrpd("--check", "--offline", "--config", f.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().contains(f + ": 2 instances, 1 sync group, 2 hooks OK (offline)"), r.out());
        assertTrue(r.out().contains("skipped offline, interfaces present: instances.gw4.interface (zz-lan9), "
                + "instances.gw4.track-interfaces[0] (zz-up9), instances.gw6.interface (mac 02:00:5e:10:99:99), "
                + "hooks[0].interface (zz-up9)"), r.out());
        assertTrue(r.out().contains("skipped offline, exec programs exist and are executable: "
                + "hooks[1].command[0] (/opt/zz-not-installed/notify)"), r.out());
        assertTrue(r.out().contains("skipped offline, hook types of the plugin directory (give --plugins DIR to check them): "
                + "hooks[2].type (log-line)"), r.out());
    }

    @Test
    void theSameConfigFailsOnThisHostNamingEachFact() throws Exception {
        Path f = file(ROUTER_CONFIG);
        Run r = vrrpd("--check", "--config", f.toString(), "--plugins", dir.resolve("none").toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("instances.gw4.interface: interface \"zz-lan9\" does not exist (expected: one of the"
                + " interfaces present: lo"), r.err());
        assertTrue(r.err().contains("instances.gw4.track-interfaces[0]: interface \"zz-up9\" does not exist"), r.err());
        assertTrue(r.err().contains("instances.gw6.interface: no interface has MAC 02:00:5e:10:99:99"), r.err());
        assertTrue(r.err().contains("hooks[2].type: unknown hook type \"log-line\""), r.err());
        assertFalse(r.out().contains("skipped"), "nothing is skipped on the router: " + r.out());
    }

    @Test
    void onTheHostAHookIsCheckedForItsUplinkAndItsProgram() throws Exception {
        Path f = file("""
                instances:
                  gw4: {family: ipv4, interface: lo, vrid: 51, virtual-addresses: [192.0.2.1/24]}
                hooks:
                  - {type: default-gateway, instances: [gw4], gateway: 198.51.100.1, interface: zz-up9}
                  - {type: exec, instances: [gw4], command: [/opt/zz-not-installed/notify]}
                """);
        Run online = vrrpd("--check", "--config", f.toString());
        assertEquals(2, online.code());
        assertTrue(online.err().contains("hooks[0].interface: interface \"zz-up9\" does not exist"), online.err());
        assertTrue(online.err().contains("hooks[1].command[0]: /opt/zz-not-installed/notify does not exist"), online.err());
        assertEquals(0, vrrpd("--check", "--offline", "--config", f.toString()).code());
    }

    @Test
    void aRealErrorFailsOfflineToo() throws Exception {
        Path f = file(ROUTER_CONFIG.replace("vrid: 51\n    virtual-addresses: [fe80::1/64]", "vrid: 300\n    virtual-addresses: [fe80::1/64]")
                .replace("gateway: 198.51.100.1", "gateway: 2001:db8::1")
                .replace("type: log-line", "type: defualt-gateway"));
        Run r = vrrpd("--check", "--offline", "--config", f.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("instances.gw6.vrid: 300 is out of range"), r.err());
        assertTrue(r.err().contains("hooks[0].gateway: gateway 2001:db8::1 is ipv6 but instance gw4 is ipv4"), r.err());
        assertTrue(r.err().contains("hooks[2].type: unknown hook type \"defualt-gateway\"; did you mean default-gateway?"),
                "a near miss of a known type is a typo, not a plugin: " + r.err());
        assertTrue(r.err().contains("not loaded (offline)"), r.err());
        assertTrue(r.out().contains("skipped offline, interfaces present:"), "still says what it skipped: " + r.out());
    }

    @Test
    void anInterfaceNameLinuxCannotHaveFailsOfflineToo() throws Exception {
        Path f = file(ROUTER_CONFIG.replaceFirst("zz-lan9", "a-much-too-long-name0"));
        Run r = vrrpd("--check", "--offline", "--config", f.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("\"a-much-too-long-name0\" cannot be an interface name: it is 21 bytes long "
                + "(expected: 1-15 bytes, no '/', ':' or whitespace, not '.' or '..')"), r.err());
    }

    @Test
    void vrrpctlValidateOfflineIsTheSameCheck() throws Exception {
        Path f = file(ROUTER_CONFIG);
        Run offline = capture(() -> Vrrpctl.run("validate", "--offline", f.toString()));
        assertEquals(0, offline.code(), offline.err());
        assertTrue(offline.out().contains("OK (offline)") && offline.out().contains("hooks[1].command[0]"), offline.out());
        Run online = capture(() -> Vrrpctl.run("validate", f.toString()));
        assertEquals(2, online.code());
        assertTrue(online.err().contains("interface \"zz-lan9\" does not exist"), online.err());
    }

    @Test
    void offlineWithoutCheckIsAUsageError() throws Exception {
        Path f = file(ROUTER_CONFIG);
        Run r = vrrpd("--offline", "--config", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--offline applies to --check only"), r.err());
    }
}
