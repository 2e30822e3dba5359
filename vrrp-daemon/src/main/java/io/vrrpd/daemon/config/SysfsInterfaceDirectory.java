package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.OperState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Interfaces from {@code /sys/class/net/<name>/} ({@code ifindex}, {@code address},
 * {@code flags}, {@code carrier}, {@code operstate}, {@code mtu}) of the calling process's network
 * namespace (sysfs shows the namespace it was mounted in). An interface that vanishes while being
 * read is skipped; a file that cannot be read (carrier of a link that is down) reads as off.
 */
public final class SysfsInterfaceDirectory implements InterfaceDirectory {
    private static final int IFF_UP = 0x1;

    private final Path root;

    public SysfsInterfaceDirectory() {
        this(Path.of("/sys/class/net"));
    }

    /** Reads from {@code root} instead of /sys/class/net (tests). */
    public SysfsInterfaceDirectory(Path root) {
        this.root = root;
    }

    @Override
    public List<Link> links() {
        List<Link> result = new ArrayList<>();
        try (Stream<Path> entries = Files.list(root)) {
            for (Path dir : (Iterable<Path>) entries::iterator) {
                try {
                    result.add(link(dir));
                } catch (NoSuchFileException | NumberFormatException gone) {
                    // vanished mid-read, or not an interface directory
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
        result.sort(Comparator.comparingInt(Link::index));
        return result;
    }

    private static Link link(Path dir) throws IOException {
        int index = Integer.parseInt(read(dir.resolve("ifindex")));
        String address = read(dir.resolve("address"));
        boolean up = (Integer.decode(optional(dir.resolve("flags"), "0")) & IFF_UP) != 0;
        boolean carrier = optional(dir.resolve("carrier"), "0").equals("1");
        OperState state = operState(optional(dir.resolve("operstate"), "unknown"));
        int mtu = Integer.parseInt(optional(dir.resolve("mtu"), "0"));
        return new Link(index, dir.getFileName().toString(), address.isEmpty() ? null : MacAddress.parse(address), up,
                carrier, up && carrier, state, mtu);
    }

    private static OperState operState(String text) {
        try {
            return OperState.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return OperState.UNKNOWN;
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    private static String optional(Path file, String otherwise) {
        try {
            return read(file);
        } catch (IOException e) {
            return otherwise;
        }
    }
}
