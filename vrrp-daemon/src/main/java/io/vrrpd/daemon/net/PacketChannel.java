package io.vrrpd.daemon.net;

import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.EOFException;
import java.net.InetAddress;
import java.sql.Timestamp;
import java.util.List;
import java.util.Objects;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * VRRP adverts in and out of one interface through one libpcap handle.
 *
 * <p>The handle is opened in immediate mode (without it libpcap batches frames and the
 * receive latency becomes the read timeout), promiscuous, snaplen 2048, read timeout 100 ms,
 * nanosecond timestamps when libpcap offers them, direction IN, with the BPF filter
 * {@value #FILTER}. One named daemon thread per handle reads frames, parses them with
 * {@link VrrpFrames#parse}, drops our own, and calls the {@link Listener} — which must only post
 * to the event loop.
 *
 * <p>Own frames: pcap's direction IN already hides what this handle sends; behind that, any
 * frame whose Ethernet source is the interface's MAC, or whose IP source is one of ours, is
 * dropped as {@link DropReason#OWN_FRAME}. The virtual MAC is deliberately not a criterion:
 * FRR peers send from the same virtual MAC for the same VRID, and their adverts must arrive.
 *
 * <p>Open it on a thread that is in the interface's network namespace; the handle stays bound
 * to that namespace whatever thread uses it later.
 */
public final class PacketChannel implements FrameSink, AutoCloseable {
    /** Kernel-side filter: IPv4 or IPv6 datagrams of protocol 112 (no IPv6 extension headers). */
    public static final String FILTER = "ip proto 112 or ip6 proto 112";

    private static final Logger LOG = LoggerFactory.getLogger(PacketChannel.class);

    /** Receives frames on the channel's own thread. Implementations post and return at once. */
    public interface Listener {
        /** A frame that carries a VRRP payload and is not ours. */
        void onAdvert(ReceivedAdvert advert);

        /** A frame that passed the BPF filter but is not handed on; for counters. */
        default void onDropped(DropReason reason, byte[] frame) {
        }

        /** The receive thread stopped on an error (not on close); the channel is unusable. */
        default void onFailure(PacketIoException failure) {
        }
    }

    /**
     * Open options.
     *
     * @param directionIn      capture only frames the interface received (pcap_setdirection)
     * @param dropOwnFrames    apply the own-MAC / own-IP filter
     * @param extraOwnAddresses further source IPs to treat as ours (e.g. other addresses of the interface)
     */
    public record Options(boolean directionIn, boolean dropOwnFrames, List<InetAddress> extraOwnAddresses) {
        public Options {
            extraOwnAddresses = List.copyOf(extraOwnAddresses);
        }

        public static Options defaults() {
            return new Options(true, true, List.of());
        }

        public Options withDirectionIn(boolean in) {
            return new Options(in, dropOwnFrames, extraOwnAddresses);
        }

        public Options withDropOwnFrames(boolean drop) {
            return new Options(directionIn, drop, extraOwnAddresses);
        }
    }

    private final PacketInterface iface;
    private final PcapHandle handle;
    private final Listener listener;
    private final boolean dropOwnFrames;
    private final OwnFrameFilter ownFilter;
    private final boolean nanoTimestamps;
    private final boolean directionIn;
    private final Thread receiver;
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder[] dropped = new LongAdder[DropReason.values().length];
    private volatile boolean closed;
    private volatile boolean receiving = true;
    private final AtomicBoolean handleClosed = new AtomicBoolean();
    private final CountDownLatch handleDone = new CountDownLatch(1);

    private PacketChannel(PacketInterface iface, PcapHandle handle, boolean nanoTimestamps, boolean directionIn,
            Options options, Listener listener) {
        this.iface = iface;
        this.handle = handle;
        this.listener = listener;
        this.nanoTimestamps = nanoTimestamps;
        this.directionIn = directionIn;
        this.dropOwnFrames = options.dropOwnFrames();
        this.ownFilter = new OwnFrameFilter(iface, options.extraOwnAddresses());
        for (int i = 0; i < dropped.length; i++) {
            dropped[i] = new LongAdder();
        }
        this.receiver = new Thread(this::receiveLoop, "vrrpd-rx-" + iface.name());
        this.receiver.setDaemon(true);
    }

    /** Opens the handle on {@code iface} and starts its receive thread. */
    public static PacketChannel open(PacketInterface iface, Options options, Listener listener) throws PacketIoException {
        Objects.requireNonNull(iface, "iface");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        PcapHandle handle;
        boolean nano = true;
        try {
            handle = builder(iface.name(), PcapHandle.TimestampPrecision.NANO).build();
        } catch (PcapNativeException | RuntimeException e) {
            if (!isPrecisionProblem(e)) {
                throw PacketIoException.openFailed(iface.name(), e);
            }
            LOG.info("{}: libpcap has no nanosecond timestamps here ({}); using microseconds", iface.name(), e.getMessage());
            nano = false;
            try {
                handle = builder(iface.name(), PcapHandle.TimestampPrecision.MICRO).build();
            } catch (PcapNativeException | RuntimeException e2) {
                throw PacketIoException.openFailed(iface.name(), e2);
            }
        }
        boolean in = false;
        try {
            handle.setFilter(FILTER, BpfProgram.BpfCompileMode.OPTIMIZE);
            if (options.directionIn()) {
                handle.setDirection(PcapHandle.PcapDirection.IN);
                in = true;
            }
        } catch (PcapNativeException | NotOpenException | RuntimeException e) {
            handle.close();
            throw PacketIoException.openFailed(iface.name(), e);
        }
        PacketChannel channel = new PacketChannel(iface, handle, nano, in, options, listener);
        channel.receiver.start();
        return channel;
    }

    private static PcapHandle.Builder builder(String name, PcapHandle.TimestampPrecision precision) {
        return new PcapHandle.Builder(name)
                .snaplen(2048)
                .promiscuousMode(PcapNetworkInterface.PromiscuousMode.PROMISCUOUS)
                .timeoutMillis(100)
                .immediateMode(true)
                .timestampPrecision(precision);
    }

    private static boolean isPrecisionProblem(Exception e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        return m.contains("precision") || m.contains("tstamp") || m.contains("timestamp");
    }

    @Override
    public void send(byte[] frame) throws PacketIoException {
        if (closed) {
            throw new PacketIoException("packet channel on " + iface.name() + " is closed");
        }
        try {
            handle.sendPacket(frame, frame.length);
            sent.increment();
        } catch (PcapNativeException | NotOpenException e) {
            throw new PacketIoException("cannot send a " + frame.length + "-byte frame on " + iface.name() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The receive thread. It ends when the channel is closed, and then closes the handle itself
     * (so {@link #close()} never waits for it), or when a receive fails: that is reported to the
     * listener, whatever the failure (an Error too), and {@link #receiving()} turns false.
     */
    private void receiveLoop() {
        try {
            while (!closed) {
                byte[] frame;
                long ts;
                try {
                    frame = handle.getNextRawPacketEx();
                    ts = toNanos(handle.getTimestamp());
                } catch (TimeoutException e) {
                    continue;
                } catch (EOFException e) {
                    if (!closed) {   // pcap_breakloop only comes from close(): anything else is a failure
                        failed(e);
                    }
                    break;
                } catch (PcapNativeException | NotOpenException | RuntimeException e) {
                    if (!closed) {
                        failed(e);
                    }
                    break;
                }
                try {
                    deliver(frame, ts);
                } catch (RuntimeException e) {
                    LOG.error("{}: listener threw; frame ignored", iface.name(), e);
                }
            }
        } catch (Error e) {
            failed(e);
            throw e;
        } finally {
            receiving = false;
            if (closed) {
                closeHandle();
            }
        }
    }

    private void failed(Throwable e) {
        receiving = false;
        if (closed) {
            return;
        }
        LOG.error("{}: receive failed, no more adverts will be read: {}", iface.name(), e.toString());
        try {
            listener.onFailure(new PacketIoException("receive on " + iface.name() + " failed: " + e.getMessage(), e));
        } catch (RuntimeException thrown) {
            LOG.error("{}: the receive-failure listener threw", iface.name(), thrown);
        }
    }

    private void closeHandle() {
        if (handleClosed.compareAndSet(false, true)) {
            handle.close();
        }
        handleDone.countDown();
    }

    private void deliver(byte[] frame, long ts) {
        ParsedFrame parsed = VrrpFrames.parse(frame, frame.length, ts);
        if (parsed instanceof ReceivedAdvert advert) {
            if (dropOwnFrames && ownFilter.isOwn(advert)) {
                dropped[DropReason.OWN_FRAME.ordinal()].increment();
                listener.onDropped(DropReason.OWN_FRAME, frame);
                return;
            }
            received.increment();
            listener.onAdvert(advert);
        } else {
            DropReason reason = (DropReason) parsed;
            dropped[reason.ordinal()].increment();
            listener.onDropped(reason, frame);
        }
    }

    static long toNanos(Timestamp t) {
        if (t == null) {
            return System.currentTimeMillis() * 1_000_000L;
        }
        return Math.floorDiv(t.getTime(), 1000L) * 1_000_000_000L + t.getNanos();
    }

    public PacketInterface iface() {
        return iface;
    }

    /** True when capture timestamps have nanosecond precision (else microsecond). */
    public boolean nanosecondTimestamps() {
        return nanoTimestamps;
    }

    /** True when pcap captures only incoming frames on this handle. */
    public boolean directionIn() {
        return directionIn;
    }

    /** Adverts handed to the listener. */
    public long received() {
        return received.sum();
    }

    /** Frames sent. */
    public long sent() {
        return sent.sum();
    }

    /** Frames dropped for {@code reason}. */
    public long dropped(DropReason reason) {
        return dropped[reason.ordinal()].sum();
    }

    /** Name of the receive thread. */
    public String receiveThreadName() {
        return receiver.getName();
    }

    /** Whether the receive thread is reading: false once a receive failed (or the channel closed). */
    public boolean receiving() {
        return receiving;
    }

    /**
     * Stops the receive thread (pcap_breakloop) and returns at once, without waiting for it: the
     * thread closes the handle when it leaves libpcap (or now, if it has ended already). So the
     * event loop, which calls this, never waits for a receive thread held up elsewhere.
     * Idempotent; sends fail from now on.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // In immediate mode libpcap polls without a timeout; pcap_breakloop (libpcap >= 1.10
            // wakes the poll through an eventfd) makes pcap_next_ex return, which pcap4j reports
            // as EOF. pcap4j's close() waits for pcap_next_ex: only the receive thread calls it.
            handle.breakLoop();
        } catch (NotOpenException ignored) {
            // already closed
        }
        if (!receiver.isAlive()) {
            closeHandle();   // the thread ended on a failure (or never ran): nothing reads any more
        }
    }

    /** Waits at most {@code bound} until the handle is closed after {@link #close()} (tests, shutdown). */
    public boolean awaitClosed(Duration bound) throws InterruptedException {
        return handleDone.await(bound.toMillis(), TimeUnit.MILLISECONDS);
    }
}
