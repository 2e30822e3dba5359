package io.vrrpd.hooks;

import java.util.Objects;

/**
 * One thing wrong with a hook's config record, found at load (and by {@code vrrpd --check}),
 * never at failover time. {@code path} is relative to the hook's YAML node, in kebab-case
 * ({@code verify.probe.port}, {@code command[0]}); the daemon adds the file, the line and
 * {@code hooks[N]}. {@code message} says what is wrong, naming the value; {@code expected} what
 * would be valid (empty when there is nothing useful to say).
 */
public record HookConfigProblem(String path, String message, String expected) {
    public HookConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        expected = expected == null ? "" : expected;
    }

    /** A problem without a statement of what would be valid. */
    public HookConfigProblem(String path, String message) {
        this(path, message, "");
    }

    @Override
    public String toString() {
        return path + ": " + message + (expected.isEmpty() ? "" : " (expected: " + expected + ")");
    }
}
