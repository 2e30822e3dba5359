package io.vrrpd.daemon.host;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * This test JVM's class path, copied where any user can read it, for processes the tests start
 * as user nobody: the Maven repository and the build tree are usually readable by root only.
 */
public final class ReadableClasspath {
    private ReadableClasspath() {
    }

    /** Copies every class path entry under {@code dir}/cp, readable by all; returns the new class path. */
    public static String copyInto(Path dir) throws IOException {
        Path cp = Files.createDirectories(dir.resolve("cp"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : Launcher.classpath().split(File.pathSeparator)) {
            Path src = Path.of(entry);
            if (!Files.exists(src)) {
                continue;
            }
            Path dst = cp.resolve((n++) + "-" + src.getFileName());
            if (Files.isDirectory(src)) {
                try (Stream<Path> all = Files.walk(src)) {
                    all.forEach(p -> copy(p, dst.resolve(src.relativize(p).toString())));
                }
            } else {
                copy(src, dst);
            }
            entries.add(dst.toString());
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.forEach(p -> p.toFile().setReadable(true, false));
        }
        try (Stream<Path> all = Files.walk(cp)) {
            all.filter(Files::isDirectory).forEach(p -> p.toFile().setExecutable(true, false));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void copy(Path from, Path to) {
        try {
            if (Files.isDirectory(from)) {
                Files.createDirectories(to);
            } else {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
