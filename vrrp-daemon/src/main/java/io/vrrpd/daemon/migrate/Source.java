package io.vrrpd.daemon.migrate;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A place in a keepalived configuration: the file (as shown to the user, relative to the
 * directory of the main file when it is below it) and a 1-based line.
 */
public record Source(Path file, String shown, int line) {

    public Source {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(shown, "shown");
    }

    @Override
    public String toString() {
        return shown + ":" + line;
    }
}
