package io.vrrpd.tests.commands;

import io.vrrpd.daemon.net.Libpcap;
import io.vrrpd.hooks.kernel.NamespaceLab;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A command of the repository's {@code bin/} run as a user runs it, after the package phase built
 * its jars: its exit code and everything it printed. Skips, naming what is missing, when the
 * lab cannot run here (the command itself would say so and exit 2).
 */
record RepoCommand(int exit, String output) {
    private static final Pattern NAMESPACES = Pattern.compile("lab: namespaces (\\S+)\\*");

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("bin/vrrp-rehearse")) ? here : here.getParent();
    }

    /** Skips unless root, libpcap, ping and (with {@code keepalived}) keepalived are here, and the jars are built. */
    static void assumeLab(boolean keepalived) {
        Assumptions.assumeTrue(NamespaceLab.isRoot(), "the lab needs root (run as root, as CI does)");
        Assumptions.assumeTrue(Libpcap.isAvailable(), "the lab runs vrrpd, which needs libpcap (" + Libpcap.FIX + ")");
        Assumptions.assumeTrue(NamespaceLab.hasTool("ip"), "the lab needs ip (apt-get install iproute2)");
        if (keepalived) {
            Assumptions.assumeTrue(NamespaceLab.hasTool("keepalived"), "the lab needs keepalived (apt-get install keepalived)");
        }
        for (String jar : List.of("vrrp-daemon/target/vrrpd.jar", "tests/target/vrrp-rehearse.jar")) {
            Assumptions.assumeTrue(Files.exists(root().resolve(jar)), jar + " is built by the package phase: run mvn -B verify");
        }
    }

    /** Runs {@code bin/COMMAND ARGS} from the repository root; fails when it takes longer than {@code bound}. */
    static RepoCommand run(Duration bound, String command, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(root().resolve("bin/" + command).toString()));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).directory(root().toFile()).redirectErrorStream(true).start();
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // the process went away
            }
        });
        reader.start();
        boolean done = p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        if (!done) {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5000);
        System.out.println(out);
        assertTrue(done, command + " did not finish within " + bound + ":\n" + out);
        return new RepoCommand(p.exitValue(), out.toString());
    }

    /** The run's namespaces, which the output names, are all gone. */
    void leftNoNamespaces() {
        Matcher m = NAMESPACES.matcher(output);
        assertTrue(m.find(), "the output names no lab namespaces:\n" + output);
        String prefix = m.group(1);
        List<String> left = Arrays.stream(NamespaceLab.run("ip", "netns", "list").split("\n")).map(l -> l.split(" ")[0])
                .filter(ns -> ns.startsWith(prefix)).toList();
        assertEquals(List.of(), left, "namespaces left behind");
    }
}
