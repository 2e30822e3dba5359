package io.vrrpd.lab;

import io.vrrpd.daemon.net.Libpcap;
import io.vrrpd.hooks.kernel.LabUnavailableException;
import io.vrrpd.hooks.kernel.NamespaceLab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the kit keeps configs, logs and captures, and what it needs installed.
 *
 * <p>Files go under {@code -Dlab.dir=DIR} when set; else under {@code target/lab/} when run from a
 * module directory (Maven's working directory for tests, so {@code mvn clean} removes them and CI
 * can keep them as artifacts); else under {@code $TMPDIR/vrrpd-lab/}. They are kept after the run
 * for diagnosis.
 */
public final class LabFiles {
    private LabFiles() {
    }

    /**
     * Throws {@link LabUnavailableException}, naming the Debian package, when a tool the kit runs
     * is missing ({@code bin/test} installs them all). A test skips with that reason.
     */
    public static void requireTool(String tool, String debianPackage) {
        NamespaceLab.requireTool(tool, debianPackage);
    }

    /** Throws {@link LabUnavailableException}, naming the package, when libpcap (which vrrpd needs) cannot be loaded. */
    public static void requireLibpcap() {
        if (!Libpcap.isAvailable()) {
            throw new LabUnavailableException("the lab runs vrrpd, which needs libpcap (" + Libpcap.FIX + ")");
        }
    }

    /** Whether {@code tool} is installed (on the PATH or in the sbin directories). */
    public static boolean installed(String tool) {
        return NamespaceLab.hasTool(tool);
    }

    /** The directory every lab file of this JVM goes under (see the class comment). */
    public static Path baseDir() {
        try {
            String configured = System.getProperty("lab.dir");
            if (configured != null && !configured.isBlank()) {
                return Files.createDirectories(Path.of(configured)).toAbsolutePath();
            }
            Path target = Path.of("target");
            if (Files.isDirectory(target)) {
                return Files.createDirectories(target.resolve("lab")).toAbsolutePath();
            }
            return Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "vrrpd-lab")).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh directory for one peer's or test's files, named {@code prefix} plus a random part. */
    public static Path newDir(String prefix) {
        try {
            return Files.createTempDirectory(baseDir(), prefix).toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
