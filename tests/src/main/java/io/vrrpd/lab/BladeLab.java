package io.vrrpd.lab;

import io.vrrpd.hooks.kernel.NamespaceLab;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 *
 * <p>What it is made of is a {@link LabPlan}: {@link #create()} builds {@link LabPlan#standard};
 * {@link #create(String, LabPlan)} builds any plan (the rehearsal harness derives one from the
 * blades' config files, with their production interface names). The accessors named after r1
 * and r2 are the standard plan's.
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

    private final NamespaceLab lab;
    private final LabPlan plan;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    /** Tears down if the JVM exits without {@link #close()} (a killed run, or Ctrl-C). */
    private final Thread shutdownHook = new Thread(this::teardown, "bladelab-teardown");
    /** Namespace of each blade, by blade name, in plan order. */
    private final Map<String, String> bladeNs = new LinkedHashMap<>();
    private boolean closed;
    private String sw;
    private String client;
    private String upstream;

    private BladeLab(NamespaceLab lab, LabPlan plan) {
        this.lab = lab;
        this.plan = plan;
    }

    /** Builds the standard lab with the kernel's default bridge multicast behaviour and the ECMP return path. */
    public static BladeLab create() {
        return create(Switch.SNOOPING_NO_QUERIER, ReturnPath.ECMP);
    }

    /**
     * Builds the standard lab; throws {@link io.vrrpd.hooks.kernel.LabUnavailableException} when
     * not root (a test then skips with that reason). Tears down what it built if building fails.
     */
    public static BladeLab create(Switch switchMode, ReturnPath returnPath) {
        return create("bl", switchMode, returnPath);
    }

    /**
     * Like {@link #create(Switch, ReturnPath)} with namespaces named after {@code tag} (at most
     * three characters), so test classes that run in parallel cannot collide.
     */
    public static BladeLab create(String tag, Switch switchMode, ReturnPath returnPath) {
        return create(tag, LabPlan.standard(switchMode, returnPath));
    }

    /** Builds {@code plan} in namespaces named {@code <tag><run>-<host>}; torn down if building fails. */
    public static BladeLab create(String tag, LabPlan plan) {
        BladeLab bl = new BladeLab(NamespaceLab.create(tag), plan);
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
        for (LabPlan.Blade b : plan.blades()) {
            bladeNs.put(b.name(), lab.addHost(b.name(), true));
        }
        client = lab.addHost("client", false);
        upstream = lab.addHost("up", false);

        bridge(LabPlan.Segment.LAN.bridge(), "02:00:00:00:00:f1");
        bridge(LabPlan.Segment.UPLINK.bridge(), "02:00:00:00:00:f2");

        int swIndex = 1;
        for (LabPlan.Blade b : plan.blades()) {
            String ns = bladeNs.get(b.name());
            lab.in(ns, "sysctl", "-qw", "net.ipv4.conf.all.rp_filter=0", "net.ipv4.conf.default.rp_filter=0");
            for (LabPlan.Port p : b.ports()) {
                port(ns, p.ifname(), switchPort(b, p.segment()), p.segment().bridge(), p.mac(), swIndex++);
                lab.in(ns, "sysctl", "-qw", "net.ipv4.conf." + p.ifname().replace('.', '/') + ".rp_filter=0");
                for (String cidr : p.addresses()) {
                    addAddress(ns, p.ifname(), cidr);
                }
            }
            LabPlan.Port lan = b.port(LabPlan.Segment.LAN);
            String ll = LabPlan.eui64LinkLocal(lan.mac());
            if (!KeepalivedPeer.addresses(ns, lan.ifname()).contains(ll)) {
                throw new IllegalStateException("expected link-local " + ll + " on " + lan.ifname() + " in " + ns
                        + ", found " + KeepalivedPeer.addresses(ns, lan.ifname()));
            }
        }

        port(client, LAN_IF, "cl-lan", LabPlan.Segment.LAN.bridge(), LabPlan.mac(0x10, 0), swIndex++);
        // ICMP datagram sockets for root in the client, so IcmpProbe can ping without raw sockets
        lab.in(client, "sysctl", "-qw", "net.ipv4.ping_group_range=0 2147483647");
        for (String cidr : plan.client().addresses()) {
            addAddress(client, LAN_IF, cidr);
        }
        if (plan.client().gateway4() != null) {
            lab.in(client, "ip", "route", "add", "default", "via", plan.client().gateway4());
        }
        if (plan.client().gateway6() != null) {
            lab.in(client, "ip", "-6", "route", "add", "default", "via", plan.client().gateway6(), "dev", LAN_IF);
        }

        port(upstream, LAN_IF, "up-up", LabPlan.Segment.UPLINK.bridge(), LabPlan.mac(0x20, 0), swIndex);
        for (String cidr : plan.upstream().addresses()) {
            addAddress(upstream, LAN_IF, cidr);
        }
        for (String target : plan.upstream().targets()) {
            addAddress(upstream, "lo", target + (target.contains(":") ? "/128" : "/32"));
        }
        for (LabPlan.ReturnRoute r : plan.upstream().returnRoutes()) {
            List<String> cmd = new java.util.ArrayList<>(List.of("ip", Family.of(r.prefix()).flag(), "route", "add", r.prefix()));
            if (r.via().size() == 1) {
                cmd.addAll(List.of("via", r.via().get(0)));
            } else {
                r.via().forEach(v -> cmd.addAll(List.of("nexthop", "via", v)));
            }
            lab.in(upstream, cmd.toArray(String[]::new));
        }
    }

    private void bridge(String name, String mac) {
        String snooping = plan.switchMode() == Switch.FLOOD ? "0" : "1";
        String querier = plan.switchMode() == Switch.SNOOPING_WITH_QUERIER ? "1" : "0";
        lab.in(sw, "ip", "link", "add", name, "address", mac, "type", "bridge", "stp_state", "0", "forward_delay", "0",
                "mcast_snooping", snooping, "mcast_querier", querier);
        lab.in(sw, "ip", "link", "set", name, "up");
    }

    private void port(String hostNs, String hostIf, String swIf, String bridge, String mac, int swIndex) {
        lab.veth(hostNs, hostIf, sw, swIf);
        // Down and up again so the kernel regenerates the IPv6 link-local address from the new MAC.
        lab.in(hostNs, "ip", "link", "set", hostIf, "down");
        lab.in(hostNs, "ip", "link", "set", hostIf, "address", mac);
        lab.in(hostNs, "ip", "link", "set", hostIf, "up");
        lab.in(sw, "ip", "link", "set", swIf, "address", LabPlan.mac(0, swIndex));
        lab.in(sw, "ip", "link", "set", swIf, "master", bridge);
    }

    /**
     * The switch's port for a blade's segment: {@code <blade>-lan} / {@code <blade>-up} when the
     * name is short, {@code b<id>-lan} otherwise (interface names have at most 15 characters).
     */
    public static String switchPort(LabPlan.Blade b, LabPlan.Segment segment) {
        String base = b.name().matches("[a-z0-9]{1,8}") ? b.name() : "b" + b.id();
        return base + "-" + segment.suffix();
    }

    /** The deterministic MAC {@code 02:00:00:00:HH:II}. */
    public static String mac(int hostId, int ifIndex) {
        return LabPlan.mac(hostId, ifIndex);
    }

    /** The plan this lab was built from. */
    public LabPlan plan() {
        return plan;
    }

    /** The namespace of blade {@code name}. */
    public String blade(String name) {
        String ns = bladeNs.get(name);
        if (ns == null) {
            throw new IllegalArgumentException("no blade " + name + " in this lab (" + bladeNs.keySet() + ")");
        }
        return ns;
    }

    private LabPlan.Blade bladeOf(String ns) {
        for (Map.Entry<String, String> e : bladeNs.entrySet()) {
            if (e.getValue().equals(ns)) {
                return plan.blade(e.getKey());
            }
        }
        throw new IllegalArgumentException(ns + " is not a blade of this lab (" + bladeNs.values() + ")");
    }

    /** The underlying namespaces, for anything the kit does not wrap. */
    public NamespaceLab lab() {
        return lab;
    }

    public Switch switchMode() {
        return plan.switchMode();
    }

    public String sw() {
        return sw;
    }

    /** Blade r1 of the standard plan (the first blade of any plan). */
    public String r1() {
        return router(1);
    }

    /** Blade r2 of the standard plan (the second blade of any plan). */
    public String r2() {
        return router(2);
    }

    /** Blade {@code n} (1-based, in plan order). */
    public String router(int n) {
        if (n < 1 || n > plan.blades().size()) {
            throw new IllegalArgumentException("router " + n + " (expected: 1.." + plan.blades().size() + ")");
        }
        return bladeNs.get(plan.blades().get(n - 1).name());
    }

    public String client() {
        return client;
    }

    public String upstream() {
        return upstream;
    }

    /** A blade's own first LAN address of {@code family} ({@code 192.0.2.2} for r1), the source of its IPv4 adverts. */
    public String lanAddress(String bladeNs, Family family) {
        return bladeOf(bladeNs).port(LabPlan.Segment.LAN).addresses().stream().map(LabPlan::bare)
                .filter(a -> Family.of(a) == family && !Addresses.isLinkLocal(a)).findFirst()
                .orElseThrow(() -> new IllegalStateException(bladeNs + " has no " + family + " LAN address"));
    }

    /**
     * A blade's own link-local LAN address, the source of its IPv6 adverts: the EUI-64 address
     * of its deterministic MAC, e.g. {@code fe80::ff:fe00:100} for r1.
     */
    public String linkLocal(String bladeNs) {
        return LabPlan.eui64LinkLocal(bladeOf(bladeNs).port(LabPlan.Segment.LAN).mac());
    }

    /** Runs a command in a namespace of this lab; see {@link NamespaceLab#in}. */
    public String in(String ns, String... cmd) {
        return lab.in(ns, cmd);
    }

    /** Sets the router's default route via the upstream gateway (what a default-gateway hook would do). */
    public void setDefaultRoute(String routerNs, Family family) {
        lab.in(routerNs, "ip", family.flag(), "route", "replace", "default", "via", plan.upstream().gateway(family),
                "dev", bladeOf(routerNs).port(LabPlan.Segment.UPLINK).ifname());
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
        switchPorts(routerNs, "down");
    }

    /** Undoes {@link #isolate}. */
    public void reconnect(String routerNs) {
        switchPorts(routerNs, "up");
    }

    private void switchPorts(String routerNs, String state) {
        LabPlan.Blade b = bladeOf(routerNs);
        for (LabPlan.Port p : b.ports()) {
            lab.in(sw, "ip", "link", "set", switchPort(b, p.segment()), state);
        }
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

    /** Registers {@code resource} to be closed by {@link #close()}, before the namespaces go; returns it. */
    public <T extends AutoCloseable> T register(T resource) {
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
