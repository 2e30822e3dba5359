package io.vrrpd.hooks.kernel;

import io.vrrpd.core.AddressFamily;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the daemon and its hooks need from the kernel: links, addresses, routes, route lookups,
 * neighbours and change events. This package is the API a hook is given; its implementation over
 * rtnetlink is {@link io.vrrpd.hooks.kernel.rtnetlink.RtNetlinkKernel}, and tests of pure logic fake
 * it. Every failure is a {@link KernelException} naming the call and the errno.
 */
public interface Kernel {
    // ---- links

    List<Link> links() throws KernelException;

    Optional<Link> link(int index) throws KernelException;

    Optional<Link> link(String name) throws KernelException;

    /** The link with this MAC (the first by ifindex if several share it, as VLANs do). */
    Optional<Link> link(MacAddress mac) throws KernelException;

    // ---- macvlans (the virtual MAC's link) and per-interface settings

    /**
     * Creates a macvlan called {@code name} (at most 15 bytes) on link {@code parent} with MAC
     * {@code mac}, administratively down, and without IPv6 address generation
     * (IN6_ADDR_GEN_MODE_NONE: it gets no link-local address of its own, which on a virtual MAC
     * would be the same on every router of the VRID). {@code EEXIST} when a link has that name.
     *
     * @return the new link's ifindex
     */
    default int addMacvlan(String name, int parent, MacAddress mac, MacvlanMode mode) throws KernelException {
        throw unsupported("RTM_NEWLINK(macvlan)");
    }

    /** The link called {@code name} if it is a macvlan; empty when there is none, or it is of another kind. */
    default Optional<Macvlan> macvlan(String name) throws KernelException {
        throw unsupported("RTM_GETLINK(macvlan)");
    }

    /** Deletes a link; {@code ENODEV} when there is none with that index. */
    default void deleteLink(int ifindex) throws KernelException {
        throw unsupported("RTM_DELLINK");
    }

    /** Sets a link administratively up or down (IFF_UP), as {@code ip link set up|down} does. */
    default void setLinkUp(int ifindex, boolean up) throws KernelException {
        throw unsupported("RTM_NEWLINK(IFF_UP)");
    }

    /**
     * The per-interface setting {@code net.ipv4.conf.IFNAME.KEY} (or {@code net.ipv6.conf...}) of
     * this handle's network namespace.
     */
    default int interfaceSetting(AddressFamily family, String ifname, String key) throws KernelException {
        throw unsupported("read net." + family.configName() + ".conf." + ifname + "." + key);
    }

    /** Sets {@code net.ipv4.conf.IFNAME.KEY} (or {@code net.ipv6.conf...}) to {@code value}. */
    default void setInterfaceSetting(AddressFamily family, String ifname, String key, int value) throws KernelException {
        throw unsupported("write net." + family.configName() + ".conf." + ifname + "." + key);
    }

    private static KernelException unsupported(String call) {
        return new KernelException(call, Errno.EOPNOTSUPP, "not supported by this kernel handle");
    }

    // ---- addresses

    /**
     * Adds {@code address/prefixLength} to the interface tagged with {@code protocol} (IFA_PROTO,
     * 0 for none), unless the interface has that address already: then the address is left exactly
     * as it is, tag included, and the call returns false. So whoever added an address stays its
     * owner, and a caller knows whether it added it ({@link Address#protocol()} tells later, also
     * after a restart; kernels before Linux 6.1 accept the tag but do not keep it).
     * {@code nodad} skips IPv6 duplicate address detection (IFA_F_NODAD), so the address is usable
     * at once instead of tentative; it is ignored for IPv4.
     *
     * @return true when this call added the address, false when it was there already
     */
    boolean addAddress(int ifindex, InetAddress address, int prefixLength, boolean nodad, int protocol)
            throws KernelException;

    /** Removes an address; {@code EADDRNOTAVAIL} when it is not there. */
    void deleteAddress(int ifindex, InetAddress address, int prefixLength) throws KernelException;

    /** Addresses of every interface, both families. */
    List<Address> addresses() throws KernelException;

    /** Addresses of one interface, both families. */
    List<Address> addresses(int ifindex) throws KernelException;

    // ---- routes

    /** Installs the route, replacing one with the same destination, table and metric (NLM_F_REPLACE). */
    void replaceRoute(RouteSpec route) throws KernelException;

    /** Removes the route (matching its protocol tag too); {@code ESRCH} when there is none, in either family. */
    void deleteRoute(RouteSpec route) throws KernelException;

    /** Unicast, blackhole, unreachable and prohibit routes of both families in every table, whoever added them. */
    List<RouteSpec> routes() throws KernelException;

    /** {@link #routes()} carrying protocol tag {@code protocol}. */
    default List<RouteSpec> routes(int protocol) throws KernelException {
        return routes().stream().filter(r -> r.protocol() == protocol).toList();
    }

    /** How a packet to {@code destination} would leave; ENETUNREACH / EHOSTUNREACH when it cannot. */
    default RouteLookup lookup(InetAddress destination) throws KernelException {
        return lookup(destination, null, 0);
    }

    /**
     * Route lookup as for a packet from {@code source} (null: any) out of {@code oif} (0: any);
     * unreachable, blackhole and prohibit results are thrown as ENETUNREACH, EHOSTUNREACH or EACCES.
     */
    RouteLookup lookup(InetAddress destination, InetAddress source, int oif) throws KernelException;

    // ---- policy routing rules

    /**
     * Adds the rule unless the kernel has one equal to it already (NLM_F_EXCL).
     *
     * @return true when this call added the rule, false when it was there already
     */
    boolean addRule(RuleSpec rule) throws KernelException;

    /** Removes the rule (matching its protocol tag too); {@code ENOENT} when there is none. */
    void deleteRule(RuleSpec rule) throws KernelException;

    /** The policy routing rules of both families, whoever added them. */
    List<RuleSpec> rules() throws KernelException;

    // ---- neighbours

    /** Neighbour entries of one interface (0: all interfaces), both families. */
    List<Neighbor> neighbors(int ifindex) throws KernelException;

    /** The entry for {@code address} on the interface, if the kernel has one. */
    Optional<Neighbor> neighbor(int ifindex, InetAddress address) throws KernelException;

    /**
     * Makes sure the neighbour {@code address} on the interface answers now: an entry that is
     * already {@linkplain NeighborState#confirmed() confirmed} is returned as it is; a STALE,
     * DELAY or PROBE entry is set to PROBE, so the kernel sends a unicast probe at once; a
     * missing, INCOMPLETE or FAILED entry is resolved afresh (NTF_USE, as a packet to it would).
     * Then waits until the entry is confirmed, FAILED, or {@code timeout} passes, and returns
     * the state found last (INCOMPLETE, PROBE and so on when the neighbour stayed silent).
     */
    NeighborState resolveNeighbor(int ifindex, InetAddress address, Duration timeout) throws KernelException;

    // ---- events

    /**
     * Starts delivering kernel changes to {@code listener} on a dedicated thread until the
     * returned handle is closed.
     */
    Watch watch(KernelListener listener) throws KernelException;

    /** A running subscription; {@link #close()} stops delivery and the thread. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
