package io.vrrpd.daemon.net;

import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * Router Solicitations (ICMPv6 type 133) heard on one interface, each reported to a callback:
 * a pcap handle of its own with a kernel-side filter, so the VRRP receive path never sees them,
 * and a daemon thread that ends when {@link #close()} is called.
 */
final class RouterSolicitations implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterSolicitations.class);
    /** ICMPv6 directly after the fixed IPv6 header, type 133 (RFC 4861 section 4.1). */
    static final String FILTER = "icmp6 and ip6[40] == 133";

    private final String interfaceName;
    private final PcapHandle handle;
    private final Thread receiver;
    private volatile boolean closed;

    private RouterSolicitations(String interfaceName, PcapHandle handle, Runnable heard) {
        this.interfaceName = interfaceName;
        this.handle = handle;
        this.receiver = new Thread(() -> receive(heard), "vrrpd-rs-" + interfaceName);
        this.receiver.setDaemon(true);
    }

    /** Starts listening on {@code interfaceName}; {@code heard} runs on the listener's thread. */
    static RouterSolicitations open(String interfaceName, Runnable heard) throws PacketIoException {
        Objects.requireNonNull(heard, "heard");
        PcapHandle handle;
        try {
            handle = new PcapHandle.Builder(interfaceName)
                    .snaplen(256)
                    .promiscuousMode(PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(100)
                    .immediateMode(true)
                    .build();
        } catch (PcapNativeException | RuntimeException e) {
            throw PacketIoException.openFailed(interfaceName, e);
        }
        try {
            handle.setFilter(FILTER, BpfProgram.BpfCompileMode.OPTIMIZE);
            handle.setDirection(PcapHandle.PcapDirection.IN);
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            handle.close();
            throw PacketIoException.openFailed(interfaceName, e);
        }
        RouterSolicitations r = new RouterSolicitations(interfaceName, handle, heard);
        r.receiver.start();
        return r;
    }

    private void receive(Runnable heard) {
        try {
            while (!closed) {
                try {
                    handle.getNextRawPacketEx();
                } catch (TimeoutException e) {
                    continue;
                } catch (EOFException | PcapNativeException | NotOpenException | RuntimeException e) {
                    if (!closed) {
                        LOG.warn("{}: no longer hearing router solicitations: {}", interfaceName, e.getMessage());
                    }
                    return;
                }
                try {
                    heard.run();
                } catch (RuntimeException e) {
                    LOG.error("{}: router solicitation handler threw", interfaceName, e);
                }
            }
        } finally {
            handle.close();
        }
    }

    /** Stops listening; the thread closes the handle within its 100 ms read timeout. Idempotent. */
    @Override
    public void close() {
        closed = true;
    }
}
