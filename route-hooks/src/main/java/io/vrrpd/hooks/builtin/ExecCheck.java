package io.vrrpd.hooks.builtin;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs an exec program once as a check, isolated exactly as the exec hook's program is
 * ({@link ExecLaunch}: own environment, own session, configured user and capabilities only),
 * with nothing on stdin and under its timeout. Blocks the calling thread: never call it on the
 * event loop.
 */
public final class ExecCheck {
    private final ExecHookConfig config;
    private final boolean root;

    /** The outcome of one run: exit 0 or not, and what to show (the program's name, never its arguments). */
    public record Outcome(boolean succeeded, String detail) {
    }

    /** {@code root}: vrrpd runs as root, so the program's bounding set is emptied too. */
    public ExecCheck(ExecHookConfig config, boolean root) {
        this.config = config;
        this.root = root;
    }

    public Outcome run() {
        String what = config.command().get(0);
        Process p;
        try {
            p = ExecLaunch.start(config, root);
        } catch (IOException e) {
            return new Outcome(false, "cannot start " + what + ": " + e.getMessage());
        }
        StderrReader stderr = new StderrReader(p.getErrorStream());
        stderr.start();
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // nothing to say to it
        }
        try {
            if (!p.waitFor(config.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                ExecLaunch.killGroup(p);
                return new Outcome(false, what + " still running after " + config.timeout().toMillis() + " ms; killed");
            }
        } catch (InterruptedException e) {
            ExecLaunch.killGroup(p);
            Thread.currentThread().interrupt();
            return new Outcome(false, what + " interrupted; killed");
        }
        int exit = p.exitValue();
        if (exit == 0) {
            return new Outcome(true, what + " exited 0");
        }
        String line = stderr.firstLine(Duration.ofMillis(200));
        return new Outcome(false, what + " exit " + exit + (line.isEmpty() ? "" : ": " + line));
    }
}
