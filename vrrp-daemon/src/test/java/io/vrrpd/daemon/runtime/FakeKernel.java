package io.vrrpd.daemon.runtime;

import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.AddressFlag;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.KernelListener;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.Neighbor;
import io.vrrpd.hooks.kernel.NeighborState;
import io.vrrpd.hooks.kernel.OperState;
import io.vrrpd.hooks.kernel.RouteLookup;
import io.vrrpd.hooks.kernel.RouteSpec;
import io.vrrpd.hooks.kernel.RuleSpec;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A kernel in memory: links and their addresses, changed by the test (as an operator or another
 * program would) and by the code under test (VIPs). Each change the test makes returns the event
 * the kernel monitor would deliver, for the test to hand to the runtime. Thread-safe: the runtime
 * adds VIPs from its address worker.
 */
final class FakeKernel implements Kernel {
    private final Map<Integer, Link> links = new TreeMap<>();
    private final List<Address> addresses = new ArrayList<>();

    /** Adds an Ethernet link that is up, with carrier. */
    synchronized Link addLink(int index, String name, String mac) {
        Link l = new Link(index, name, MacAddress.parse(mac), true, true, true, OperState.UP, 1500);
        links.put(index, l);
        return l;
    }

    synchronized KernelEvent.LinkRenamed rename(int index, String newName) {
        Link old = links.get(index);
        links.put(index, new Link(index, newName, old.mac(), old.up(), old.lowerUp(), old.running(), old.operState(),
                old.mtu()));
        return new KernelEvent.LinkRenamed(index, old.name(), newName);
    }

    synchronized KernelEvent.LinkChanged setUp(int index, boolean up) {
        Link old = links.get(index);
        Link now = new Link(index, old.name(), old.mac(), up, up, up, up ? OperState.UP : OperState.DOWN, old.mtu());
        links.put(index, now);
        return new KernelEvent.LinkChanged(old, now);
    }

    /** The address as another program would add it (not through the runtime). */
    synchronized void addOwnAddress(int ifindex, InetAddress a, int prefix) {
        addresses.add(new Address(ifindex, a, prefix, 0, Set.of()));
    }

    /** {@code a} is tentative again, as an IPv6 address is while duplicate address detection runs. */
    synchronized void startDad(int ifindex, InetAddress a) {
        setFlags(ifindex, a, Set.of(AddressFlag.TENTATIVE));
    }

    /** Duplicate address detection is over: the event the monitor delivers (an address added, flags changed). */
    synchronized KernelEvent.AddressAdded finishDad(int ifindex, InetAddress a) {
        return new KernelEvent.AddressAdded(setFlags(ifindex, a, Set.of()));
    }

    private Address setFlags(int ifindex, InetAddress a, Set<AddressFlag> flags) {
        for (int i = 0; i < addresses.size(); i++) {
            Address x = addresses.get(i);
            if (x.ifindex() == ifindex && x.address().equals(a)) {
                Address now = new Address(ifindex, a, x.prefixLength(), x.scope(), flags);
                addresses.set(i, now);
                return now;
            }
        }
        throw new IllegalArgumentException(a + " is not on ifindex " + ifindex);
    }

    /** Someone else (an operator, another daemon) removes {@code a}: the event the monitor delivers. */
    synchronized KernelEvent.AddressDeleted removeBehindOurBack(int ifindex, InetAddress a) {
        Address gone = addresses.stream().filter(x -> x.ifindex() == ifindex && x.address().equals(a)).findFirst()
                .orElseThrow();
        addresses.remove(gone);
        return new KernelEvent.AddressDeleted(gone);
    }

    synchronized boolean has(int ifindex, InetAddress a) {
        return addresses.stream().anyMatch(x -> x.ifindex() == ifindex && x.address().equals(a));
    }

    @Override
    public synchronized List<Link> links() {
        return List.copyOf(links.values());
    }

    @Override
    public synchronized Optional<Link> link(int index) {
        return Optional.ofNullable(links.get(index));
    }

    @Override
    public synchronized Optional<Link> link(String name) {
        return links.values().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    @Override
    public synchronized Optional<Link> link(MacAddress mac) {
        return links.values().stream().filter(l -> mac.equals(l.mac())).findFirst();
    }

    @Override
    public synchronized boolean addAddress(int ifindex, InetAddress address, int prefixLength, boolean nodad,
                                           int protocol) {
        if (has(ifindex, address)) {
            return false;   // as the kernel: one already there is left as it is, tag and all
        }
        addresses.add(new Address(ifindex, address, prefixLength, 0, Set.of(), protocol));
        return true;
    }

    @Override
    public synchronized void deleteAddress(int ifindex, InetAddress address, int prefixLength) throws KernelException {
        if (!addresses.removeIf(x -> x.ifindex() == ifindex && x.address().equals(address))) {
            throw new KernelException("RTM_DELADDR", Errno.EADDRNOTAVAIL);
        }
    }

    @Override
    public synchronized List<Address> addresses() {
        return List.copyOf(addresses);
    }

    @Override
    public synchronized List<Address> addresses(int ifindex) {
        return addresses.stream().filter(a -> a.ifindex() == ifindex).toList();
    }

    @Override
    public void replaceRoute(RouteSpec route) {
        throw new UnsupportedOperationException("no routes in this fake");
    }

    @Override
    public void deleteRoute(RouteSpec route) {
        throw new UnsupportedOperationException("no routes in this fake");
    }

    @Override
    public List<RouteSpec> routes() {
        return List.of();
    }

    @Override
    public boolean addRule(RuleSpec rule) {
        throw new UnsupportedOperationException("no rules in this fake");
    }

    @Override
    public void deleteRule(RuleSpec rule) {
        throw new UnsupportedOperationException("no rules in this fake");
    }

    @Override
    public List<RuleSpec> rules() {
        return List.of();
    }

    @Override
    public RouteLookup lookup(InetAddress destination, InetAddress source, int oif) throws KernelException {
        throw new KernelException("RTM_GETROUTE", Errno.ENETUNREACH);
    }

    @Override
    public List<Neighbor> neighbors(int ifindex) {
        return List.of();
    }

    @Override
    public Optional<Neighbor> neighbor(int ifindex, InetAddress address) {
        return Optional.empty();
    }

    @Override
    public NeighborState resolveNeighbor(int ifindex, InetAddress address, Duration timeout) {
        return NeighborState.FAILED;
    }

    @Override
    public Watch watch(KernelListener listener) {
        throw new UnsupportedOperationException("the test hands events to the runtime itself");
    }
}
