package io.vrrpd.daemon;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code vrrpd --check --config FILE}: exit 0, or 2 with one line per problem, against this host's interfaces. */
class VrrpdCheckTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run vrrpd(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Run(Vrrpd.run(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
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
    void aBrokenPluginIsRefusedAtCheckNamingTheJarWhenTheConfigUsesIt() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path jar = plugins.resolve("broken-hook.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue(io.vrrpd.hooks.HookProviders.MANIFEST_TYPES, "broken-hook");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.putNextEntry(new java.util.jar.JarEntry("README.txt"));
            out.write("no provider here".getBytes(StandardCharsets.UTF_8));
        }
        Path uses = Files.writeString(dir.resolve("uses.yaml"), """
                instances:
                  gw4: {family: ipv4, interface: lo, vrid: 51, virtual-addresses: [192.0.2.1/24]}
                hooks:
                  - {type: broken-hook, instances: [gw4]}
                """);
        Run r = vrrpd("--check", "--config", uses.toString(), "--plugins", plugins.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("broken-hook.jar") && r.err().contains("declares no hook provider"), r.err());

        Path ok = Files.writeString(dir.resolve("ok.yaml"), """
                instances:
                  gw4: {family: ipv4, interface: lo, vrid: 51, virtual-addresses: [192.0.2.1/24]}
                """);
        assertEquals(0, vrrpd("--check", "--config", ok.toString(), "--plugins", plugins.toString()).code(),
                "a plugin the config does not use is not loaded, broken or not");
        assertEquals(0, vrrpd("--check", "--config", ok.toString(), "--plugins", dir.resolve("absent").toString()).code(),
                "an absent plugin directory means no plugins");
    }

    @Test
    void aMissingConfigOptionIsAUsageErrorWithExitTwo() {
        Run r = vrrpd("--check");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--config"), r.err());
    }
}
