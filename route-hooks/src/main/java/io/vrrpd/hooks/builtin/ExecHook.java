package io.vrrpd.hooks.builtin;

import io.vrrpd.core.IpText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vrrpd.hooks.Deadline;
import io.vrrpd.hooks.Evidence;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;
import io.vrrpd.hooks.HookResult.Verified;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.TransitionEvent;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code exec} hook: runs a program (no shell) with the {@link TransitionEvent} as one JSON
 * object on stdin, under a timeout. Exit 0 is {@link Verified}; anything else is
 * {@code Failed(EXIT_STATUS, "exit N: FIRST LINE OF STDERR")}; a program still running at the
 * timeout is killed with its whole process group ({@code Failed(TIMEOUT)}). Its stdout is
 * discarded. It runs isolated from the daemon as {@link ExecLaunch} describes, and results name
 * the program, never its arguments.
 * The program learns which instance changed from the typed event, never from a name it has to
 * match: see docs/hooks.md for the schema.
 */
final class ExecHook implements Hook {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ExecHookConfig config;
    private final boolean root;
    private final Map<String, HookResult> lastByInstance = new HashMap<>();

    /** {@code root}: vrrpd runs as root, so the program's bounding set is emptied too. */
    ExecHook(ExecHookConfig config, boolean root) {
        this.config = config;
        this.root = root;
    }

    @Override
    public Duration timeout() {
        // a little beyond the program's own timeout, so the hook reports the kill itself
        return config.timeout().plus(Duration.ofMillis(Math.min(500, Math.max(50, config.timeout().toMillis() / 10))));
    }

    @Override
    public String describe() {
        return "exec " + config.command().get(0);
    }

    @Override
    public HookResult onTransition(TransitionEvent event, Deadline deadline) {
        HookResult r = run(event);
        synchronized (lastByInstance) {
            lastByInstance.put(event.instance().name(), r);
        }
        return r;
    }

    /** The program runs on transitions only; re-verification repeats the last transition's verdict. */
    @Override
    public HookResult reverify(InstanceRef instance, Deadline deadline) {
        synchronized (lastByInstance) {
            HookResult last = lastByInstance.get(instance.name());
            return last != null ? last : new Verified(describe() + " has not run for " + instance.name() + " yet");
        }
    }

    /** The event as the program reads it on stdin. */
    static byte[] json(TransitionEvent e) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode instance = root.putObject("instance");
        instance.put("name", e.instance().name());
        instance.put("family", e.instance().family().name().toLowerCase(Locale.ROOT));
        instance.put("vrid", e.instance().vrid());
        instance.put("interface", e.instance().interfaceName());
        root.put("from", e.from().jsonName());
        root.put("to", e.to().jsonName());
        ArrayNode vips = root.putArray("virtual-addresses");
        for (InetAddress a : e.virtualAddresses()) {
            vips.add(IpText.format(a));
        }
        root.put("reason", e.reason());
        root.put("at", e.at().toString());
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private HookResult run(TransitionEvent event) {
        // the program alone, never its arguments: they may hold a token, and results reach status and logs
        String what = config.command().get(0);
        Process p;
        try {
            p = ExecLaunch.start(config, root);
        } catch (IOException e) {
            return new Failed(FailureReason.EXIT_STATUS, "cannot start " + what + ": " + e.getMessage(), Evidence.NONE);
        }
        StderrReader stderr = new StderrReader(p.getErrorStream());
        stderr.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(json(event));
        } catch (IOException ignored) {
            // the program may exit without reading stdin; its exit status decides
        }
        try {
            if (!p.waitFor(config.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                kill(p);
                return new Failed(FailureReason.TIMEOUT, what + " still running after " + config.timeout().toMillis()
                        + " ms; killed", Evidence.NONE);
            }
        } catch (InterruptedException e) {
            kill(p);
            Thread.currentThread().interrupt();
            return new Failed(FailureReason.TIMEOUT, what + " interrupted; killed", Evidence.NONE);
        }
        int exit = p.exitValue();
        if (exit == 0) {
            return new Verified(what + " exited 0");
        }
        String line = stderr.firstLine(Duration.ofMillis(200));
        return new Failed(FailureReason.EXIT_STATUS, "exit " + exit + (line.isEmpty() ? "" : ": " + line), Evidence.NONE);
    }

    private static void kill(Process p) {
        ExecLaunch.killGroup(p);
    }
}
