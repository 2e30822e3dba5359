package io.vrrpd.daemon.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One thing wrong with a configuration file: where it is (file, path in the file such as
 * {@code instances.gw4.vrid} or {@code hooks[1].instances[0]}, line and column when known),
 * what is wrong, and what would be valid.
 *
 * @param file    the file the problem is in
 * @param path    path of the offending value in the file; empty for the whole document
 * @param line    1-based line, or 0 when unknown
 * @param column  1-based column, or 0 when unknown
 * @param message what is wrong, naming the offending value
 * @param hint    what would be valid; empty when there is nothing useful to say
 */
public record ConfigProblem(Path file, String path, int line, int column, String message, String hint) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        hint = hint == null ? "" : hint;
    }

    /** {@code gw.yaml:7:11: instances.gw4.vrid: 300 is out of range (expected: 1-255)}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file.toString());
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(": ");
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        b.append(message);
        if (!hint.isEmpty()) {
            b.append(" (expected: ").append(hint).append(')');
        }
        return b.toString();
    }
}
