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
public final class LabFiles {
    private LabFiles() {
    }

    /**
     * Skips the calling test, naming the Debian package, when a tool the kit runs is missing
     * ({@code .ci/run} installs them all).
     */
    public static void assumeInstalled(String tool, String debianPackage) {
        org.junit.jupiter.api.Assumptions.assumeTrue(installed(tool),
                "lab test needs " + tool + " (apt-get install " + debianPackage + ")");
    }

    /** Skips the calling test, naming the package, when libpcap (which vrrpd needs) cannot be loaded. */
    public static void assumeLibpcap() {
        org.junit.jupiter.api.Assumptions.assumeTrue(io.vrrpd.daemon.net.Libpcap.isAvailable(),
                () -> "lab test runs vrrpd, which needs libpcap (" + io.vrrpd.daemon.net.Libpcap.FIX + ")");
    }

    static boolean installed(String tool) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return java.util.Arrays.stream(path.split(":"))
                .anyMatch(d -> !d.isEmpty() && Files.isExecutable(Path.of(d, tool)));
    }

    /** A fresh directory for one peer's or test's files, named {@code prefix} plus a random part. */
    public static Path newDir(String prefix) {
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
