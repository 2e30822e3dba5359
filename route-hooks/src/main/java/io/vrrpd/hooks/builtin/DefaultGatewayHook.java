package io.vrrpd.hooks.builtin;

import io.vrrpd.core.IpText;
import io.vrrpd.hooks.Deadline;
import io.vrrpd.hooks.Evidence;
import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;
import io.vrrpd.hooks.HookResult.Verified;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.ReportedState;
import io.vrrpd.hooks.TransitionEvent;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.OnBackup;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Probe;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeSource;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.NeighborState;
import io.vrrpd.hooks.kernel.RouteLookup;
import io.vrrpd.hooks.kernel.RouteSpec;

import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code default-gateway} hook: while any bound instance is master, a default route via
 * the gateway over the interface, tagged with vrrpd's protocol (200), in the configured table
 * with the configured metric; verified by a FIB lookup, the gateway's neighbour entry and an
 * optional active probe. See docs/hooks.md.
 */
final class DefaultGatewayHook implements Hook {
    /** FIB lookup destinations when no probe target is set: documentation addresses beyond any LAN. */
    static final InetAddress LOOKUP4 = literal("203.0.113.1");
    static final InetAddress LOOKUP6 = literal("2001:db8:99::1");

    private final DefaultGatewayConfig config;
    private final HookContext context;
    private final Kernel kernel;
    private final InetAddress gateway;
    private final InterfaceSelector uplink;
    /** The uplink's name when last looked up (by MAC it may change); read without the lock by {@link #affectedBy}. */
    private volatile String ifname;
    private final int table;
    private final int metric;
    private final Set<String> masters = new LinkedHashSet<>();
    private final Map<String, List<InetAddress>> virtualAddresses = new HashMap<>();
    /** The interface's index when last looked up; read without the lock by {@link #affectedBy}. */
    private volatile int lastIfindex;

    DefaultGatewayHook(DefaultGatewayConfig config, HookContext context) {
        this.config = config;
        this.context = context;
        this.kernel = context.kernel();
        this.gateway = config.gateway();
        this.uplink = config.uplink();
        this.ifname = uplink instanceof InterfaceSelector.ByName byName ? byName.name() : uplink.describe();
        this.table = (int) (long) config.table();
        this.metric = (int) (long) config.metric();
    }

    private static InetAddress literal(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Duration timeout() {
        return config.verify().timeout();
    }

    @Override
    public Optional<Duration> reverifyInterval() {
        return Optional.of(config.verify().interval());
    }

    @Override
    public FailurePolicy failurePolicy() {
        return config.failurePolicy();
    }

    @Override
    public String describe() {
        return "default-gateway via " + IpText.format(gateway) + " dev " + ifname + " table "
                + Integer.toUnsignedString(table);
    }

    @Override
    public synchronized HookResult onTransition(TransitionEvent event, Deadline deadline) {
        String name = event.instance().name();
        virtualAddresses.put(name, event.virtualAddresses());
        if (event.takingOver()) {
            masters.add(name);
            return installAndVerify(internal(deadline), List.of(), event.virtualAddresses());
        }
        if (event.to() == ReportedState.BACKUP || event.to() == ReportedState.FAULT || event.to() == ReportedState.INIT) {
            masters.remove(name);
            if (!masters.isEmpty()) {
                return new Verified("kept " + route(gateway) + ": still master for " + String.join(", ", masters));
            }
            return applyOnBackup();
        }
        // MASTER and EGRESS_FAILED follow from our own results: nothing to apply
        return new Verified("nothing to do on " + event.to().jsonName());
    }

    @Override
    public synchronized HookResult onStop(TransitionEvent event, Deadline deadline) {
        masters.remove(event.instance().name());
        return masters.isEmpty() ? applyOnBackup() : new Verified("kept " + route(gateway) + ": still master for "
                + String.join(", ", masters));
    }

    @Override
    public synchronized HookResult reverify(InstanceRef instance, Deadline deadline) {
        Deadline d = internal(deadline);
        List<InetAddress> vips = virtualAddresses.getOrDefault(instance.name(), List.of());
        if (!masters.contains(instance.name())) {
            return readiness(d);
        }
        List<String> restored = new ArrayList<>();
        int ifindex;
        try {
            ifindex = ifindex();
        } catch (KernelException | MissingInterface e) {
            return new Failed(FailureReason.ROUTE_NOT_INSTALLED, e.getMessage(), new Evidence(lookupNow(), null, null));
        }
        RouteSpec ours = RouteSpec.defaultRoute(gateway, ifindex, table, metric);
        try {
            if (kernel.routes(RouteSpec.PROTOCOL_VRRPD).stream().noneMatch(r -> sameRoute(r, ours))) {
                RouteSpec foreign = foreignInPlaceOf(ours);
                if (foreign != null && !leadsLike(foreign, ours)) {
                    return notOurs(foreign, restored);
                }
                if (foreign == null) {
                    kernel.replaceRoute(ours);
                    restored.add(route(gateway) + " (was missing from the kernel)");
                }
            }
        } catch (KernelException e) {
            return new Failed(FailureReason.ROUTE_NOT_INSTALLED, "cannot restore " + route(gateway) + ": " + e.getMessage(),
                    new Evidence(lookupNow(), null, null));
        }
        return verify(d, ifindex, restored, vips);
    }

    /**
     * A default route of our family and table deleted (ours) or added (a competitor that may
     * shadow ours), a change to our interface, an address removed from it or added to it, or lost
     * events.
     */
    @Override
    public boolean affectedBy(KernelEvent event) {
        boolean v6 = gateway instanceof Inet6Address;
        int index = lastIfindex;
        if (event instanceof KernelEvent.RouteDeleted d) {
            return d.route().isDefault() && d.route().ipv6() == v6 && d.route().table() == table
                    && d.route().installedByVrrpd();
        } else if (event instanceof KernelEvent.RouteAdded a) {
            return a.route().isDefault() && a.route().ipv6() == v6 && a.route().table() == table
                    && !a.route().installedByVrrpd();
        } else if (event instanceof KernelEvent.LinkChanged c) {
            return c.link().name().equals(ifname) || c.link().index() == index;
        } else if (event instanceof KernelEvent.LinkRenamed r) {
            return r.oldName().equals(ifname) || r.newName().equals(ifname) || r.index() == index;
        } else if (event instanceof KernelEvent.LinkDeleted d) {
            return d.name().equals(ifname) || d.index() == index;
        } else if (event instanceof KernelEvent.LinkAdded a) {
            return !uplink.matches(List.of(a.link())).isEmpty();
        } else if (event instanceof KernelEvent.AddressDeleted d) {
            return index != 0 && d.address().ifindex() == index;
        } else if (event instanceof KernelEvent.AddressAdded a) {
            // the uplink got an address back (after a flush): a route that could not be restored
            // without it can be now
            return index != 0 && a.address().ifindex() == index;
        }
        return event instanceof KernelEvent.EventsLost;
    }

    // ---------------------------------------------------------------- install, verify

    private HookResult installAndVerify(Deadline d, List<String> restored, List<InetAddress> vips) {
        int ifindex;
        try {
            ifindex = ifindex();
            RouteSpec ours = RouteSpec.defaultRoute(gateway, ifindex, table, metric);
            RouteSpec foreign = foreignInPlaceOf(ours);
            if (foreign == null) {
                kernel.replaceRoute(ours);
            } else if (!leadsLike(foreign, ours)) {
                return notOurs(foreign, restored);
            }
        } catch (KernelException | MissingInterface e) {
            return new Failed(FailureReason.ROUTE_NOT_INSTALLED, "cannot install " + route(gateway) + ": " + e.getMessage(),
                    new Evidence(lookupNow(), null, null), restored);
        }
        return verify(d, ifindex, restored, vips);
    }

    /**
     * A default route vrrpd did not add in the place of {@code ours} (same family, table and
     * metric), or null. A replace would take it over, and the withdrawal on backup would then
     * leave the router with no default route: vrrpd never replaces one.
     */
    private RouteSpec foreignInPlaceOf(RouteSpec ours) throws KernelException {
        for (RouteSpec r : kernel.routes()) {
            if (r.isDefault() && r.ipv6() == ours.ipv6() && r.table() == ours.table()
                    && r.kernelMetric() == ours.kernelMetric() && !r.installedByVrrpd()) {
                return r;
            }
        }
        return null;
    }

    /** Whether {@code foreign} sends traffic where {@code ours} would: then it is used as it is. */
    private static boolean leadsLike(RouteSpec foreign, RouteSpec ours) {
        return sameAddress(foreign.gateway(), ours.gateway()) && foreign.ifindex() == ours.ifindex();
    }

    private HookResult notOurs(RouteSpec foreign, List<String> restored) {
        return new Failed(FailureReason.ROUTE_NOT_INSTALLED, foreign + " was not added by vrrpd: it is neither"
                + " replaced nor ever removed; remove it, or give this hook another metric so both can coexist",
                new Evidence(lookupNow(), null, null), restored);
    }

    private HookResult verify(Deadline d, int ifindex, List<String> restored, List<InetAddress> vips) {
        DefaultGatewayConfig.Verify v = config.verify();
        Probe probe = v.probe();
        InetAddress source = probe != null && probe.source() == ProbeSource.VIP ? vipOf(vips) : null;
        List<String> passed = new ArrayList<>();
        String routeSeen = null;
        String neighborSeen = null;
        if (v.fib()) {
            InetAddress dst = probe != null ? probe.target() : gateway instanceof Inet6Address ? LOOKUP6 : LOOKUP4;
            // a route in another table is only reachable through a policy rule, typically "from VIP"
            InetAddress lookupSource = table != RouteSpec.TABLE_MAIN ? vipOf(vips) : null;
            try {
                RouteLookup seen = kernel.lookup(dst, lookupSource, 0);
                routeSeen = describe(dst, lookupSource, seen);
                if (!sameAddress(seen.gateway(), gateway) || seen.oif() != ifindex) {
                    return new Failed(FailureReason.FIB_MISMATCH, "lookup of " + IpText.format(dst)
                            + " does not leave via " + IpText.format(gateway) + " dev " + ifname,
                            new Evidence(routeSeen, null, null), restored);
                }
            } catch (KernelException e) {
                routeSeen = IpText.format(dst) + (lookupSource == null ? "" : " from " + IpText.format(lookupSource))
                        + ": " + e.getMessage();
                return new Failed(FailureReason.FIB_MISMATCH, "no route to " + IpText.format(dst),
                        new Evidence(routeSeen, null, null), restored);
            }
            passed.add("lookup " + routeSeen);
        }
        if (v.neighbor()) {
            try {
                NeighborState state = kernel.resolveNeighbor(ifindex, gateway, d.remaining());
                neighborSeen = IpText.format(gateway) + " " + state;
                if (!state.confirmed()) {
                    return new Failed(FailureReason.NEIGHBOR_UNRESOLVED, "gateway " + IpText.format(gateway)
                            + " did not answer ARP/NDP on " + ifname + " within " + d.budget().toMillis()
                            + " ms (neighbour " + state + ")",
                            new Evidence(routeSeen, neighborSeen, null), restored);
                }
            } catch (KernelException e) {
                neighborSeen = IpText.format(gateway) + ": " + e.getMessage();
                return new Failed(FailureReason.NEIGHBOR_UNRESOLVED, "cannot resolve gateway " + IpText.format(gateway),
                        new Evidence(routeSeen, neighborSeen, null), restored);
            }
            passed.add("neighbour " + neighborSeen);
        }
        if (probe != null) {
            if (probe.source() == ProbeSource.VIP && source == null) {
                return new Failed(FailureReason.PROBE_FAILED, "no virtual address of the gateway's family to send the probe from",
                        new Evidence(routeSeen, neighborSeen, "no source"), restored);
            }
            ProbeOutcome outcome = probe(probe, source, d);
            if (!outcome.ok()) {
                return new Failed(FailureReason.PROBE_FAILED, outcome.text(),
                        new Evidence(routeSeen, neighborSeen, outcome.text()), restored);
            }
            passed.add("probe " + outcome.text());
        }
        return new Verified(route(gateway) + " verified: " + (passed.isEmpty() ? "installed" : String.join("; ", passed)),
                restored);
    }

    /** While not master: is the gateway resolvable over the uplink? Routes are not touched. */
    private HookResult readiness(Deadline d) {
        try {
            Link link = uplink();
            if (!link.usable()) {
                return new Failed(FailureReason.NEIGHBOR_UNRESOLVED, "interface " + ifname + " is down",
                        new Evidence(null, "link " + (link.up() ? "up" : "down") + ", carrier "
                                + (link.lowerUp() ? "yes" : "no"), null));
            }
            NeighborState state = kernel.resolveNeighbor(link.index(), gateway, d.remaining());
            String seen = IpText.format(gateway) + " " + state;
            return state.confirmed() ? new Verified("ready: gateway " + seen + " on " + ifname)
                    : new Failed(FailureReason.NEIGHBOR_UNRESOLVED, "gateway " + IpText.format(gateway)
                    + " did not answer ARP/NDP on " + ifname + " (neighbour " + state + ")",
                    new Evidence(null, seen, null));
        } catch (KernelException | MissingInterface e) {
            return new Failed(FailureReason.NEIGHBOR_UNRESOLVED, e.getMessage(), Evidence.NONE);
        }
    }

    private HookResult applyOnBackup() {
        OnBackup onBackup = config.onBackup();
        try {
            switch (onBackup.action()) {
                case KEEP -> {
                    return new Verified("kept " + route(gateway) + " (on-backup: keep)");
                }
                case VIA -> {
                    RouteSpec via = RouteSpec.defaultRoute(onBackup.via(), ifindex(), table, metric);
                    RouteSpec foreign = foreignInPlaceOf(via);
                    if (foreign != null) {
                        return new Verified("left " + foreign + " in place: vrrpd did not add it (on-backup: via)");
                    }
                    kernel.replaceRoute(via);
                    return new Verified("replaced by " + route(onBackup.via()) + " (on-backup: via)");
                }
                default -> {
                    int ifindex = uplink.in(kernel).map(Link::index).orElse(0);
                    if (ifindex == 0) {
                        return new Verified("nothing to withdraw: interface " + ifname + " is gone, and its routes with it");
                    }
                    try {
                        kernel.deleteRoute(RouteSpec.defaultRoute(gateway, ifindex, table, metric));
                        return new Verified("withdrew " + route(gateway));
                    } catch (KernelException e) {
                        if (e.errno() == Errno.ESRCH || e.errno() == Errno.ENOENT) {
                            return new Verified("nothing to withdraw: " + route(gateway) + " was not installed");
                        }
                        throw e;
                    }
                }
            }
        } catch (KernelException | MissingInterface e) {
            return new Failed(FailureReason.WITHDRAW_FAILED, "on-backup " + onBackup + ": " + e.getMessage(), Evidence.NONE);
        }
    }

    // ---------------------------------------------------------------- probes

    private record ProbeOutcome(boolean ok, String text) {
    }

    private ProbeOutcome probe(Probe probe, InetAddress source, Deadline d) {
        String from = source == null ? "" : " from " + IpText.format(source);
        long millis = Math.max(1, d.remaining().toMillis());
        return switch (probe.type()) {
            case TCP -> tcpProbe(probe, source, from, d);
            case ICMP -> {
                try {
                    boolean reachable = context.inNamespace(() -> probe.target().isReachable((int) Math.min(millis, Integer.MAX_VALUE)));
                    yield reachable ? new ProbeOutcome(true, "icmp echo " + IpText.format(probe.target()) + " answered")
                            : new ProbeOutcome(false, "icmp echo " + IpText.format(probe.target()) + ": no reply within "
                            + millis + " ms");
                } catch (Exception e) {
                    yield new ProbeOutcome(false, "icmp echo " + IpText.format(probe.target()) + ": " + e);
                }
            }
        };
    }

    /**
     * TCP connect to target:port. Connected or refused (RST) both mean a packet went out via the
     * gateway and the answer came back: the path works. Unreachable errors and silence do not.
     */
    private ProbeOutcome tcpProbe(Probe probe, InetAddress source, String from, Deadline d) {
        String what = "tcp " + hostPort(probe.target(), probe.port()) + from;
        try (SocketChannel ch = context.inNamespace(() -> SocketChannel.open(
                probe.target() instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET));
             Selector selector = Selector.open()) {
            ch.configureBlocking(false);
            if (source != null) {
                ch.bind(new InetSocketAddress(source, 0));
            }
            if (ch.connect(new InetSocketAddress(probe.target(), probe.port()))) {
                return new ProbeOutcome(true, what + " connected");
            }
            ch.register(selector, SelectionKey.OP_CONNECT);
            while (!d.expired()) {
                if (selector.select(Math.max(1, d.remaining().toMillis())) > 0) {
                    try {
                        ch.finishConnect();
                        return new ProbeOutcome(true, what + " connected");
                    } catch (ConnectException e) {
                        if (String.valueOf(e.getMessage()).contains("refused")) {
                            return new ProbeOutcome(true, what + " refused (the target answered: the path works)");
                        }
                        return new ProbeOutcome(false, what + ": " + e.getMessage());
                    }
                }
            }
            return new ProbeOutcome(false, what + ": no answer within " + d.budget().toMillis() + " ms");
        } catch (Exception e) {
            return new ProbeOutcome(false, what + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- helpers

    /** An internal deadline a little before the runner's, so a slow check fails with its own reason, not TIMEOUT. */
    private static Deadline internal(Deadline outer) {
        long left = outer.remainingNanos();
        long margin = Math.min(Duration.ofMillis(100).toNanos(), left / 10);
        return Deadline.after(Duration.ofNanos(left - margin));
    }

    private static final class MissingInterface extends Exception {
        private static final long serialVersionUID = 1L;

        MissingInterface(InterfaceSelector uplink) {
            super(uplink instanceof InterfaceSelector.ByMac m ? "no interface has MAC " + m.mac() + " (removed?)"
                    : "interface " + uplink.describe() + " does not exist (renamed or removed?)");
        }
    }

    /** The uplink now, looked up by name or MAC; remembers its index and name for {@link #affectedBy}. */
    private Link uplink() throws KernelException, MissingInterface {
        Link link = uplink.in(kernel).orElseThrow(() -> new MissingInterface(uplink));
        lastIfindex = link.index();
        ifname = link.name();
        return link;
    }

    private int ifindex() throws KernelException, MissingInterface {
        return uplink().index();
    }

    private String route(InetAddress via) {
        return "default via " + IpText.format(via) + " dev " + ifname + " table " + Integer.toUnsignedString(table)
                + " metric " + Integer.toUnsignedString(metric);
    }

    /** Where traffic goes now, for the evidence of a failure that came before the FIB check. */
    private String lookupNow() {
        Probe probe = config.verify().probe();
        InetAddress dst = probe != null ? probe.target() : gateway instanceof Inet6Address ? LOOKUP6 : LOOKUP4;
        try {
            return describe(dst, null, kernel.lookup(dst));
        } catch (KernelException e) {
            return IpText.format(dst) + ": " + e.getMessage();
        }
    }

    private String describe(InetAddress dst, InetAddress source, RouteLookup seen) {
        String dev;
        try {
            dev = kernel.link(seen.oif()).map(Link::name).orElse("ifindex " + seen.oif());
        } catch (KernelException e) {
            dev = "ifindex " + seen.oif();
        }
        return IpText.format(dst) + (source == null ? "" : " from " + IpText.format(source))
                + (seen.gateway() == null ? " on-link" : " via " + IpText.format(seen.gateway()))
                + " dev " + dev + " table " + Integer.toUnsignedString(seen.table());
    }

    /** The first virtual address of the gateway's family, global before link-local. */
    private InetAddress vipOf(List<InetAddress> vips) {
        InetAddress linkLocal = null;
        for (InetAddress a : vips) {
            if (a.getClass() == gateway.getClass()) {
                if (!a.isLinkLocalAddress()) {
                    return a;
                }
                linkLocal = linkLocal == null ? a : linkLocal;
            }
        }
        return linkLocal;
    }

    private static boolean sameAddress(InetAddress a, InetAddress b) {
        return a != null && b != null && Arrays.equals(a.getAddress(), b.getAddress());
    }

    /** Our route as the kernel lists it: IPv6 stores metric 0 as 1024. */
    private static boolean sameRoute(RouteSpec seen, RouteSpec ours) {
        return seen.isDefault() && seen.ipv6() == ours.ipv6() && sameAddress(seen.gateway(), ours.gateway())
                && seen.ifindex() == ours.ifindex() && seen.table() == ours.table()
                && seen.kernelMetric() == ours.kernelMetric();
    }

    private static String hostPort(InetAddress a, int port) {
        return (a instanceof Inet4Address ? IpText.format(a) : "[" + IpText.format(a) + "]") + ":" + port;
    }
}
