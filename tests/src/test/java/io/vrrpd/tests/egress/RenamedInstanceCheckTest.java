package io.vrrpd.tests.egress;

import io.vrrpd.lab.VrrpdPeer;
import io.vrrpd.lab.LabFiles;
import io.vrrpd.hooks.kernel.NamespaceLab;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Bytemark rename at load time: the instance that held both families was split into gw4 and
 * gw6, and the default-route hook still names the old instance {@code gw}. {@code vrrpd --check}
 * must refuse it (exit 2) with one message that names the instances that do exist, while the
 * same config with the hook bound to gw4 passes. Runs the real launcher {@code bin/vrrpd} when
 * the shaded jar was built, otherwise the same main class from this JVM's class path; inside a
 * namespace that has eth0 and eth1, because {@code --check} also checks that interfaces exist.
 */
class RenamedInstanceCheckTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getFileName().toString().equals("tests")
            ? Path.of("..").toAbsolutePath().normalize() : Path.of("").toAbsolutePath();

    private static final String RENAMED = BladeConfigs.blade(150,
            BladeConfigs.gatewayHook("gw", "198.51.100.1", "203.0.113.1", "demote", 100, "10s", "10s"));
    private static final String FIXED = BladeConfigs.blade(150,
            BladeConfigs.gatewayHook("gw4", "198.51.100.1", "203.0.113.1", "demote", 100, "10s", "10s"));

    @Test
    void aHookNamingARenamedInstanceIsRefusedByCheckNamingTheInstancesThatExist() throws Exception {
        try (NamespaceLab lab = NamespaceLab.create("ck")) {
            String ns = lab.addHost("r", true);
            lab.veth(ns, "eth0", ns, "eth1");
            // the uplink's own address: the hook's gateway must be on-link there for the fixed config to pass
            lab.in(ns, "ip", "addr", "add", "198.51.100.2/24", "dev", "eth1");
            Path dir = LabFiles.newDir("check-");
            Path renamed = dir.resolve("renamed.yaml");
            Path fixed = dir.resolve("fixed.yaml");
            Files.writeString(renamed, RENAMED);
            Files.writeString(fixed, FIXED);

            Result bad = check(ns, renamed);
            System.out.println(bad.launcher + " --check (hook bound to the old name gw): exit " + bad.exit + "\n" + bad.output);
            assertEquals(2, bad.exit, bad.output);
            List<String> problems = bad.output.lines().filter(l -> l.startsWith(renamed.toString() + ":")
                    && !l.contains("problem")).toList();
            assertEquals(1, problems.size(), "expected exactly one problem: " + bad.output);
            String p = problems.get(0);
            assertTrue(p.contains("hooks[0].instances[0]"), "the message does not name the path in the file: " + p);
            assertTrue(p.contains("\"gw\""), "the message does not name the unknown instance: " + p);
            assertTrue(p.contains("gw4") && p.contains("gw6"), "the message does not name the existing instances: " + p);

            Result good = check(ns, fixed);
            assertEquals(0, good.exit, "the same config with the hook bound to gw4: " + good.output);
        }
    }

    private record Result(String launcher, int exit, String output) {
    }

    private static Result check(String ns, Path config) {
        Path launcher = ROOT.resolve("bin/vrrpd");
        boolean shaded = Files.isRegularFile(ROOT.resolve("vrrp-daemon/target/vrrpd.jar")) && Files.isExecutable(launcher);
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        if (shaded) {
            cmd.addAll(List.of(launcher.toString(), "--check", "--config", config.toString()));
        } else {
            cmd.addAll(VrrpdPeer.javaCommand("io.vrrpd.daemon.Vrrpd"));
            cmd.addAll(List.of("--check", "--config", config.toString()));
        }
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("vrrpd --check did not finish: " + out);
            }
            return new Result(shaded ? "bin/vrrpd" : "java -cp ... io.vrrpd.daemon.Vrrpd", p.exitValue(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
