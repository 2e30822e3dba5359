package io.vrrpd.daemon.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Interfaces from {@code /sys/class/net/<name>/{ifindex,address}} of the calling process's
 * network namespace (sysfs shows the namespace it was mounted in). An interface that vanishes
 * while being read is skipped.
 */
public final class SysfsInterfaceDirectory implements InterfaceDirectory {

    private final Path root;

    public SysfsInterfaceDirectory() {
        this(Path.of("/sys/class/net"));
    }

    /** Reads from {@code root} instead of /sys/class/net (tests). */
    public SysfsInterfaceDirectory(Path root) {
        this.root = root;
    }

    @Override
    public List<InterfaceInfo> interfaces() {
        List<InterfaceInfo> result = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path dir : (Iterable<Path>) entries::iterator) {
                try {
                    int index = Integer.parseInt(read(dir.resolve("ifindex")));
                    result.add(new InterfaceInfo(dir.getFileName().toString(), index, read(dir.resolve("address"))));
                } catch (NoSuchFileException | NumberFormatException gone) {
                    // vanished mid-read, or not an interface directory
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        result.sort(Comparator.comparingInt(InterfaceInfo::index));
        return result;
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
}
