package io.vrrpd.daemon.host;

import io.vrrpd.hooks.testlab.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A router for one real vrrpd in the lab: a namespace whose interface, 192.0.2.11/24, is a veth
 * to a peer namespace, and a config of IPv4 instances on it. Close it to tear the lab down.
 */
public final class LabRouter implements AutoCloseable {
    private final Lab lab;
    private final String ns;
    private final String ifname;

    private LabRouter(Lab lab, String ns, String ifname) {
        this.lab = lab;
        this.ns = ns;
        this.ifname = ifname;
    }

    /** A lab named after {@code tag} (skips when the lab cannot be built here). */
    public static LabRouter create(String tag) {
        Lab lab = Lab.create(tag);
        String ns = lab.addHost("r", false);
        String peer = lab.addHost("p", false);
        String ifname = lab.prefix() + "r";
        lab.veth(ns, ifname, peer, lab.prefix() + "p");
        lab.in(ns, "ip", "addr", "add", "192.0.2.11/24", "dev", ifname);
        return new LabRouter(lab, ns, ifname);
    }

    public String ns() {
        return ns;
    }

    public String ifname() {
        return ifname;
    }

    public Lab lab() {
        return lab;
    }

    /** Writes {@code file}: instance {@code gw4} on VRID 51 with 192.0.2.1, then gw5 on 52 with 192.0.2.5, and so on. */
    public Path writeConfig(Path file, int instances) throws IOException {
        StringBuilder yaml = new StringBuilder("instances:\n");
        for (int i = 0; i < instances; i++) {
            yaml.append(String.join("\n",
                    "  gw" + (4 + i) + ":",
                    "    family: ipv4",
                    "    interface: " + ifname,
                    "    vrid: " + (51 + i),
                    "    priority: 150",
                    "    advert-interval: 100ms",
                    "    virtual-addresses: [192.0.2." + (i == 0 ? 1 : 4 + i) + "/24]",
                    ""));
        }
        return Files.writeString(file, yaml);
    }

    @Override
    public void close() {
        lab.close();
    }

    /** Deletes {@code dir} and everything in it; null is nothing. */
    public static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
