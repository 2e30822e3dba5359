package io.vrrpd.tests.lab;

import io.vrrpd.hooks.testlab.Lab;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * The two-router topology of LAB-NOTES, built in per-run namespaces and always torn down.
 *
 * <pre>
 *                 client (192.0.2.100, 2001:db8:1::100; default via the VIP)
 *                   |eth0
 *   r1 eth0 ---- [sw: br-lan] ---- eth0 r2        LAN 192.0.2.0/24, 2001:db8:1::/64
 *   r1 eth1 ---- [sw: br-up ] ---- eth1 r2        up  198.51.100.0/24, 2001:db8:ff::/64
 *                   |eth0
 *                 upstream (gateway .1 / ::1; "internet" 203.0.113.1, 2001:db8:99::1 on lo)
 * </pre>
 *
 * <p>The forward path is what the lab measures: the client's default route points at the VIP,
 * so the client reaches the target only through the router holding the VIP, and only if that
 * router has a default route via the gateway. No NAT anywhere: pure routing. The return path
 * is chosen with {@link ReturnPath}:
 * <ul>
 *   <li>{@link ReturnPath#ECMP} (default): the upstream host routes the LAN prefixes over an ECMP
 *   pair of next hops, both routers' own upstream addresses. Either router can deliver a reply
 *   because both sit on the LAN with a connected route, so replies never depend on who is
 *   master, and nothing but the one VRRP instance under test is needed. Its limit: a router
 *   whose links die ({@link #isolate}) blackholes the flows hashed to it, so host death needs
 *   the other mode.</li>
 *   <li>{@link ReturnPath#UPSTREAM_VIP}: the upstream host routes the LAN prefixes via
 *   198.51.100.254 / 2001:db8:ff::254, a second VRRP instance (VRID 52) on the routers' eth1
 *   (see {@link KeepalivedPeer.Config#upstreamIpv4}); the return path then fails over with the
 *   routers, so whole-router death can be measured.</li>
 * </ul>
 * Reverse-path filtering is off on the routers, because a backup without a default route must
 * still forward the reply it is handed.
 *
 * <p>MAC addresses are deterministic and locally administered, {@code 02:00:00:00:HH:II} with
 * HH the host ({@code 01} r1, {@code 02} r2, {@code 10} client, {@code 20} upstream,
 * {@code 00} the switch) and II the interface, so captures read easily.
 *
 * <p>Resources started through the lab ({@link #keepalived}, {@link #capture},
 * {@link #probe}) are closed by {@link #close()} in reverse order before the namespaces go.
 */
public final class BladeLab implements AutoCloseable {
    public static final String VIP4 = "192.0.2.1";
    public static final String VIP6 = "2001:db8:1::1";
    public static final String VIP6_LINK_LOCAL = "fe80::1";
    public static final String GATEWAY4 = "198.51.100.1";
    public static final String GATEWAY6 = "2001:db8:ff::1";
    public static final String TARGET4 = "203.0.113.1";
    public static final String TARGET6 = "2001:db8:99::1";
    public static final String CLIENT4 = "192.0.2.100";
    public static final String CLIENT6 = "2001:db8:1::100";
    /** The upstream-side VIP the upstream host routes the LAN through in {@link ReturnPath#UPSTREAM_VIP} mode. */
    public static final String UPSTREAM_VIP4 = "198.51.100.254";
    public static final String UPSTREAM_VIP6 = "2001:db8:ff::254";
    /** The LAN-side interface of each router, client and upstream host. */
    public static final String LAN_IF = "eth0";
    /** The upstream-side interface of each router. */
    public static final String UP_IF = "eth1";

    /** How the switch treats multicast (see LAB-NOTES, "Multicast across a Linux bridge"). */
    public enum Switch {
        /** Snooping off: every multicast frame reaches every port. */
        FLOOD,
        /** The kernel default: snooping on, no querier, so in practice everything floods. */
        SNOOPING_NO_QUERIER,
        /** Snooping with a querier: ff02::12 reaches only ports that joined via MLD. */
        SNOOPING_WITH_QUERIER
    }

    /** How replies from the upstream host find their way back to the LAN (see the class comment). */
    public enum ReturnPath {
        /** ECMP over both routers' own upstream addresses; needs no second VRRP instance. */
        ECMP,
        /** Via 198.51.100.254 / 2001:db8:ff::254, held by a second VRRP instance on the routers' eth1. */
        UPSTREAM_VIP
    }

    private final Lab lab;
    private final Switch switchMode;
    private final ReturnPath returnPath;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    /** Tears down if the JVM exits without {@link #close()} (a killed or timed-out test run). */
    private final Thread shutdownHook = new Thread(this::teardown, "bladelab-teardown");
    private boolean closed;
    private String sw;
    private String r1;
    private String r2;
    private String client;
    private String upstream;

    private BladeLab(Lab lab, Switch switchMode, ReturnPath returnPath) {
        this.lab = lab;
        this.switchMode = switchMode;
        this.returnPath = returnPath;
    }

    /** Builds the lab with the kernel's default bridge multicast behaviour and the ECMP return path. */
    public static BladeLab create() {
        return create(Switch.SNOOPING_NO_QUERIER, ReturnPath.ECMP);
    }

    /**
     * Builds the lab; skips the test with a reason when not root. Tears down what it built if
     * building fails.
     */
    public static BladeLab create(Switch switchMode, ReturnPath returnPath) {
        return create("bl", switchMode, returnPath);
    }

    /**
     * Like {@link #create(Switch, ReturnPath)} with namespaces named after {@code tag} (at most
     * three characters), so test classes that run in parallel cannot collide.
     */
    public static BladeLab create(String tag, Switch switchMode, ReturnPath returnPath) {
        BladeLab bl = new BladeLab(Lab.create(tag), switchMode, returnPath);
        Runtime.getRuntime().addShutdownHook(bl.shutdownHook);
        try {
            bl.build();
            return bl;
        } catch (RuntimeException | Error e) {
            bl.close();
            throw e;
        }
    }

    private void build() {
        sw = lab.addHost("sw", false);
        r1 = lab.addHost("r1", true);
        r2 = lab.addHost("r2", true);
        client = lab.addHost("client", false);
        upstream = lab.addHost("up", false);

        bridge("br-lan", "02:00:00:00:00:f1");
        bridge("br-up", "02:00:00:00:00:f2");

        port(r1, LAN_IF, "r1-lan", "br-lan", 0x01, 0, 1);
        port(r1, UP_IF, "r1-up", "br-up", 0x01, 1, 2);
        port(r2, LAN_IF, "r2-lan", "br-lan", 0x02, 0, 3);
        port(r2, UP_IF, "r2-up", "br-up", 0x02, 1, 4);
        port(client, LAN_IF, "cl-lan", "br-lan", 0x10, 0, 5);
        port(upstream, LAN_IF, "up-up", "br-up", 0x20, 0, 6);

        int index = 2;
        for (String r : List.of(r1, r2)) {
            for (String key : List.of("net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0",
                    "net.ipv4.conf.eth0.rp_filter=0", "net.ipv4.conf.eth1.rp_filter=0")) {
                lab.in(r, "sysctl", "-qw", key);
            }
            lab.in(r, "ip", "addr", "add", "192.0.2." + index + "/24", "dev", LAN_IF);
            lab.in(r, "ip", "addr", "add", "2001:db8:1::" + index + "/64", "dev", LAN_IF, "nodad");
            lab.in(r, "ip", "addr", "add", "198.51.100." + index + "/24", "dev", UP_IF);
            lab.in(r, "ip", "addr", "add", "2001:db8:ff::" + index + "/64", "dev", UP_IF, "nodad");
            String ll = linkLocal(r);
            if (!KeepalivedPeer.addresses(r, LAN_IF).contains(ll)) {
                throw new IllegalStateException("expected link-local " + ll + " on " + LAN_IF + " in " + r
                        + ", found " + KeepalivedPeer.addresses(r, LAN_IF));
            }
            index++;
        }

        lab.in(client, "ip", "addr", "add", CLIENT4 + "/24", "dev", LAN_IF);
        lab.in(client, "ip", "addr", "add", CLIENT6 + "/64", "dev", LAN_IF, "nodad");
        lab.in(client, "ip", "route", "add", "default", "via", VIP4);
        lab.in(client, "ip", "-6", "route", "add", "default", "via", VIP6_LINK_LOCAL, "dev", LAN_IF);

        lab.in(upstream, "ip", "addr", "add", GATEWAY4 + "/24", "dev", LAN_IF);
        lab.in(upstream, "ip", "addr", "add", GATEWAY6 + "/64", "dev", LAN_IF, "nodad");
        lab.in(upstream, "ip", "addr", "add", TARGET4 + "/32", "dev", "lo");
        lab.in(upstream, "ip", "addr", "add", TARGET6 + "/128", "dev", "lo", "nodad");
        if (returnPath == ReturnPath.ECMP) {
            lab.in(upstream, "ip", "route", "add", "192.0.2.0/24",
                    "nexthop", "via", "198.51.100.2", "nexthop", "via", "198.51.100.3");
            lab.in(upstream, "ip", "-6", "route", "add", "2001:db8:1::/64",
                    "nexthop", "via", "2001:db8:ff::2", "nexthop", "via", "2001:db8:ff::3");
        } else {
            lab.in(upstream, "ip", "route", "add", "192.0.2.0/24", "via", UPSTREAM_VIP4);
            lab.in(upstream, "ip", "-6", "route", "add", "2001:db8:1::/64", "via", UPSTREAM_VIP6);
        }
    }

    private void bridge(String name, String mac) {
        String snooping = switchMode == Switch.FLOOD ? "0" : "1";
        String querier = switchMode == Switch.SNOOPING_WITH_QUERIER ? "1" : "0";
        lab.in(sw, "ip", "link", "add", name, "address", mac, "type", "bridge", "stp_state", "0", "forward_delay", "0",
                "mcast_snooping", snooping, "mcast_querier", querier);
        lab.in(sw, "ip", "link", "set", name, "up");
    }

    private void port(String hostNs, String hostIf, String swIf, String bridge, int hostId, int ifIndex, int swIndex) {
        lab.veth(hostNs, hostIf, sw, swIf);
        // Down and up again so the kernel regenerates the IPv6 link-local address from the new MAC.
        lab.in(hostNs, "ip", "link", "set", hostIf, "down");
        lab.in(hostNs, "ip", "link", "set", hostIf, "address", mac(hostId, ifIndex));
        lab.in(hostNs, "ip", "link", "set", hostIf, "up");
        lab.in(sw, "ip", "link", "set", swIf, "address", mac(0, swIndex));
        lab.in(sw, "ip", "link", "set", swIf, "master", bridge);
    }

    /** The deterministic MAC {@code 02:00:00:00:HH:II}. */
    public static String mac(int hostId, int ifIndex) {
        return String.format(Locale.ROOT, "02:00:00:00:%02x:%02x", hostId, ifIndex);
    }

    /** The underlying namespace fixture, for anything the kit does not wrap. */
    public Lab lab() {
        return lab;
    }

    public Switch switchMode() {
        return switchMode;
    }

    public ReturnPath returnPath() {
        return returnPath;
    }

    public String sw() {
        return sw;
    }

    public String r1() {
        return r1;
    }

    public String r2() {
        return r2;
    }

    /** Router {@code 1} or {@code 2}. */
    public String router(int n) {
        if (n == 1) {
            return r1;
        }
        if (n == 2) {
            return r2;
        }
        throw new IllegalArgumentException("router " + n + " (expected: 1 or 2)");
    }

    public String client() {
        return client;
    }

    public String upstream() {
        return upstream;
    }

    /** A router's own LAN address ({@code 192.0.2.2} for r1), the source of its IPv4 adverts. */
    public String lanAddress(String routerNs, Family family) {
        int index = routerNs.equals(r1) ? 2 : routerNs.equals(r2) ? 3 : -1;
        if (index < 0) {
            throw new IllegalArgumentException(routerNs + " is not a router of this lab (" + r1 + ", " + r2 + ")");
        }
        return family == Family.IPV4 ? "192.0.2." + index : "2001:db8:1::" + index;
    }

    /**
     * A router's own link-local LAN address, the source of its IPv6 adverts: the EUI-64 address
     * of its deterministic MAC, e.g. {@code fe80::ff:fe00:100} for r1.
     */
    public String linkLocal(String routerNs) {
        int hostId = routerNs.equals(r1) ? 0x01 : routerNs.equals(r2) ? 0x02 : -1;
        if (hostId < 0) {
            throw new IllegalArgumentException(routerNs + " is not a router of this lab (" + r1 + ", " + r2 + ")");
        }
        return eui64LinkLocal(hostId, 0);
    }

    /** The EUI-64 link-local address of {@code mac(hostId, ifIndex)} (02:... flips to 00:...). */
    public static String eui64LinkLocal(int hostId, int ifIndex) {
        return String.format(Locale.ROOT, "fe80::ff:fe00:%x", (hostId << 8) | ifIndex);
    }

    /** Runs a command in a namespace of this lab; see {@link Lab#in}. */
    public String in(String ns, String... cmd) {
        return lab.in(ns, cmd);
    }

    /** Sets the router's default route via the upstream gateway (what a default-gateway hook would do). */
    public void setDefaultRoute(String routerNs, Family family) {
        lab.in(routerNs, "ip", family.flag(), "route", "replace", "default", "via",
                family == Family.IPV4 ? GATEWAY4 : GATEWAY6, "dev", UP_IF);
    }

    /** Removes the router's default route of that family, if any. */
    public void clearDefaultRoute(String routerNs, Family family) {
        lab.status(routerNs, "ip", family.flag(), "route", "del", "default");
    }

    /** Adds an address by hand (e.g. a VIP without any VRRP daemon). */
    public void addAddress(String ns, String ifname, String cidr) {
        if (cidr.contains(":")) {
            lab.in(ns, "ip", "addr", "add", cidr, "dev", ifname, "nodad");
        } else {
            lab.in(ns, "ip", "addr", "add", cidr, "dev", ifname);
        }
    }

    /** Removes an address if present; returns whether it was there. */
    public boolean removeAddress(String ns, String ifname, String cidr) {
        return lab.status(ns, "ip", "addr", "del", cidr, "dev", ifname) == 0;
    }

    /**
     * Whole-router death as the LAN and the upstream see it: the switch ports of the router go
     * down (the router sees no carrier). Pair with {@link KeepalivedPeer#crash()} so the daemon
     * cannot react. Needs {@link ReturnPath#UPSTREAM_VIP} for replies to keep flowing.
     */
    public void isolate(String routerNs) {
        String port = switchPortPrefix(routerNs);
        lab.in(sw, "ip", "link", "set", port + "-lan", "down");
        lab.in(sw, "ip", "link", "set", port + "-up", "down");
    }

    /** Undoes {@link #isolate}. */
    public void reconnect(String routerNs) {
        String port = switchPortPrefix(routerNs);
        lab.in(sw, "ip", "link", "set", port + "-lan", "up");
        lab.in(sw, "ip", "link", "set", port + "-up", "up");
    }

    private String switchPortPrefix(String routerNs) {
        if (routerNs.equals(r1)) {
            return "r1";
        }
        if (routerNs.equals(r2)) {
            return "r2";
        }
        throw new IllegalArgumentException(routerNs + " is not a router of this lab (" + r1 + ", " + r2 + ")");
    }

    /**
     * Starts keepalived on a router with one or more instances (several form a sync group);
     * stopped by {@link #close()} if the test does not.
     */
    public KeepalivedPeer keepalived(String routerNs, KeepalivedPeer.Config first, KeepalivedPeer.Config... more) {
        return register(KeepalivedPeer.start(routerNs, first, more));
    }

    /**
     * Starts vrrpd on a router with one or more instances (one process); stopped by
     * {@link #close()} if the test does not.
     */
    public VrrpdPeer vrrpd(String routerNs, VrrpdPeer.Config first, VrrpdPeer.Config... more) {
        return register(VrrpdPeer.start(routerNs, first, more));
    }

    /** Starts an advert capture (ready when this returns); stopped by {@link #close()} at the latest. */
    public AdvertCapture capture(String ns, String ifname) {
        return register(AdvertCapture.start(ns, ifname));
    }

    /** Starts a client probe to the target of {@code family}; stopped by {@link #close()} at the latest. */
    public ClientProbe probe(Family family, java.time.Duration interval, java.time.Duration maxDuration) {
        return register(ClientProbe.start(client, family, interval, maxDuration));
    }

    private <T extends AutoCloseable> T register(T resource) {
        synchronized (resources) {
            resources.push(resource);
        }
        return resource;
    }

    /** Stops everything started through the lab, then kills what remains by PID and deletes the namespaces. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs teardown itself
        }
        teardown();
    }

    private synchronized void teardown() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            while (true) {
                AutoCloseable r;
                synchronized (resources) {
                    r = resources.poll();
                }
                if (r == null) {
                    break;
                }
                try {
                    r.close();
                } catch (Exception e) {
                    System.err.println("BladeLab: closing " + r + " failed: " + e);
                }
            }
        } finally {
            lab.close();
        }
    }
}
