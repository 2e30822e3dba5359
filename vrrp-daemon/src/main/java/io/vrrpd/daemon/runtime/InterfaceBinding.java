package io.vrrpd.daemon.runtime;

import io.vrrpd.core.IpText;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.daemon.net.PacketInterface;
import io.vrrpd.daemon.net.PacketIoException;
import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.Link;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import io.vrrpd.daemon.net.Announcer;

/**
 * Packet I/O on one interface, shared by every instance on it: the {@link PacketIo} port (pcap) with its receive
 * thread, the multicast memberships (224.0.0.18 / ff02::12) that keep IGMP/MLD-snooping
 * switches forwarding adverts to us, and the interface's own addresses used as advert sources.
 * Opened when the interface is present and up, closed when it goes down or vanishes.
 */
final class InterfaceBinding implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InterfaceBinding.class);

    private final String name;
    private final ReceivePath receivePath;
    private int ifindex;
    private final PacketIo packetIo;
    private volatile PacketIo.Port channel;
    private volatile PacketInterface info;
    /** Every address of the interface when it was opened. */
    private volatile List<InetAddress> ownAddresses = List.of();
    /** One thread for the delayed GARP/NA repeats of every instance on this interface. */
    private final ScheduledExecutorService announceScheduler;

    InterfaceBinding(String name, PacketIo packetIo) {
        this.name = name;
        this.packetIo = packetIo;
        this.receivePath = new ReceivePath(name);
        this.announceScheduler = Announcer.newScheduler(name);
    }

    /** The scheduler announcers on this interface share. */
    ScheduledExecutorService announceScheduler() {
        return announceScheduler;
    }

    /** Ends the shared announce thread; the binding is not reopened after this. */
    void dispose() {
        close();
        announceScheduler.shutdownNow();
    }

    String name() {
        return name;
    }

    int ifindex() {
        return ifindex;
    }

    ReceivePath receivePath() {
        return receivePath;
    }

    /** The open channel, or null while the interface is down or missing. */
    PacketIo.Port channel() {
        return channel;
    }

    boolean isOpen() {
        return channel != null;
    }

    /** Our own advert source for {@code family}: the primary IPv4 address or the IPv6 link-local one. */
    InetAddress source(AddressFamily family) {
        PacketInterface i = info;
        return i == null ? null : i.source(family).orElse(null);
    }

    /**
     * Opens packet I/O and the memberships for {@code families}. {@code vips} are excluded when picking
     * the interface's own addresses, so a VIP is never used as an advert source.
     *
     * @throws PacketIoException when pcap or the membership cannot be opened; the message says why
     */
    void open(Kernel kernel, Link link, Set<AddressFamily> families, Set<InetAddress> vips)
            throws PacketIoException, KernelException {
        close();
        this.ifindex = link.index();
        List<Address> addresses = kernel.addresses(link.index());
        Inet4Address v4 = (Inet4Address) sourceIn(addresses, AddressFamily.IPV4, vips);
        Inet6Address v6 = (Inet6Address) sourceIn(addresses, AddressFamily.IPV6, vips);
        PacketInterface iface = new PacketInterface(link.name(), link.mac().toBytes(), v4, v6);
        List<InetAddress> own = new ArrayList<>();
        for (Address a : addresses) {
            own.add(a.address());
        }
        this.info = iface;
        this.ownAddresses = List.copyOf(own);
        this.channel = packetIo.open(iface, own, families, receivePath);
        LOG.info("{}: packet I/O open (index {}, mac {}, ipv4 source {}, ipv6 source {})", link.name(), link.index(),
                link.mac(), v4 == null ? "none" : IpText.format(v4), v6 == null ? "none" : IpText.format(v6));
    }

    /**
     * The advert source of {@code family} among {@code addresses}: the first IPv4 address, or the
     * first IPv6 link-local one, that is not a VIP and no longer tentative (IPv6 DAD); null if none.
     */
    private static InetAddress sourceIn(List<Address> addresses, AddressFamily family, Set<InetAddress> vips) {
        for (Address a : addresses) {
            if (vips.contains(a.address()) || a.tentative() || AddressFamily.of(a.address()) != family) {
                continue;
            }
            if (family == AddressFamily.IPV4 || a.address().isLinkLocalAddress()) {
                return a.address();
            }
        }
        return null;
    }

    /**
     * Whether the interface has an advert source now for one of {@code families} it had none of
     * when opened: an IPv6 link-local address still tentative when the link came up, an IPv4
     * address added after. Packet I/O must then be reopened, or the instance would stay in FAULT.
     */
    boolean sourceAppeared(Kernel kernel, Set<AddressFamily> families, Set<InetAddress> vips) throws KernelException {
        for (AddressFamily f : families) {
            if (source(f) == null && sourceIn(kernel.addresses(ifindex), f, vips) != null) {
                return true;
            }
        }
        return false;
    }

    /** The interface's addresses (VIPs included) when packet I/O was opened. */
    List<InetAddress> ownAddresses() {
        return ownAddresses;
    }

    /** What is missing before instances of {@code family} can run here, or null when nothing is. */
    String missingSource(AddressFamily family) {
        if (source(family) != null) {
            return null;
        }
        return family == AddressFamily.IPV4 ? "interface " + name + " has no IPv4 address of its own"
                : "interface " + name + " has no IPv6 link-local address";
    }

    @Override
    public void close() {
        PacketIo.Port c = channel;
        channel = null;
        info = null;
        ownAddresses = List.of();
        if (c != null) {
            c.close();
        }
    }
}
