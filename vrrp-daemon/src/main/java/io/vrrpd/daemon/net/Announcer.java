package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Gratuitous ARP (IPv4) and unsolicited Neighbor Advertisements (IPv6) for the VIPs of an
 * instance that became master, on the announcer's own scheduler thread (never the event loop).
 *
 * <p>Timing follows keepalived: {@link Settings#repeat()} frames per VIP at once
 * ({@code garp_master_repeat}, default 5), {@link Settings#interval()} apart
 * ({@code garp_interval} / {@code gna_interval}, default 0), and the same burst again
 * {@link Settings#delay()} later ({@code garp_master_delay}, default 5 s; zero disables the second
 * burst), then every {@link Settings#refresh()} while master ({@code garp_master_refresh},
 * default off). {@link Announcement#cancel()} stops what is still pending, e.g. when the instance
 * leaves master.
 */
public final class Announcer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

    /** ARP operation of gratuitous ARP. */
    public enum ArpMode { REQUEST, REPLY, BOTH }

    /** Ethernet / link-layer source of announcements. */
    public enum SourceMac {
        /** 00:00:5e:00:0X:VRID (RFC 9568); the receiving interface must accept that MAC (macvlan). */
        VIRTUAL,
        /** the interface's own MAC, as keepalived does without use_vmac */
        INTERFACE
    }

    /** IPv6 source address of unsolicited NAs. */
    public enum NaSource {
        /** the VIP itself, as keepalived does */
        VIP,
        /** the interface's link-local address */
        LINK_LOCAL
    }

    /**
     * @param repeat    frames per VIP in each burst, at least 1
     * @param interval  gap between frames of one burst (zero: back to back)
     * @param delay     when the second burst goes out (zero: no second burst)
     * @param refresh   period of later bursts while master (zero: none)
     * @param arpMode   request, reply or both (one of each per repeat)
     * @param sourceMac virtual or interface MAC
     * @param naSource  VIP or link-local
     * @param naRouter  the NA's Router flag
     */
    public record Settings(int repeat, Duration interval, Duration delay, Duration refresh, ArpMode arpMode,
            SourceMac sourceMac, NaSource naSource, boolean naRouter) {
        public Settings {
            if (repeat < 1 || repeat > 255) {
                throw new IllegalArgumentException("repeat " + repeat + " (expected: 1..255)");
            }
            for (Duration d : List.of(interval, delay, refresh)) {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("negative duration " + d + " (expected: zero or more)");
                }
            }
            Objects.requireNonNull(arpMode, "arpMode");
            Objects.requireNonNull(sourceMac, "sourceMac");
            Objects.requireNonNull(naSource, "naSource");
        }

        /** keepalived's defaults: 5 at once, 5 again after 5 s, no refresh, requests, virtual MAC, NA from the VIP, R set. */
        public static Settings defaults() {
            return new Settings(5, Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO, ArpMode.REQUEST,
                    SourceMac.VIRTUAL, NaSource.VIP, true);
        }

        public Settings withRepeat(int n) {
            return new Settings(n, interval, delay, refresh, arpMode, sourceMac, naSource, naRouter);
        }

        public Settings withInterval(Duration d) {
            return new Settings(repeat, d, delay, refresh, arpMode, sourceMac, naSource, naRouter);
        }

        public Settings withDelay(Duration d) {
            return new Settings(repeat, interval, d, refresh, arpMode, sourceMac, naSource, naRouter);
        }

        public Settings withRefresh(Duration d) {
            return new Settings(repeat, interval, delay, d, arpMode, sourceMac, naSource, naRouter);
        }

        public Settings withArpMode(ArpMode m) {
            return new Settings(repeat, interval, delay, refresh, m, sourceMac, naSource, naRouter);
        }

        public Settings withSourceMac(SourceMac m) {
            return new Settings(repeat, interval, delay, refresh, arpMode, m, naSource, naRouter);
        }

        public Settings withNaSource(NaSource s) {
            return new Settings(repeat, interval, delay, refresh, arpMode, sourceMac, s, naRouter);
        }
    }

    /** Pending announcements of one transition to master. */
    public static final class Announcement {
        private final List<ScheduledFuture<?>> futures = new ArrayList<>();
        private volatile boolean cancelled;

        /** Stops every frame not yet sent. Idempotent; safe from any thread. */
        public void cancel() {
            cancelled = true;
            synchronized (futures) {
                futures.forEach(f -> f.cancel(false));
            }
        }

        public boolean isCancelled() {
            return cancelled;
        }

        private void add(ScheduledFuture<?> f) {
            synchronized (futures) {
                futures.add(f);
                if (cancelled) {
                    f.cancel(false);
                }
            }
        }
    }

    private final FrameSink sink;
    private final PacketInterface iface;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** An announcer for {@code iface} that sends through {@code sink}, with its own scheduler thread. */
    public Announcer(FrameSink sink, PacketInterface iface, Settings settings) {
        this(sink, iface, settings, newScheduler(iface.name()), true);
    }

    /**
     * An announcer whose repeats run on {@code scheduler}, shared with the other instances of the
     * interface (one thread per interface, not per instance); {@link #close()} leaves it running.
     */
    public Announcer(FrameSink sink, PacketInterface iface, Settings settings, ScheduledExecutorService scheduler) {
        this(sink, iface, settings, scheduler, false);
    }

    private Announcer(FrameSink sink, PacketInterface iface, Settings settings, ScheduledExecutorService scheduler,
                      boolean ownsScheduler) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.iface = Objects.requireNonNull(iface, "iface");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.ownsScheduler = ownsScheduler;
    }

    /** A single daemon thread named after the interface, for announcements' delayed repeats. */
    public static ScheduledExecutorService newScheduler(String interfaceName) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vrrpd-announce-" + interfaceName);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The frames of one burst for {@code vips} (all of {@code family}) of virtual router
     * {@code vrid}: per repeat, per VIP, one GARP (two with {@link ArpMode#BOTH}) or one NA.
     */
    public List<byte[]> burst(AddressFamily family, int vrid, List<? extends InetAddress> vips) {
        byte[] mac = sourceMac(family, vrid);
        List<byte[]> frames = new ArrayList<>();
        for (InetAddress vip : vips) {
            if (family == AddressFamily.IPV4) {
                if (!(vip instanceof Inet4Address v4)) {
                    throw new IllegalArgumentException("VIP " + vip.getHostAddress() + " (expected: IPv4 in an IPv4 instance)");
                }
                if (settings.arpMode() != ArpMode.REPLY) {
                    frames.add(AnnounceFrames.gratuitousArp(mac, v4, false));
                }
                if (settings.arpMode() != ArpMode.REQUEST) {
                    frames.add(AnnounceFrames.gratuitousArp(mac, v4, true));
                }
            } else {
                if (!(vip instanceof Inet6Address v6)) {
                    throw new IllegalArgumentException("VIP " + vip.getHostAddress() + " (expected: IPv6 in an IPv6 instance)");
                }
                Inet6Address source = v6;
                if (settings.naSource() == NaSource.LINK_LOCAL) {
                    if (iface.linkLocalIpv6() == null) {
                        throw new IllegalArgumentException("interface " + iface.name()
                                + " has no IPv6 link-local address to send Neighbor Advertisements from");
                    }
                    source = iface.linkLocalIpv6();
                }
                frames.add(AnnounceFrames.unsolicitedNa(mac, source, v6, settings.naRouter()));
            }
        }
        List<byte[]> all = new ArrayList<>(frames.size() * settings.repeat());
        for (int i = 0; i < settings.repeat(); i++) {
            all.addAll(frames);
        }
        return all;
    }

    /** The link-layer source of this announcer's frames for virtual router {@code vrid}, as {@link Settings#sourceMac()} says. */
    public byte[] sourceMac(AddressFamily family, int vrid) {
        return settings.sourceMac() == SourceMac.VIRTUAL ? VirtualMac.of(family, vrid).bytes() : iface.mac();
    }

    /**
     * Schedules the announcements for a transition to master: a burst now, one after
     * {@code delay}, then every {@code refresh}. Returns at once: the frames are built on the
     * scheduler thread too (a few hundred microseconds per instance, which a daemon taking over
     * hundreds of instances at once must not spend on its event loop). A VIP the burst cannot be
     * built for is logged and counted as failed.
     */
    public Announcement announce(AddressFamily family, int vrid, List<? extends InetAddress> vips) {
        Announcement a = new Announcement();
        List<InetAddress> addresses = List.copyOf(vips);
        a.add(scheduler.schedule(() -> start(a, family, vrid, addresses), 0, TimeUnit.NANOSECONDS));
        return a;
    }

    private void start(Announcement a, AddressFamily family, int vrid, List<InetAddress> vips) {
        if (a.isCancelled()) {
            return;
        }
        List<byte[]> burst;
        try {
            burst = burst(family, vrid, vips);
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warn("{}: no announcement for VRID {}: {}", iface.name(), vrid, e.getMessage());
            return;
        }
        int perRepeat = burst.size() / settings.repeat();
        if (settings.interval().isZero()) {
            sendAll(a, burst);   // the first burst, now, on this thread
        } else {
            scheduleBurst(a, burst, perRepeat, 0);
        }
        if (!settings.delay().isZero()) {
            scheduleBurst(a, burst, perRepeat, settings.delay().toNanos());
        }
        if (!settings.refresh().isZero()) {
            long period = settings.refresh().toNanos();
            long first = (settings.delay().isZero() ? 0 : settings.delay().toNanos()) + period;
            a.add(scheduler.scheduleAtFixedRate(() -> sendAll(a, burst), first, period, TimeUnit.NANOSECONDS));
        }
    }

    private void scheduleBurst(Announcement a, List<byte[]> burst, int perRepeat, long atNanos) {
        if (settings.interval().isZero()) {
            a.add(scheduler.schedule(() -> sendAll(a, burst), atNanos, TimeUnit.NANOSECONDS));
            return;
        }
        long gap = settings.interval().toNanos();
        for (int r = 0; r < settings.repeat(); r++) {
            List<byte[]> slice = burst.subList(r * perRepeat, (r + 1) * perRepeat);
            a.add(scheduler.schedule(() -> sendAll(a, slice), atNanos + r * gap, TimeUnit.NANOSECONDS));
        }
    }

    private void sendAll(Announcement a, List<byte[]> frames) {
        for (byte[] frame : frames) {
            if (a.isCancelled()) {
                return;
            }
            try {
                sink.send(frame);
                sent.increment();
            } catch (PacketIoException | RuntimeException e) {
                failed.increment();
                LOG.warn("{}: announcement not sent: {}", iface.name(), e.getMessage());
            }
        }
    }

    /** Frames sent so far. */
    public long sent() {
        return sent.sum();
    }

    /** Frames that could not be sent. */
    public long failed() {
        return failed.sum();
    }

    public Settings settings() {
        return settings;
    }

    /** Cancels everything pending and stops the scheduler thread. */
    @Override
    public void close() {
        if (!ownsScheduler) {
            return;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
