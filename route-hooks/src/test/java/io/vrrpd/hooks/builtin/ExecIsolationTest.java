package io.vrrpd.hooks.builtin;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.Deadline;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.ReportedState;
import io.vrrpd.hooks.TransitionEvent;
import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an exec program gets from the daemon, checked on real processes: an environment of its
 * own, the documented user, no capabilities unless the config names them, a timeout that ends
 * everything it started, and results that never repeat its arguments.
 */
class ExecIsolationTest {
    private static final InstanceRef GW4 = new InstanceRef("gw4", AddressFamily.IPV4, 51, "lan0");

    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    private static Hook hook(ExecHookConfig config) {
        ExecHookProvider provider = new ExecHookProvider();
        assertEquals(List.of(), provider.validate(config, List.of(GW4)));
        return provider.create(config, HookContext.of(ExecHookTest.NO_KERNEL, List.of(GW4)));
    }

    private static ExecHookConfig exec(List<String> command, Duration timeout, String user, List<String> capabilities) {
        return new ExecHookConfig(List.of("gw4"), null, command, timeout, user, capabilities);
    }

    private static HookResult run(Hook hook) {
        return hook.onTransition(new TransitionEvent(GW4, ReportedState.BACKUP, ReportedState.ACTIVATING, List.of(),
                "test", Instant.now()), Deadline.after(hook.timeout()));
    }

    /** {@code KEY=VALUE} lines as a map. */
    private static Map<String, String> environment(Path file) throws IOException {
        Map<String, String> env = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }

    @Test
    void theProgramGetsTheDocumentedEnvironmentAndNothingOfTheDaemons() throws Exception {
        Path out = dir.resolve("env");
        Path prog = script("env", "exec /usr/bin/env > '" + out + "'");
        assertTrue(run(hook(exec(List.of(prog.toString()), null, null, null))).ok());
        Map<String, String> env = environment(out);
        env.keySet().removeAll(List.of("PWD", "SHLVL", "_", "OLDPWD")); // what sh adds itself
        assertEquals(Map.of("PATH", ExecHookConfig.PATH, "LANG", "C.UTF-8"), env,
                "the daemon's environment (" + System.getenv().keySet() + ") must not leak");
    }

    @Test
    void withoutCapabilitiesConfiguredTheProgramHasNone() throws Exception {
        Lab.assumeAvailable(); // root: every capability to lose
        Path out = dir.resolve("status");
        Path prog = script("caps", "grep -E '^Cap(Inh|Prm|Eff|Amb):' /proc/self/status > '" + out + "'");
        assertTrue(run(hook(exec(List.of(prog.toString()), null, null, null))).ok());
        for (String line : Files.readAllLines(out)) {
            assertTrue(line.endsWith("0000000000000000"), "a capability reached the program: " + line);
        }
    }

    @Test
    void capabilitiesTheConfigNamesAreAmbientInTheProgram() throws Exception {
        Lab.assumeAvailable();
        Path writable = Files.createDirectories(dir.resolve("out")); // nobody writes its answer here
        Files.setPosixFilePermissions(writable, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path out = writable.resolve("status");
        Path prog = script("caps", "grep -E '^Cap(Eff|Amb):' /proc/self/status > '" + out + "'");
        HookResult r = run(hook(exec(List.of(prog.toString()), null, "nobody", List.of("CAP_NET_ADMIN"))));
        assertTrue(r.ok(), r::toString);
        // CAP_NET_ADMIN is bit 12: 0x1000, and only it
        assertEquals(List.of("CapEff:\t0000000000001000", "CapAmb:\t0000000000001000"), Files.readAllLines(out));
    }

    @Test
    void theProgramRunsAsTheConfiguredUser() throws Exception {
        Lab.assumeAvailable(); // root, to change user
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path prog = script("id", "/usr/bin/id -u > '" + out.resolve("uid") + "'; /usr/bin/id -G > '" + out.resolve("groups") + "'");
        assertTrue(run(hook(exec(List.of(prog.toString()), null, "nobody", null))).ok());
        assertEquals("65534", Files.readString(out.resolve("uid")).strip());
        assertFalse(Arrays.asList(Files.readString(out.resolve("groups")).strip().split(" ")).contains("0"),
                "root's groups stayed with the program");
    }

    @Test
    void aTimeoutKillsEverythingTheProgramStartedEvenWhatLeftIt() throws Exception {
        String marker = "301." + ProcessHandle.current().pid(); // a sleep nobody else runs
        Path prog = script("spawn", "(/bin/sleep " + marker + " &); exec /bin/sleep 300");
        Failed f = assertInstanceOf(Failed.class, run(hook(exec(List.of(prog.toString()), Duration.ofMillis(500), null, null))));
        assertEquals(FailureReason.TIMEOUT, f.reason());
        await().atMost(Duration.ofSeconds(5)).until(() -> running(marker).isEmpty());
    }

    @Test
    void argumentsNeverReachResultsStatusOrLogs() throws Exception {
        String secret = "s3cret-token";
        Path ok = script("ok", "exit 0");
        Path fails = script("fails", "echo 'upstream refused' >&2; exit 2");
        Path hangs = script("hangs", "exec /bin/sleep 300");
        List<HookResult> results = List.of(
                run(hook(exec(List.of(ok.toString(), "--token", secret), null, null, null))),
                run(hook(exec(List.of(fails.toString(), "--token", secret), null, null, null))),
                run(hook(exec(List.of(hangs.toString(), "--token", secret), Duration.ofMillis(300), null, null))),
                run(hook(exec(List.of(dir.resolve("gone").toString(), "--token", secret), null, null, null))));
        for (HookResult r : results) {
            assertFalse(r.toString().contains(secret), "an argument reached the result: " + r);
        }
        assertEquals(ok + " exited 0", results.get(0).detail());
        assertEquals("exit 2: upstream refused", results.get(1).detail());
        assertFalse(hook(exec(List.of(ok.toString(), "--token", secret), null, null, null)).describe().contains(secret));
    }

    @Test
    void aProgramOrADirectoryAboveItThatAnotherUserCanChangeIsRefusedAtLoad() throws Exception {
        Lab.assumeAvailable(); // root, to hand files to nobody
        ExecHookProvider p = new ExecHookProvider();
        Path prog = script("notify", "exit 0");
        assertEquals(List.of(), p.checkOnHost(exec(List.of(prog.toString()), null, null, null), List.of()));

        Files.setPosixFilePermissions(prog, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<HookConfigProblem> writable = p.checkOnHost(exec(List.of(prog.toString()), null, null, null), List.of());
        assertEquals("command[0]", writable.get(0).path());
        assertTrue(writable.get(0).message().contains(prog + " is writable by others"), writable.toString());

        Files.setPosixFilePermissions(prog, PosixFilePermissions.fromString("rwxr-xr-x"));
        Lab.run("chown", "nobody", prog.toString());
        List<HookConfigProblem> theirs = p.checkOnHost(exec(List.of(prog.toString()), null, null, null), List.of());
        assertTrue(theirs.get(0).message().contains("owned by nobody"), theirs.toString());

        Lab.run("chown", "root", prog.toString());
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        List<HookConfigProblem> above = p.checkOnHost(exec(List.of(prog.toString()), null, null, null), List.of());
        assertTrue(above.get(0).message().contains(dir + " is writable by others"), above.toString());
    }

    @Test
    void aSlowRunToBackupFinishesBeforeTheRunToActivatingThatFollowsIt() throws Exception {
        Path log = dir.resolve("order.log");
        // the program learns the transition from stdin; leaving master is the slow one
        Path prog = script("order", String.join("\n",
                "event=$(cat)",
                "if printf '%s' \"$event\" | /bin/grep -q '\"to\":\"backup\"'; then /bin/sleep 0.5; fi",
                "printf '%s' \"$event\" | /bin/grep -o '\"to\":\"[a-z_]*\"' >> '" + log + "'"));
        Hook hook = hook(exec(List.of(prog.toString()), null, null, null));
        try (io.vrrpd.hooks.HookRunner runner = new io.vrrpd.hooks.HookRunner("exec-order")) {
            var leave = runner.onTransition(hook, new TransitionEvent(GW4, ReportedState.MASTER, ReportedState.BACKUP,
                    List.of(), "higher priority advert", Instant.now()));
            var take = runner.onTransition(hook, new TransitionEvent(GW4, ReportedState.BACKUP, ReportedState.ACTIVATING,
                    List.of(), "master down", Instant.now()));
            HookResult left = leave.get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertTrue(left.ok(), () -> left + "\n" + read(prog));
            assertTrue(take.get(10, java.util.concurrent.TimeUnit.SECONDS).ok());
        }
        assertEquals(List.of("\"to\":\"backup\"", "\"to\":\"activating\""), Files.readAllLines(log));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Pids whose command line holds {@code marker}. */
    private static List<Long> running(String marker) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline"))).contains(marker);
                } catch (IOException gone) {
                    return false;
                }
            }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        }
    }
}
