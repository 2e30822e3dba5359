package io.vrrpd.hooks.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;
import io.vrrpd.hooks.HookRunner;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.ReportedState;
import io.vrrpd.hooks.TransitionEvent;
import io.vrrpd.hooks.kernel.Kernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The exec hook runs real programs (shell scripts written by the test); no root needed. */
class ExecHookTest {
    private static final InstanceRef GW6 = new InstanceRef("gw6", AddressFamily.IPV6, 51, "lan0");
    private static final Instant AT = Instant.parse("2026-11-21T23:40:00.123Z");
    private static final Kernel NO_KERNEL = (Kernel) Proxy.newProxyInstance(Kernel.class.getClassLoader(),
            new Class<?>[] {Kernel.class}, (p, m, a) -> {
                throw new UnsupportedOperationException("the exec hook must not use the kernel");
            });

    @TempDir
    Path dir;

    private Path script(String name, String body) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    private static Hook hook(ExecHookConfig config) {
        ExecHookProvider provider = new ExecHookProvider();
        List<HookConfigProblem> problems = provider.validate(config, List.of(GW6));
        assertEquals(List.of(), problems);
        return provider.create(config, HookContext.of(NO_KERNEL, List.of(GW6)));
    }

    private static TransitionEvent takeover() throws Exception {
        return new TransitionEvent(GW6, ReportedState.BACKUP, ReportedState.ACTIVATING,
                List.of(InetAddress.getByName("fe80::1"), InetAddress.getByName("2001:db8:1::1")),
                "master down timer expired", AT);
    }

    @Test
    void programReadsTheTypedEventAsJsonOnStdin() throws Exception {
        Path out = dir.resolve("event.json");
        Path prog = script("record", "cat > '" + out + "'");
        try (HookRunner runner = new HookRunner("exec-test")) {
            HookResult r = runner.onTransition(hook(new ExecHookConfig(List.of("gw6"), null, List.of(prog.toString()), null)),
                    takeover()).get(10, TimeUnit.SECONDS);
            assertTrue(r.ok(), r::toString);
            assertEquals(prog + " exited 0", r.detail());
        }
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals("gw6", json.at("/instance/name").asText());
        assertEquals("ipv6", json.at("/instance/family").asText());
        assertEquals(51, json.at("/instance/vrid").asInt());
        assertEquals("lan0", json.at("/instance/interface").asText());
        assertEquals("backup", json.get("from").asText());
        assertEquals("activating", json.get("to").asText());
        assertEquals("[\"fe80::1\",\"2001:db8:1::1\"]", json.get("virtual-addresses").toString());
        assertEquals("master down timer expired", json.get("reason").asText());
        assertEquals("2026-11-21T23:40:00.123Z", json.get("at").asText());
        assertEquals(6, json.size(), json::toString);
    }

    @Test
    void argumentsArePassedWithoutAShell() throws Exception {
        Path out = dir.resolve("args");
        Path prog = script("args", "printf '%s|' \"$@\" > '" + out + "'");
        Hook hook = hook(new ExecHookConfig(List.of("gw6"), null, List.of(prog.toString(), "a b", "$HOME"), null));
        assertTrue(hook.onTransition(takeover(), io.vrrpd.hooks.Deadline.after(hook.timeout())).ok());
        assertEquals("a b|$HOME|", Files.readString(out));
    }

    @Test
    void nonZeroExitFailsWithTheStatusAndTheFirstLineOfStderr() throws Exception {
        Path prog = script("fail", "cat > /dev/null; echo 'no route to upstream' >&2; echo 'second line' >&2; exit 3");
        Hook hook = hook(new ExecHookConfig(List.of("gw6"), null, List.of(prog.toString()), null));
        Failed f = assertInstanceOf(Failed.class, hook.onTransition(takeover(), io.vrrpd.hooks.Deadline.after(hook.timeout())));
        assertEquals(FailureReason.EXIT_STATUS, f.reason());
        assertEquals("exit 3: no route to upstream", f.detail());
        // re-verification repeats the transition's verdict rather than claiming success
        assertEquals(f, hook.reverify(GW6, io.vrrpd.hooks.Deadline.after(hook.timeout())));
    }

    @Test
    void aProgramPastItsTimeoutIsKilledAndTheRunnerAnswersInTime() throws Exception {
        Path pidFile = dir.resolve("pid");
        Path prog = script("hang", "echo $$ > '" + pidFile + "'; exec sleep 30");
        Duration timeout = Duration.ofMillis(400);
        Hook hook = hook(new ExecHookConfig(List.of("gw6"), null, List.of(prog.toString()), timeout));
        try (HookRunner runner = new HookRunner("exec-test")) {
            long start = System.nanoTime();
            CompletableFuture<HookResult> f = runner.onTransition(hook, takeover());
            await().atMost(hook.timeout().plusMillis(500)).until(f::isDone);
            long tookMillis = (System.nanoTime() - start) / 1_000_000;
            Failed failed = assertInstanceOf(Failed.class, f.get());
            assertEquals(FailureReason.TIMEOUT, failed.reason(), failed::toString);
            assertTrue(tookMillis >= timeout.toMillis(), "answered after " + tookMillis + " ms, before the timeout");
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            await().atMost(Duration.ofSeconds(2)).until(() -> ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true));
        }
    }

    @Test
    void loadTimeValidationRefusesWhatWouldFailAtFailover() throws Exception {
        ExecHookProvider p = new ExecHookProvider();
        Path notExecutable = dir.resolve("plain");
        Files.writeString(notExecutable, "#!/bin/sh\n");
        assertEquals(List.of(new HookConfigProblem("command[0]", "\"notify.sh\" is not an absolute path",
                        "the program's absolute path, e.g. /usr/local/bin/notify (no shell, no PATH search)")),
                p.validate(new ExecHookConfig(List.of("gw6"), null, List.of("notify.sh"), null), List.of(GW6)));
        List<HookConfigProblem> empty = p.validate(new ExecHookConfig(null, null, null, Duration.ZERO), List.of());
        assertEquals(List.of("instances", "command", "timeout"), empty.stream().map(HookConfigProblem::path).toList());

        // whether the program is there is a fact of the host: validate passes it, checkOnHost does not
        ExecHookConfig missing = new ExecHookConfig(List.of("gw6"), null, List.of(dir.resolve("missing").toString()), null);
        assertEquals(List.of(), p.validate(missing, List.of(GW6)));
        assertEquals(List.of(new HookConfigProblem("command[0]", dir.resolve("missing") + " does not exist",
                "an installed program")), p.checkOnHost(missing, List.of()));
        assertEquals("command[0]", p.checkOnHost(new ExecHookConfig(List.of("gw6"), null, List.of(notExecutable.toString()),
                null), List.of()).get(0).path());
        assertEquals("command[0]", p.checkOnHost(new ExecHookConfig(List.of("gw6"), null, List.of(dir.toString()), null),
                List.of()).get(0).path());
    }
}
