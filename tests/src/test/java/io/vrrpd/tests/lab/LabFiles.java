package io.vrrpd.tests.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the kit keeps configs, logs and captures: under {@code target/lab/} when run from a
 * module directory (Maven's working directory for tests, so {@code mvn clean} removes them and
 * CI can keep them as artifacts), else under the system temp dir. Kept after the run for diagnosis.
 */
final class LabFiles {
    private LabFiles() {
    }

    static Path newDir(String prefix) {
        try {
            Path target = Path.of("target");
            Path base = Files.isDirectory(target) ? Files.createDirectories(target.resolve("lab"))
                    : Path.of(System.getProperty("java.io.tmpdir"));
            return Files.createTempDirectory(base, prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
