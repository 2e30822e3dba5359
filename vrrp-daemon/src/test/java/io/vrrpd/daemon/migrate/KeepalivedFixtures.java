package io.vrrpd.daemon.migrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.InterfaceDirectory;
import io.vrrpd.daemon.config.TestLinks;
import io.vrrpd.daemon.config.InvalidConfigException;
import io.vrrpd.daemon.config.VrrpdConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/** The keepalived test resources and a router's interfaces to load the converted YAML against. */
final class KeepalivedFixtures {

    static final InterfaceDirectory ROUTER = InterfaceDirectory.of(List.of(
            TestLinks.link("lo", 1, "00:00:00:00:00:00"),
            TestLinks.link("eth0", 2, "52:54:00:00:00:01"),
            TestLinks.link("eth1", 3, "52:54:00:00:00:02"),
            TestLinks.link("lan0", 4, "52:54:00:00:00:03"),
            TestLinks.link("up0", 5, "52:54:00:00:00:04")));

    private KeepalivedFixtures() {}

    /** src/test/resources/keepalived/NAME as a file. */
    static Path resource(String name) {
        try {
            return Path.of(KeepalivedFixtures.class.getResource("/keepalived/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test resource keepalived/" + name, e);
        }
    }

    /** Loads converted YAML with vrrpd's own loader (throws, listing every problem, when it is refused). */
    static VrrpdConfig load(String yaml) throws InvalidConfigException {
        return ConfigLoader.withBuiltInHooks().parse(Path.of("vrrpd.yaml"), yaml, ROUTER);
    }

    /** Each reported item as {@code FILE:LINE CONSTRUCT}, in report order. */
    static List<String> items(KeepalivedImporter.Result r) {
        return r.reported().stream().map(i -> i.source() + " " + i.construct()).toList();
    }

    static Reported item(KeepalivedImporter.Result r, String construct) {
        List<Reported> found = r.reported().stream().filter(i -> i.construct().equals(construct)).toList();
        assertEquals(1, found.size(), () -> "items for " + construct + ": " + r.reported());
        return found.get(0);
    }
}
