package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.OperState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Interfaces from {@code /sys/class/net/<name>/} ({@code ifindex}, {@code address},
 * {@code flags}, {@code carrier}, {@code operstate}, {@code mtu}) of the calling process's network
 * namespace (sysfs shows the namespace it was mounted in). An interface that vanishes while being
 * read is skipped; a file that cannot be read (carrier of a link that is down) reads as off.
 * Addresses come from the JDK's {@link NetworkInterface}, in the same namespace.
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

    /**
     * The addresses the JDK lists for {@code link} ({@link NetworkInterface}, which needs no
     * privileges), in the calling process's network namespace. IPv6 addresses lose their scope id:
     * they are compared by their bytes.
     */
    @Override
    public Optional<List<Address>> addresses(Link link) {
        try {
            NetworkInterface ni = NetworkInterface.getByIndex(link.index());
            if (ni == null) {
                return Optional.of(List.of());
            }
            List<Address> result = new ArrayList<>();
            for (InterfaceAddress a : ni.getInterfaceAddresses()) {
                InetAddress bare = InetAddress.getByAddress(a.getAddress().getAddress());
                result.add(new Address(link.index(), bare, a.getNetworkPrefixLength(), 0, Set.of()));
            }
            return Optional.of(List.copyOf(result));
        } catch (IOException e) {
            return Optional.empty();   // the JDK cannot say: the checks that need them are not made
        }
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
