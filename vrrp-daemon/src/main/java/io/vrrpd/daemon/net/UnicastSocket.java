package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.kernel.KernelException;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import io.vrrpd.core.IpText;

/**
 * A kernel raw IP socket of protocol 112 for unicast adverts ({@code unicast-peers}): bound to one
 * interface ({@code SO_BINDTODEVICE}) and one source address, TTL / hop limit 255, TOS / traffic
 * class 0xc0, IPv4 DF clear, receiving nothing. The kernel writes the IP header and resolves each
 * peer's MAC, as it does for keepalived's unicast sockets; the caller supplies the VRRP payload
 * with its checksum already computed for that peer.
 *
 * <p>{@link #send} never blocks and never throws: it returns 0 or the errno
 * ({@code EHOSTUNREACH}, {@code ENETUNREACH}, {@code EAGAIN}, ...). Sending allocates nothing;
 * each peer's socket address is built once by {@link #peer}.
 *
 * <p>What a send can and cannot report: with {@code SO_BINDTODEVICE} the kernel takes a
 * destination without a route as on-link, and a peer that does not answer ARP / neighbour
 * solicitation is not a send error either (the datagram waits in the neighbour queue and is
 * dropped when resolution fails; the local ICMP host-unreachable that follows arrives on
 * {@code lo} and does not match a socket bound to the LAN interface). So {@link #send} reports
 * local failures only: a full queue ({@code EAGAIN}, {@code ENOBUFS}), a source address that is
 * gone ({@code EADDRNOTAVAIL}, {@code EINVAL}), a firewall ({@code EPERM}), the interface down
 * ({@code ENETUNREACH}). keepalived, which sends the same way, sees no more.
 *
 * <p>Open it on a thread inside the interface's network namespace; the socket stays there.
 */
public final class UnicastSocket implements AutoCloseable {
    private final AddressFamily family;
    private final String interfaceName;
    private final int ifindex;
    private final InetAddress source;
    private volatile int fd;

    /** A peer's prebuilt socket address. */
    public static final class Peer {
        private final InetAddress address;
        private final byte[] sockaddr;

        private Peer(InetAddress address, byte[] sockaddr) {
            this.address = address;
            this.sockaddr = sockaddr;
        }

        public InetAddress address() {
            return address;
        }
    }

    private UnicastSocket(AddressFamily family, String interfaceName, int ifindex, InetAddress source, int fd) {
        this.family = family;
        this.interfaceName = interfaceName;
        this.ifindex = ifindex;
        this.source = source;
        this.fd = fd;
    }

    /**
     * Opens the socket on {@code interfaceName} (index {@code ifindex}) with source {@code source}.
     *
     * @throws KernelException naming the call that failed: {@code socket} (EPERM without CAP_NET_RAW),
     *                         {@code SO_BINDTODEVICE} (no such interface), {@code bind}
     *                         (EADDRNOTAVAIL when the source is not an address of this host)
     */
    public static UnicastSocket open(AddressFamily family, String interfaceName, int ifindex, InetAddress source)
            throws KernelException {
        if (source.getAddress().length != family.addressLength()) {
            throw new IllegalArgumentException("source " + source + " is not " + family.configName());
        }
        boolean v4 = family == AddressFamily.IPV4;
        int fd = RawIpNative.socket(v4 ? RawIpNative.AF_INET : RawIpNative.AF_INET6, AddressFamily.IP_PROTOCOL_VRRP);
        try {
            RawIpNative.receiveNothing(fd);
            RawIpNative.bindToDevice(fd, interfaceName);
            if (v4) {
                RawIpNative.setInt(fd, RawIpNative.IPPROTO_IP, RawIpNative.IP_TTL, 255, "IP_TTL");
                RawIpNative.setInt(fd, RawIpNative.IPPROTO_IP, RawIpNative.IP_TOS, 0xc0, "IP_TOS");
                RawIpNative.setInt(fd, RawIpNative.IPPROTO_IP, RawIpNative.IP_MTU_DISCOVER, RawIpNative.IP_PMTUDISC_DONT,
                        "IP_MTU_DISCOVER");
            } else {
                RawIpNative.setInt(fd, RawIpNative.IPPROTO_IPV6, RawIpNative.IPV6_UNICAST_HOPS, 255, "IPV6_UNICAST_HOPS");
                RawIpNative.setInt(fd, RawIpNative.IPPROTO_IPV6, RawIpNative.IPV6_TCLASS, 0xc0, "IPV6_TCLASS");
            }
            RawIpNative.bind(fd, sockaddr(source, ifindex), IpText.format(source) + " on " + interfaceName);
            return new UnicastSocket(family, interfaceName, ifindex, source, fd);
        } catch (KernelException | RuntimeException e) {
            RawIpNative.close(fd);
            throw e;
        }
    }

    /** The socket address of {@code peer}, built once; IPv6 link-local peers are scoped to this interface. */
    public Peer peer(InetAddress peer) {
        if (peer.getAddress().length != family.addressLength()) {
            throw new IllegalArgumentException("peer " + peer + " is not " + family.configName());
        }
        return new Peer(peer, sockaddr(peer, ifindex));
    }

    /**
     * Sends {@code length} bytes of {@code payload} (a VRRP advert) to {@code peer}.
     *
     * @return 0, or the errno of the failed send (the socket is closed: EBADF)
     */
    public int send(byte[] payload, int length, Peer peer) {
        int f = fd;
        if (f < 0) {
            return 9; // EBADF
        }
        return RawIpNative.sendTo(f, payload, length, peer.sockaddr);
    }

    public AddressFamily family() {
        return family;
    }

    public String interfaceName() {
        return interfaceName;
    }

    /** The index of the interface it was opened on. */
    public int ifindex() {
        return ifindex;
    }

    public InetAddress source() {
        return source;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    /** Closes the socket; later sends return EBADF. Idempotent. */
    @Override
    public synchronized void close() {
        int f = fd;
        fd = -1;
        if (f >= 0) {
            RawIpNative.close(f);
        }
    }

    /** {@code struct sockaddr_in} (16 bytes) or {@code struct sockaddr_in6} (28 bytes, scope id for link-local). */
    static byte[] sockaddr(InetAddress a, int ifindex) {
        byte[] ip = a.getAddress();
        if (ip.length == 4) {
            ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
            b.putShort((short) RawIpNative.AF_INET).putShort((short) 0).put(ip);
            return b.array();
        }
        ByteBuffer b = ByteBuffer.allocate(28).order(ByteOrder.nativeOrder());
        b.putShort((short) RawIpNative.AF_INET6).putShort((short) 0).putInt(0).put(ip);
        b.putInt(a instanceof Inet6Address && a.isLinkLocalAddress() ? ifindex : 0);
        return b.array();
    }

    @Override
    public String toString() {
        return "unicast " + family.configName() + " socket on " + interfaceName + " from "
                + IpText.format(source) + (isOpen() ? "" : " (closed)");
    }
}
