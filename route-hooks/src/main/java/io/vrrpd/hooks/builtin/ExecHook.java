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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code exec} hook: runs a program (no shell) with the {@link TransitionEvent} as one JSON
 * object on stdin, under a timeout. Exit 0 is {@link Verified}; anything else is
 * {@code Failed(EXIT_STATUS, "exit N: FIRST LINE OF STDERR")}; a program still running at the
 * timeout is killed with its descendants ({@code Failed(TIMEOUT)}). Its stdout is discarded.
 * The program learns which instance changed from the typed event, never from a name it has to
 * match: see docs/hooks.md for the schema.
 */
final class ExecHook implements Hook {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STDERR_KEPT = 4096;

    private final ExecHookConfig config;
    private final Map<String, HookResult> lastByInstance = new HashMap<>();

    ExecHook(ExecHookConfig config) {
        this.config = config;
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
        List<String> command = config.command();
        String what = String.join(" ", command);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
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
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Drains stderr (so the program never blocks on a full pipe) and keeps its first bytes. */
    private static final class StderrReader extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();

        StderrReader(InputStream in) {
            super("exec-hook-stderr");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[1024];
            try (in) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (kept) {
                        int room = STDERR_KEPT - kept.size();
                        if (room > 0) {
                            kept.write(buf, 0, Math.min(room, n));
                        }
                    }
                }
            } catch (IOException ignored) {
                // the stream closes when the program ends
            }
        }

        /** The first line written, waiting briefly for the reader to catch up after exit. */
        String firstLine(Duration wait) {
            try {
                join(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String text;
            synchronized (kept) {
                text = kept.toString(StandardCharsets.UTF_8);
            }
            int nl = text.indexOf('\n');
            return (nl >= 0 ? text.substring(0, nl) : text).strip();
        }
    }
}
