package io.vrrpd.hooks;

import java.util.Objects;

/**
 * One thing wrong with a hook's config, found at load (and by {@code vrrpd --check}), never at
 * failover time. {@code path} is relative to the hook's YAML node, in kebab-case
 * ({@code verify.probe.port}, {@code command[0]}); the daemon prefixes the file and
 * {@code hooks[N]}. {@code message} says what is wrong and what would be valid.
 */
public record ConfigProblem(String path, String message) {
    public ConfigProblem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
