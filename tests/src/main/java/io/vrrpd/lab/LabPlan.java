package io.vrrpd.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a {@link BladeLab} is made of, as data: the blades with their interfaces (names as in
 * production, MACs and addresses), the client, the upstream router with its gateways and
 * "internet" targets, the routes that bring replies back to the LAN, and how the switch treats
 * multicast. {@link #standard} is the lab the tests and benchmarks use; the rehearsal harness
 * derives one from the blades' own config files.
 *
 * <p>Every address is a documentation prefix (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
 * 2001:db8::/32) or link-local; {@link #documentationOnly} checks one.
 *
 * @param blades       two or more, each with a LAN and an uplink interface
 * @param client       the host behind the virtual gateway
 * @param upstream     the router the blades' default routes point at
 * @param switchMode   multicast behaviour of both bridges
 */
public record LabPlan(List<Blade> blades, Client client, Upstream upstream, BladeLab.Switch switchMode) {

    /** Which bridge of the switch a port is on. */
    public enum Segment {
        /** The hosts' side: the blades' gateway addresses and the client. */
        LAN("br-lan", "lan"),
        /** The upstream side: the blades' uplinks and the upstream router. */
        UPLINK("br-up", "up");

        private final String bridge;
        private final String suffix;

        Segment(String bridge, String suffix) {
            this.bridge = bridge;
            this.suffix = suffix;
        }

        public String bridge() {
            return bridge;
        }

        String suffix() {
            return suffix;
        }
    }

    /**
     * One interface of a blade: its name inside the blade (as the config files name it), its
     * MAC, and its own addresses (CIDRs; IPv6 global ones are added {@code nodad}).
     */
    public record Port(String ifname, Segment segment, String mac, List<String> addresses) {
        public Port {
            Objects.requireNonNull(ifname, "ifname");
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(mac, "mac");
            addresses = List.copyOf(addresses);
        }
    }

    /** A router blade: a namespace named {@code name} (after the run prefix), and its ports. */
    public record Blade(String name, int id, List<Port> ports) {
        public Blade {
            Objects.requireNonNull(name, "name");
            ports = List.copyOf(ports);
        }

        /** Its first port on {@code segment}. */
        public Port port(Segment segment) {
            return ports.stream().filter(p -> p.segment() == segment).findFirst()
                    .orElseThrow(() -> new IllegalStateException("blade " + name + " has no " + segment + " port"));
        }

        /** The port named {@code ifname}, if any. */
        public java.util.Optional<Port> port(String ifname) {
            return ports.stream().filter(p -> p.ifname().equals(ifname)).findFirst();
        }
    }

    /**
     * The client: its LAN addresses, and its default gateways (the VIPs: an IPv4 address, and an
     * IPv6 one, link-local or global; either may be null when the blades have no VIP of that family).
     */
    public record Client(List<String> addresses, String gateway4, String gateway6) {
        public Client {
            addresses = List.copyOf(addresses);
        }
    }

    /**
     * The upstream router: its uplink addresses (the gateways, CIDRs), the targets on its loopback
     * (bare addresses), and the routes back to the LAN prefixes: via one address (a VIP the blades
     * hold on their uplinks) or over several (ECMP over the blades' own uplink addresses).
     */
    public record Upstream(List<String> addresses, List<String> targets, List<ReturnRoute> returnRoutes) {
        public Upstream {
            addresses = List.copyOf(addresses);
            targets = List.copyOf(targets);
            returnRoutes = List.copyOf(returnRoutes);
        }

        /** The gateway of {@code family}: the upstream's uplink address of that family, bare. */
        public String gateway(Family family) {
            return addresses.stream().map(LabPlan::bare).filter(a -> Family.of(a) == family).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the upstream has no " + family + " address"));
        }

        /** The target of {@code family}, bare. */
        public String target(Family family) {
            return targets.stream().filter(a -> Family.of(a) == family).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + family + " target"));
        }
    }

    /** A route on the upstream router towards a LAN prefix. */
    public record ReturnRoute(String prefix, List<String> via) {
        public ReturnRoute {
            via = List.copyOf(via);
        }
    }

    public LabPlan {
        blades = List.copyOf(blades);
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(switchMode, "switchMode");
    }

    /** The blade called {@code name}. */
    public Blade blade(String name) {
        return blades.stream().filter(b -> b.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no blade " + name + " in this lab (" + names() + ")"));
    }

    public List<String> names() {
        return blades.stream().map(Blade::name).toList();
    }

    /**
     * The lab of docs/lab.md: blades r1 and r2 (eth0 on the LAN 192.0.2.0/24 and 2001:db8:1::/64,
     * eth1 on the uplink 198.51.100.0/24 and 2001:db8:ff::/64), the client 192.0.2.100 via the
     * VIPs 192.0.2.1 / fe80::1, the upstream 198.51.100.1 / 2001:db8:ff::1 with the targets
     * 203.0.113.1 / 2001:db8:99::1, and replies back over ECMP or via the upstream-side VIP.
     */
    public static LabPlan standard(BladeLab.Switch switchMode, BladeLab.ReturnPath returnPath) {
        List<Blade> blades = new ArrayList<>();
        for (int id = 1; id <= 2; id++) {
            int host = id + 1;
            blades.add(new Blade("r" + id, id, List.of(
                    new Port(BladeLab.LAN_IF, Segment.LAN, mac(id, 0), List.of("192.0.2." + host + "/24", "2001:db8:1::" + host + "/64")),
                    new Port(BladeLab.UP_IF, Segment.UPLINK, mac(id, 1),
                            List.of("198.51.100." + host + "/24", "2001:db8:ff::" + host + "/64")))));
        }
        List<ReturnRoute> back = returnPath == BladeLab.ReturnPath.ECMP
                ? List.of(new ReturnRoute("192.0.2.0/24", List.of("198.51.100.2", "198.51.100.3")),
                        new ReturnRoute("2001:db8:1::/64", List.of("2001:db8:ff::2", "2001:db8:ff::3")))
                : List.of(new ReturnRoute("192.0.2.0/24", List.of(BladeLab.UPSTREAM_VIP4)),
                        new ReturnRoute("2001:db8:1::/64", List.of(BladeLab.UPSTREAM_VIP6)));
        return new LabPlan(blades,
                new Client(List.of(BladeLab.CLIENT4 + "/24", BladeLab.CLIENT6 + "/64"), BladeLab.VIP4, BladeLab.VIP6_LINK_LOCAL),
                new Upstream(List.of(BladeLab.GATEWAY4 + "/24", BladeLab.GATEWAY6 + "/64"),
                        List.of(BladeLab.TARGET4, BladeLab.TARGET6), back),
                switchMode);
    }

    /** The deterministic, locally administered MAC {@code 02:00:00:00:HH:II}. */
    public static String mac(int hostId, int ifIndex) {
        return String.format(Locale.ROOT, "02:00:00:00:%02x:%02x", hostId, ifIndex);
    }

    /** The EUI-64 link-local address the kernel derives from {@code mac} (the universal bit flipped). */
    public static String eui64LinkLocal(String mac) {
        String[] o = mac.split(":");
        byte[] b = new byte[16];
        b[0] = (byte) 0xfe;
        b[1] = (byte) 0x80;
        int[] eui = {Integer.parseInt(o[0], 16) ^ 0x02, Integer.parseInt(o[1], 16), Integer.parseInt(o[2], 16), 0xff, 0xfe,
                Integer.parseInt(o[3], 16), Integer.parseInt(o[4], 16), Integer.parseInt(o[5], 16)};
        for (int i = 0; i < 8; i++) {
            b[8 + i] = (byte) eui[i];
        }
        try {
            return io.vrrpd.core.IpText.format(java.net.InetAddress.getByAddress(b));
        } catch (java.net.UnknownHostException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /** The address of a CIDR, without the prefix length. */
    public static String bare(String cidr) {
        int slash = cidr.indexOf('/');
        return slash < 0 ? cidr : cidr.substring(0, slash);
    }

    private static final List<String> DOCUMENTATION = List.of("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
            "2001:db8::/32", "fe80::/10");

    /** The prefixes the lab may use, for messages. */
    public static String documentationPrefixes() {
        return String.join(", ", DOCUMENTATION);
    }

    /** Whether {@code address} (bare or CIDR) lies in a documentation prefix or is IPv6 link-local. */
    public static boolean documentationOnly(String address) {
        java.net.InetAddress a = Addresses.parse(bare(address));
        return a != null && DOCUMENTATION.stream().anyMatch(p -> Addresses.contains(p, a));
    }
}
