package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.AddressFlag;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.KernelListener;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.Macvlan;
import io.vrrpd.hooks.kernel.MacvlanMode;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.Neighbor;
import io.vrrpd.hooks.kernel.NeighborState;
import io.vrrpd.hooks.kernel.OperState;
import io.vrrpd.hooks.kernel.RouteLookup;
import io.vrrpd.hooks.kernel.RouteSpec;
import io.vrrpd.hooks.kernel.RouteType;
import io.vrrpd.hooks.kernel.RuleSpec;

import java.io.IOException;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link Kernel} over one rtnetlink request socket. The socket belongs to the network namespace
 * it was opened in: {@link #open()} uses the calling thread's, {@link #openIn(String)} a named
 * one. Thread-safe; requests are serialised on the socket. Each request waits at most
 * {@value #REPLY_TIMEOUT_MILLIS} ms for the kernel.
 */
public final class RtNetlinkKernel implements Kernel, AutoCloseable {
    static final long REPLY_TIMEOUT_MILLIS = 5000;
    private static final int RT_SCOPE_NOWHERE = 255;

    private final NetlinkSocket socket;
    private final String netns;

    private RtNetlinkKernel(NetlinkSocket socket, String netns) {
        this.socket = socket;
        this.netns = netns;
    }

    /** Opens a kernel handle in the calling thread's network namespace. */
    public static RtNetlinkKernel open() throws KernelException {
        RtNetlink.ensureAvailability();
        return new RtNetlinkKernel(NetlinkSocket.open(0, REPLY_TIMEOUT_MILLIS), null);
    }

    /**
     * Opens a kernel handle in namespace {@code netns} ({@code /run/netns/NAME}); its
     * {@link #watch monitors} are opened there too.
     */
    public static RtNetlinkKernel openIn(String netns) throws KernelException {
        RtNetlink.ensureAvailability();
        return new RtNetlinkKernel(inNamespace(netns, () -> NetlinkSocket.open(0, REPLY_TIMEOUT_MILLIS)), netns);
    }

    interface SocketFactory<T> {
        T open() throws KernelException;
    }

    static <T> T inNamespace(String netns, SocketFactory<T> factory) throws KernelException {
        if (netns == null) {
            return factory.open();
        }
        try {
            return NetNamespace.callIn(netns, factory::open);
        } catch (KernelException e) {
            throw e;
        } catch (Exception e) {
            throw new KernelException("setns(" + netns + ")", Errno.EIO, String.valueOf(e));
        }
    }

    // ---------------------------------------------------------------- links

    @Override
    public List<Link> links() throws KernelException {
        Nl.Request r = new Nl.Request(Nl.RTM_GETLINK, Nl.NLM_F_DUMP).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
        List<Link> links = new ArrayList<>();
        for (Nl.Message m : socket.request(r)) {
            if (m.type() == Nl.RTM_NEWLINK) {
                links.add(parseLink(m));
            }
        }
        links.sort(Comparator.comparingInt(Link::index));
        return links;
    }

    @Override
    public Optional<Link> link(int index) throws KernelException {
        return getLink(new Nl.Request(Nl.RTM_GETLINK, Nl.NLM_F_ACK).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(index).u32(0).u32(0));
    }

    @Override
    public Optional<Link> link(String name) throws KernelException {
        return getLink(new Nl.Request(Nl.RTM_GETLINK, Nl.NLM_F_ACK).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0)
                .attrString(Nl.IFLA_IFNAME, name));
    }

    private Optional<Link> getLink(Nl.Request r) throws KernelException {
        return getOne(r, Nl.RTM_NEWLINK, Errno.ENODEV, RtNetlinkKernel::parseLink);
    }

    /**
     * The first reply of {@code type} to a get request, parsed (empty when the parser says null),
     * or empty when the kernel answers {@code absent} (no such object).
     */
    private <T> Optional<T> getOne(Nl.Request r, int type, int absent, Function<Nl.Message, T> parse)
            throws KernelException {
        try {
            for (Nl.Message m : socket.request(r)) {
                if (m.type() == type) {
                    return Optional.ofNullable(parse.apply(m));
                }
            }
            return Optional.empty();
        } catch (KernelException e) {
            if (e.errno() == absent) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Link> link(MacAddress mac) throws KernelException {
        return links().stream().filter(l -> mac.equals(l.mac())).findFirst();
    }

    static Link parseLink(Nl.Message m) {
        ByteBuffer p = m.payload();
        int index = p.getInt(4);
        int flags = p.getInt(8);
        Nl.Attributes a = m.attributes(Nl.IFINFOMSG_LEN);
        byte[] mac = Nl.bytes(a.get(Nl.IFLA_ADDRESS));
        String name = Nl.string(a.get(Nl.IFLA_IFNAME));
        return new Link(index, name == null ? "if" + index : name, mac == null || mac.length == 0 ? null : MacAddress.of(mac),
                (flags & Nl.IFF_UP) != 0, (flags & Nl.IFF_LOWER_UP) != 0, (flags & Nl.IFF_RUNNING) != 0,
                OperState.valueOf(Nl.u8(a.get(Nl.IFLA_OPERSTATE), 0)), Nl.u32(a.get(Nl.IFLA_MTU), 0));
    }

    // ---------------------------------------------------------------- macvlans

    @Override
    public int addMacvlan(String name, int parent, MacAddress mac, MacvlanMode mode) throws KernelException {
        checkLinkName(name);
        Nl.Request r = new Nl.Request(Nl.RTM_NEWLINK, Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL)
                .u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0)
                .attrString(Nl.IFLA_IFNAME, name).attrU32(Nl.IFLA_LINK, parent).attr(Nl.IFLA_ADDRESS, mac.toBytes());
        int info = r.nest(Nl.IFLA_LINKINFO);
        r.attr(Nl.IFLA_INFO_KIND, "macvlan".getBytes(StandardCharsets.US_ASCII));
        int data = r.nest(Nl.IFLA_INFO_DATA);
        r.attrU32(Nl.IFLA_MACVLAN_MODE, mode.bits());
        r.end(data).end(info);
        socket.request(r);
        int index = link(name).orElseThrow(() -> new KernelException("RTM_NEWLINK(macvlan)", Errno.ENODEV,
                name + " was created but is gone")).index();
        // A separate message, while the link is down: the kernel ignores IFLA_AF_SPEC when it creates a link.
        Nl.Request mode6 = new Nl.Request(Nl.RTM_NEWLINK, Nl.NLM_F_ACK).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(index).u32(0).u32(0);
        int spec = mode6.nest(Nl.IFLA_AF_SPEC);
        int inet6 = mode6.nest(Nl.AF_INET6);
        mode6.attrU8(Nl.IFLA_INET6_ADDR_GEN_MODE, Nl.IN6_ADDR_GEN_MODE_NONE);
        mode6.end(inet6).end(spec);
        try {
            socket.request(mode6);
        } catch (KernelException e) {
            if (e.errno() != Errno.EAFNOSUPPORT && e.errno() != Errno.EOPNOTSUPP) {   // no IPv6 here: nothing to turn off
                throw e;
            }
        }
        return index;
    }

    @Override
    public Optional<Macvlan> macvlan(String name) throws KernelException {
        return getOne(new Nl.Request(Nl.RTM_GETLINK, Nl.NLM_F_ACK).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0)
                .attrString(Nl.IFLA_IFNAME, name), Nl.RTM_NEWLINK, Errno.ENODEV, RtNetlinkKernel::parseMacvlan);
    }

    /** The link as a macvlan, or null when it is of another kind. */
    static Macvlan parseMacvlan(Nl.Message m) {
        Link link = parseLink(m);
        Nl.Attributes a = m.attributes(Nl.IFINFOMSG_LEN);
        Nl.Attributes info = a.nested(Nl.IFLA_LINKINFO);
        if (!"macvlan".equals(Nl.string(info.get(Nl.IFLA_INFO_KIND))) || link.mac() == null) {
            return null;
        }
        int mode = Nl.u32(info.nested(Nl.IFLA_INFO_DATA).get(Nl.IFLA_MACVLAN_MODE), 0);
        return new Macvlan(link.index(), link.name(), Nl.u32(a.get(Nl.IFLA_LINK), 0), link.mac(), MacvlanMode.valueOf(mode),
                link.up());
    }

    @Override
    public void deleteLink(int ifindex) throws KernelException {
        socket.request(new Nl.Request(Nl.RTM_DELLINK, Nl.NLM_F_ACK).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(ifindex).u32(0).u32(0));
    }

    @Override
    public void setLinkUp(int ifindex, boolean up) throws KernelException {
        // ifi_change names the one flag changed: the others stay as they are
        socket.request(new Nl.Request(Nl.RTM_NEWLINK, Nl.NLM_F_ACK).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(ifindex)
                .u32(up ? Nl.IFF_UP : 0).u32(Nl.IFF_UP));
    }

    private static void checkLinkName(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > 15 || name.contains("/") || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(c -> c <= ' ' || c == ':')) {
            throw new IllegalArgumentException("interface name '" + name + "' (expected: 1 to 15 bytes, no '/', ':',"
                    + " blank or control character, not . or ..)");
        }
    }

    // ---------------------------------------------------------------- per-interface settings

    @Override
    public int interfaceSetting(AddressFamily family, String ifname, String key) throws KernelException {
        Path path = settingPath(family, ifname, key);
        String text = inNamespace(netns, () -> {
            try {
                return Files.readString(path).trim();
            } catch (IOException e) {
                throw settingFailure("read " + path, e);
            }
        });
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new KernelException("read " + path, Errno.EPROTO, "not an integer: " + text);
        }
    }

    @Override
    public void setInterfaceSetting(AddressFamily family, String ifname, String key, int value) throws KernelException {
        Path path = settingPath(family, ifname, key);
        inNamespace(netns, () -> {
            try {
                Files.writeString(path, Integer.toString(value));   // /proc/sys/net is the opening thread's namespace's
                return null;
            } catch (IOException e) {
                throw settingFailure("write " + path, e);
            }
        });
    }

    private static Path settingPath(AddressFamily family, String ifname, String key) {
        if (!ifname.equals("all") && !ifname.equals("default")) {
            checkLinkName(ifname);
        }
        if (!key.matches("[a-z0-9_]+")) {
            throw new IllegalArgumentException("setting '" + key + "' (expected: a name like arp_ignore)");
        }
        return Path.of("/proc/sys/net", family == AddressFamily.IPV4 ? "ipv4" : "ipv6", "conf", ifname, key);
    }

    private static KernelException settingFailure(String call, IOException e) {
        int errno = e instanceof NoSuchFileException ? Errno.ENOENT
                : e instanceof AccessDeniedException ? Errno.EACCES : Errno.EIO;
        return new KernelException(call, errno, String.valueOf(e.getMessage()));
    }

    // ---------------------------------------------------------------- addresses

    @Override
    public boolean addAddress(int ifindex, InetAddress address, int prefixLength, boolean nodad, int protocol)
            throws KernelException {
        checkPrefix(address, prefixLength);
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " (expected: 0..255)");
        }
        boolean v6 = address instanceof Inet6Address;
        int flags = v6 && nodad ? Nl.IFA_F_NODAD : 0;
        // EXCL, never REPLACE: a replace would take over (and re-tag) an address someone else added
        Nl.Request r = new Nl.Request(Nl.RTM_NEWADDR, Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL)
                .u8(Nl.family(address)).u8(prefixLength).u8(flags).u8(addressScope(address)).u32(ifindex)
                .attrAddress(Nl.IFA_LOCAL, address).attrAddress(Nl.IFA_ADDRESS, address);
        if (flags != 0) {
            r.attrU32(Nl.IFA_FLAGS, flags);
        }
        if (protocol != 0) {
            r.attrU8(Nl.IFA_PROTO, protocol);
        }
        return create(r);
    }

    /** Sends an NLM_F_EXCL creation: true when it created, false when the kernel had it (EEXIST). */
    private boolean create(Nl.Request r) throws KernelException {
        try {
            socket.request(r);
            return true;
        } catch (KernelException e) {
            if (e.errno() == Errno.EEXIST) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void deleteAddress(int ifindex, InetAddress address, int prefixLength) throws KernelException {
        checkPrefix(address, prefixLength);
        socket.request(new Nl.Request(Nl.RTM_DELADDR, Nl.NLM_F_ACK)
                .u8(Nl.family(address)).u8(prefixLength).u8(0).u8(0).u32(ifindex)
                .attrAddress(Nl.IFA_LOCAL, address).attrAddress(Nl.IFA_ADDRESS, address));
    }

    private static int addressScope(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Nl.RT_SCOPE_HOST;
        }
        return address.isLinkLocalAddress() ? Nl.RT_SCOPE_LINK : Nl.RT_SCOPE_UNIVERSE;
    }

    private static void checkPrefix(InetAddress address, int prefixLength) {
        int max = address instanceof Inet6Address ? 128 : 32;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " for " + address.getHostAddress()
                    + " (expected: 0.." + max + ")");
        }
    }

    @Override
    public List<Address> addresses() throws KernelException {
        return addresses(0);
    }

    @Override
    public List<Address> addresses(int ifindex) throws KernelException {
        Nl.Request r = new Nl.Request(Nl.RTM_GETADDR, Nl.NLM_F_DUMP).u8(Nl.AF_UNSPEC).u8(0).u8(0).u8(0).u32(0);
        List<Address> out = new ArrayList<>();
        for (Nl.Message m : socket.request(r)) {
            if (m.type() == Nl.RTM_NEWADDR) {
                Address a = parseAddress(m);
                if (a != null && (ifindex == 0 || a.ifindex() == ifindex)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    static Address parseAddress(Nl.Message m) {
        ByteBuffer p = m.payload();
        int family = p.get(0) & 0xff;
        int prefix = p.get(1) & 0xff;
        int flags8 = p.get(2) & 0xff;
        int scope = p.get(3) & 0xff;
        int index = p.getInt(4);
        Nl.Attributes a = m.attributes(Nl.IFADDRMSG_LEN);
        InetAddress address = family == Nl.AF_INET
                ? Nl.address(a.get(Nl.IFA_LOCAL) != null ? a.get(Nl.IFA_LOCAL) : a.get(Nl.IFA_ADDRESS))
                : Nl.address(a.get(Nl.IFA_ADDRESS) != null ? a.get(Nl.IFA_ADDRESS) : a.get(Nl.IFA_LOCAL));
        if (address == null || (family != Nl.AF_INET && family != Nl.AF_INET6)) {
            return null;
        }
        int flags = Nl.u32(a.get(Nl.IFA_FLAGS), flags8);
        return new Address(index, address, prefix, scope, AddressFlag.fromBits(flags), Nl.u8(a.get(Nl.IFA_PROTO), 0));
    }

    // ---------------------------------------------------------------- routes

    @Override
    public void replaceRoute(RouteSpec route) throws KernelException {
        Nl.Request r = new Nl.Request(Nl.RTM_NEWROUTE, Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE);
        // as iproute2 does: a unicast route without a gateway is on-link; every other is universe
        boolean onLink = route.type() == RouteType.UNICAST && route.gateway() == null;
        routeMessage(r, route, onLink ? Nl.RT_SCOPE_LINK : Nl.RT_SCOPE_UNIVERSE, route.type().ordinal());
        socket.request(r);
    }

    @Override
    public void deleteRoute(RouteSpec route) throws KernelException {
        Nl.Request r = new Nl.Request(Nl.RTM_DELROUTE, Nl.NLM_F_ACK);
        routeMessage(r, route, RT_SCOPE_NOWHERE, 0); // scope NOWHERE and type 0 match any, as iproute2 does
        socket.request(r);
    }

    private static void routeMessage(Nl.Request r, RouteSpec route, int scope, int type) {
        int table = route.table();
        r.u8(Nl.family(route.destination())).u8(route.prefixLength()).u8(0).u8(0)
                .u8(Integer.compareUnsigned(table, 256) < 0 ? table : Nl.RT_TABLE_COMPAT)
                .u8(route.protocol()).u8(scope).u8(type).u32(0)
                .attrU32(Nl.RTA_TABLE, table);
        if (route.prefixLength() > 0) {
            r.attrAddress(Nl.RTA_DST, route.destination());
        }
        if (route.gateway() != null) {
            r.attrAddress(Nl.RTA_GATEWAY, route.gateway());
        }
        if (route.ifindex() > 0) {
            r.attrU32(Nl.RTA_OIF, route.ifindex());
        }
        if (route.metric() != 0) {
            r.attrU32(Nl.RTA_PRIORITY, route.metric());
        }
    }

    @Override
    public List<RouteSpec> routes() throws KernelException {
        return dump(Nl.RTM_GETROUTE, Nl.RTM_NEWROUTE, RtNetlinkKernel::parseRoute);
    }

    /**
     * A dump of both families by {@code get}, whose header (rtmsg, fib_rule_hdr: 12 bytes) is all
     * zero but the family; each {@code reply} message parsed, those {@code parse} makes null dropped.
     */
    private <T> List<T> dump(int get, int reply, Function<Nl.Message, T> parse) throws KernelException {
        Nl.Request r = new Nl.Request(get, Nl.NLM_F_DUMP).u8(Nl.AF_UNSPEC).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u8(0).u32(0);
        List<T> out = new ArrayList<>();
        for (Nl.Message m : socket.request(r)) {
            if (m.type() == reply) {
                T parsed = parse.apply(m);
                if (parsed != null) {
                    out.add(parsed);
                }
            }
        }
        return out;
    }

    /**
     * A unicast, blackhole, unreachable or prohibit IPv4/IPv6 route as a RouteSpec, or null for
     * anything else (local, broadcast, multicast, cached, multipath).
     */
    static RouteSpec parseRoute(Nl.Message m) {
        ByteBuffer p = m.payload();
        int family = p.get(0) & 0xff;
        int dstLen = p.get(1) & 0xff;
        int tableByte = p.get(4) & 0xff;
        int protocol = p.get(5) & 0xff;
        int type = p.get(7) & 0xff;
        int flags = p.getInt(8);
        RouteType kind = RouteType.valueOf(type);
        if ((family != Nl.AF_INET && family != Nl.AF_INET6) || !kind.installable() || (flags & Nl.RTM_F_CLONED) != 0) {
            return null;
        }
        Nl.Attributes a = m.attributes(Nl.RTMSG_LEN);
        InetAddress dst = Nl.address(a.get(Nl.RTA_DST));
        if (dst == null) {
            dst = Nl.any(family);
        }
        InetAddress gateway = Nl.address(a.get(Nl.RTA_GATEWAY));
        int oif = Nl.u32(a.get(Nl.RTA_OIF), 0);
        int table = Nl.u32(a.get(Nl.RTA_TABLE), tableByte);
        if ((kind == RouteType.UNICAST && gateway == null && oif <= 0) || (kind != RouteType.UNICAST && gateway != null)
                || table == 0) {
            return null;
        }
        return new RouteSpec(dst, dstLen, gateway, oif, table, Nl.u32(a.get(Nl.RTA_PRIORITY), 0), protocol, kind);
    }

    @Override
    public RouteLookup lookup(InetAddress destination, InetAddress source, int oif) throws KernelException {
        int bits = destination instanceof Inet6Address ? 128 : 32;
        Nl.Request r = new Nl.Request(Nl.RTM_GETROUTE, Nl.NLM_F_ACK)
                .u8(Nl.family(destination)).u8(bits).u8(source == null ? 0 : bits).u8(0)
                .u8(0).u8(0).u8(0).u8(0).u32(Nl.RTM_F_LOOKUP_TABLE)
                .attrAddress(Nl.RTA_DST, destination);
        if (source != null) {
            r.attrAddress(Nl.RTA_SRC, source);
        }
        if (oif > 0) {
            r.attrU32(Nl.RTA_OIF, oif);
        }
        for (Nl.Message m : socket.request(r)) {
            if (m.type() != Nl.RTM_NEWROUTE) {
                continue;
            }
            RouteType type = RouteType.valueOf(m.payload().get(7) & 0xff);
            switch (type) {
                case UNREACHABLE -> throw new KernelException("RTM_GETROUTE", Errno.EHOSTUNREACH,
                        destination.getHostAddress() + " matches an unreachable route");
                case BLACKHOLE -> throw new KernelException("RTM_GETROUTE", Errno.ENETUNREACH,
                        destination.getHostAddress() + " matches a blackhole route");
                case PROHIBIT -> throw new KernelException("RTM_GETROUTE", Errno.EACCES,
                        destination.getHostAddress() + " matches a prohibit route");
                default -> {
                }
            }
            Nl.Attributes a = m.attributes(Nl.RTMSG_LEN);
            return new RouteLookup(Nl.address(a.get(Nl.RTA_GATEWAY)), Nl.u32(a.get(Nl.RTA_OIF), 0),
                    Nl.address(a.get(Nl.RTA_PREFSRC)), Nl.u32(a.get(Nl.RTA_TABLE), m.payload().get(4) & 0xff), type);
        }
        throw new KernelException("RTM_GETROUTE", Errno.EPROTO, "the kernel sent no route for " + destination.getHostAddress());
    }

    // ---------------------------------------------------------------- rules

    @Override
    public boolean addRule(RuleSpec rule) throws KernelException {
        return create(ruleMessage(new Nl.Request(Nl.RTM_NEWRULE, Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL), rule));
    }

    @Override
    public void deleteRule(RuleSpec rule) throws KernelException {
        socket.request(ruleMessage(new Nl.Request(Nl.RTM_DELRULE, Nl.NLM_F_ACK), rule));
    }

    private static Nl.Request ruleMessage(Nl.Request r, RuleSpec rule) {
        int table = rule.table();
        r.u8(rule.family() == AddressFamily.IPV6 ? Nl.AF_INET6 : Nl.AF_INET).u8(rule.toLength()).u8(rule.fromLength())
                .u8(0).u8(Integer.compareUnsigned(table, 256) < 0 ? table : Nl.RT_TABLE_COMPAT).u8(0).u8(0)
                .u8(Nl.FR_ACT_TO_TBL).u32(0)
                .attrU32(Nl.FRA_TABLE, table).attrU8(Nl.FRA_PROTOCOL, rule.protocol());
        if (rule.from() != null) {
            r.attrAddress(Nl.FRA_SRC, rule.from());
        }
        if (rule.to() != null) {
            r.attrAddress(Nl.FRA_DST, rule.to());
        }
        if (rule.priority() != 0) {
            r.attrU32(Nl.FRA_PRIORITY, rule.priority());
        }
        return r;
    }

    @Override
    public List<RuleSpec> rules() throws KernelException {
        return dump(Nl.RTM_GETRULE, Nl.RTM_NEWRULE, RtNetlinkKernel::parseRule);
    }

    /** An IPv4/IPv6 "lookup TABLE" rule as a RuleSpec, or null for anything else (goto, nop, blackhole, other families). */
    static RuleSpec parseRule(Nl.Message m) {
        ByteBuffer p = m.payload();
        int family = p.get(0) & 0xff;
        int dstLen = p.get(1) & 0xff;
        int srcLen = p.get(2) & 0xff;
        int tableByte = p.get(4) & 0xff;
        int action = p.get(7) & 0xff;
        if ((family != Nl.AF_INET && family != Nl.AF_INET6) || action != Nl.FR_ACT_TO_TBL) {
            return null;
        }
        Nl.Attributes a = m.attributes(Nl.FIB_RULE_HDR_LEN);
        int table = Nl.u32(a.get(Nl.FRA_TABLE), tableByte);
        if (table == 0) {
            return null;
        }
        InetAddress src = Nl.address(a.get(Nl.FRA_SRC));
        InetAddress dst = Nl.address(a.get(Nl.FRA_DST));
        return new RuleSpec(family == Nl.AF_INET6 ? AddressFamily.IPV6 : AddressFamily.IPV4, src, src == null ? 0 : srcLen,
                dst, dst == null ? 0 : dstLen, table, Nl.u32(a.get(Nl.FRA_PRIORITY), 0), Nl.u8(a.get(Nl.FRA_PROTOCOL), 0));
    }

    // ---------------------------------------------------------------- neighbours

    @Override
    public List<Neighbor> neighbors(int ifindex) throws KernelException {
        Nl.Request r = new Nl.Request(Nl.RTM_GETNEIGH, Nl.NLM_F_DUMP).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(ifindex)
                .u16(0).u8(0).u8(0);
        List<Neighbor> out = new ArrayList<>();
        for (Nl.Message m : socket.request(r)) {
            if (m.type() == Nl.RTM_NEWNEIGH) {
                Neighbor n = parseNeighbor(m);
                if (n != null && (ifindex == 0 || n.ifindex() == ifindex)) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    @Override
    public Optional<Neighbor> neighbor(int ifindex, InetAddress address) throws KernelException {
        return getOne(new Nl.Request(Nl.RTM_GETNEIGH, Nl.NLM_F_ACK).u8(Nl.family(address)).u8(0).u16(0).u32(ifindex)
                .u16(0).u8(0).u8(0).attrAddress(Nl.NDA_DST, address), Nl.RTM_NEWNEIGH, Errno.ENOENT,
                RtNetlinkKernel::parseNeighbor);
    }

    static Neighbor parseNeighbor(Nl.Message m) {
        ByteBuffer p = m.payload();
        int family = p.get(0) & 0xff;
        if (family != Nl.AF_INET && family != Nl.AF_INET6) {
            return null;
        }
        Nl.Attributes a = m.attributes(Nl.NDMSG_LEN);
        InetAddress dst = Nl.address(a.get(Nl.NDA_DST));
        if (dst == null) {
            return null;
        }
        byte[] ll = Nl.bytes(a.get(Nl.NDA_LLADDR));
        return new Neighbor(p.getInt(4), dst, ll == null || ll.length == 0 ? null : MacAddress.of(ll),
                NeighborState.fromBits(p.getShort(8) & 0xffff));
    }

    @Override
    public NeighborState resolveNeighbor(int ifindex, InetAddress address, Duration timeout) throws KernelException {
        long deadline = System.nanoTime() + timeout.toNanos();
        NeighborState state = neighbor(ifindex, address).map(Neighbor::state).orElse(NeighborState.NONE);
        if (state.confirmed()) {
            return state;
        }
        if (state.unconfirmed()) {
            reprobeNeighbor(ifindex, address);
        } else {
            useNeighbor(ifindex, address);
        }
        long pause = TimeUnit.MILLISECONDS.toNanos(2);
        while (true) {
            state = neighbor(ifindex, address).map(Neighbor::state).orElse(NeighborState.NONE);
            if (state.confirmed() || state == NeighborState.FAILED || System.nanoTime() - deadline >= 0) {
                return state;
            }
            LockSupport.parkNanos(Math.min(pause, Math.max(0, deadline - System.nanoTime())));
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(50));
            if (Thread.currentThread().isInterrupted()) {
                return state;
            }
        }
    }

    /**
     * Asks the kernel to confirm an entry that has a link-layer address: setting it to PROBE
     * sends a unicast ARP request / neighbour solicitation at once. A kernel that refuses PROBE
     * from user space is asked with NTF_USE instead, which probes after delay_first_probe_time.
     */
    private void reprobeNeighbor(int ifindex, InetAddress address) throws KernelException {
        try {
            socket.request(new Nl.Request(Nl.RTM_NEWNEIGH, Nl.NLM_F_ACK | Nl.NLM_F_REPLACE)
                    .u8(Nl.family(address)).u8(0).u16(0).u32(ifindex).u16(Nl.NUD_PROBE).u8(0).u8(0)
                    .attrAddress(Nl.NDA_DST, address));
        } catch (KernelException e) {
            // EINVAL: the kernel refuses PROBE from user space; ENOENT: the entry went in between
            if (e.errno() != Errno.EINVAL && e.errno() != Errno.ENOENT) {
                throw e;
            }
            useNeighbor(ifindex, address);
        }
    }

    /**
     * NTF_USE: the kernel treats the entry as used by a packet, creating it if needed and
     * starting resolution (NONE/FAILED -> INCOMPLETE with a probe sent at once; STALE -> DELAY).
     */
    private void useNeighbor(int ifindex, InetAddress address) throws KernelException {
        socket.request(new Nl.Request(Nl.RTM_NEWNEIGH, Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE)
                .u8(Nl.family(address)).u8(0).u16(0).u32(ifindex).u16(0).u8(Nl.NTF_USE).u8(0)
                .attrAddress(Nl.NDA_DST, address));
    }

    // ---------------------------------------------------------------- events

    /**
     * Opens a {@link KernelMonitor}: in the named namespace for a handle from {@link #openIn},
     * otherwise in the calling thread's namespace (the daemon's own, as {@code ip netns exec} set it).
     */
    @Override
    public KernelMonitor watch(KernelListener listener) throws KernelException {
        return KernelMonitor.open(listener, netns);
    }

    @Override
    public void close() throws KernelException {
        socket.close();
    }
}
