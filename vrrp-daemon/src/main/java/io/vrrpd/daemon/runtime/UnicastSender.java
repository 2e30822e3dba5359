package io.vrrpd.daemon.runtime;

import io.vrrpd.core.IpText;
import io.vrrpd.core.packet.AdvertEncoder;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.ChecksumForm;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.net.UnicastSocket;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import io.vrrpd.core.AddressFamily;

/**
 * One unicast instance's adverts: each advert is encoded once per peer (the checksum's
 * pseudo-header names the peer as destination) and sent through the instance's
 * {@link UnicastSocket}. A failed send is counted per peer and reason and logged once per change
 * of that peer's outcome; it never throws into the event loop, and the other peers still get the
 * advert. Loop thread only.
 */
final class UnicastSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UnicastSender.class);

    private final String instance;
    private final UnicastSocket socket;
    private final UnicastSocket.Peer[] peers;
    private final byte[][] peerBytes;
    private final String[] peerText;
    private final byte[] sourceBytes;
    /** The last send outcome per peer (0: sent), to log changes only. */
    private final int[] lastErrno;
    /** The failure counter of each peer's current errno (null while sends succeed), looked up once per change. */
    private final LongAdder[] failing;
    private final InstanceCounters counters;

    private UnicastSender(String instance, UnicastSocket socket, List<InetAddress> peers, InstanceCounters counters) {
        this.instance = instance;
        this.socket = socket;
        this.counters = counters;
        this.peers = peers.stream().map(socket::peer).toArray(UnicastSocket.Peer[]::new);
        this.peerBytes = peers.stream().map(InetAddress::getAddress).toArray(byte[][]::new);
        this.peerText = peers.stream().map(IpText::format).toArray(String[]::new);
        this.sourceBytes = socket.source().getAddress();
        this.lastErrno = new int[peers.size()];
        this.failing = new LongAdder[peers.size()];
    }

    /** Opens the socket for {@code source} on the interface; throws what the kernel refused. */
    static UnicastSender open(String instance, AddressFamily family, String interfaceName, int ifindex,
                              InetAddress source, List<InetAddress> peers, InstanceCounters counters)
            throws KernelException {
        return new UnicastSender(instance, UnicastSocket.open(family, interfaceName, ifindex, source), peers, counters);
    }

    /** Whether this sender still fits: same interface (name and index: a re-created link has a new one), source, open. */
    boolean matches(String interfaceName, int ifindex, InetAddress source) {
        return socket.isOpen() && socket.interfaceName().equals(interfaceName) && socket.ifindex() == ifindex
                && socket.source().equals(source);
    }

    /** Sends {@code advert} to every peer, using {@code payload} as the encode buffer. */
    void send(Advertisement advert, ChecksumForm form, byte[] payload) {
        for (int i = 0; i < peers.length; i++) {
            int n = AdvertEncoder.encode(advert, sourceBytes, peerBytes[i], form, payload, 0);
            int errno = socket.send(payload, n, peers[i]);
            if (errno != lastErrno[i]) {   // strerror and the counter's key only when the outcome changes
                logChange(i, lastErrno[i], errno);
                lastErrno[i] = errno;
                failing[i] = errno == 0 ? null : counters.unicastSendFailures(peerText[i], Errno.describe(errno));
            }
            if (errno != 0) {
                failing[i].increment();
            }
        }
    }

    private void logChange(int peer, int before, int now) {
        if (now != 0) {
            LOG.warn("{}: advert to unicast peer {} not sent from {}: {} (errno {}); counted, logged again when this"
                            + " changes", instance, peerText[peer], IpText.format(socket.source()), Errno.describe(now), now);
        } else {
            LOG.info("{}: adverts to unicast peer {} are sent again (last failure: {})", instance, peerText[peer],
                    Errno.describe(before));
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
