package io.vrrpd.daemon.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The MAC each interface that an instance is bound to by name had, kept across runs in
 * {@code STATE-DIR/interfaces.json} ({@code vrrpd --state-dir}), so that after a reboot that
 * renamed the NICs the daemon can say which interface the missing one probably is now: the one
 * with the MAC it had. Without a state directory it remembers for this run only (a rename while
 * running is told by the interface index anyway). Loop thread only; the file is written only
 * when what it holds changes, and a file that cannot be read or written costs a warning, never
 * the daemon.
 */
final class InterfaceMemory {
    private static final Logger LOG = LoggerFactory.getLogger(InterfaceMemory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "interfaces.json";

    private final Path file;
    private final Map<String, String> macByName = new TreeMap<>();

    private InterfaceMemory(Path file) {
        this.file = file;
    }

    /** For this run only. */
    static InterfaceMemory inMemory() {
        return new InterfaceMemory(null);
    }

    /** Kept in {@code dir} (made when missing), starting from what the last run left there. */
    static InterfaceMemory in(Path dir) {
        InterfaceMemory m = new InterfaceMemory(dir.resolve(FILE));
        if (Files.isRegularFile(m.file)) {
            try {
                m.macByName.putAll(JSON.readValue(m.file.toFile(), new TypeReference<Map<String, String>>() { }));
            } catch (IOException e) {
                LOG.warn("cannot read {} (what the last run saw of the interfaces): {}", m.file, e.getMessage());
            }
        }
        return m;
    }

    /** {@code link} is present under its name: remember its MAC. */
    void remember(Link link) {
        String mac = link.mac().toString();
        if (mac.equals(macByName.put(link.name(), mac)) || file == null) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            JSON.writeValue(tmp.toFile(), macByName);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write {} (what this run sees of the interfaces): {}", file, e.getMessage());
        }
    }

    /** The MAC {@code name} had when last seen, if it was. */
    Optional<MacAddress> lastMac(String name) {
        return Optional.ofNullable(macByName.get(name)).map(MacAddress::parse);
    }

    /**
     * The interfaces present now, under other names, with the MAC {@code name} had when last seen
     * (a renamed NIC, and the VLANs or bonds on it that share its MAC); empty when none or unknown.
     */
    List<Link> renamed(String name, Collection<Link> present) {
        Optional<MacAddress> mac = lastMac(name).filter(m -> !m.equals(MacAddress.parse("00:00:00:00:00:00")));
        return mac.map(m -> present.stream().filter(l -> l.mac().equals(m) && !l.name().equals(name))
                .sorted(java.util.Comparator.comparing(Link::name)).toList()).orElse(List.of());
    }
}
