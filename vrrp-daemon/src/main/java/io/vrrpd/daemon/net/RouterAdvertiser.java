package io.vrrpd.daemon.net;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet6Address;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The Router Advertisements of one IPv6 instance's mastership, on the interface's announce
 * scheduler (never the event loop). {@link #start()} sends one at once and then, as RFC 4861
 * section 6.2.4 says for a router that begins advertising, the next
 * {@value #INITIAL_ADVERTS} at most {@value #MAX_INITIAL_INTERVAL_S} s apart, then one every
 * interval, each delay drawn between three quarters of the interval and the interval (RFC 4861's
 * MinRtrAdvInterval default is a third; a VRRP master that changes hands wants hosts to hear it
 * soon). {@link #stop()} stops them; {@link #withdraw()} also sends one final advert with a router
 * lifetime of zero, so that hosts stop using the virtual router at once instead of when its
 * lifetime runs out (section 6.2.5), once: a second, late one could reach hosts after the new
 * master's first advert and undo it.
 *
 * <p>While it advertises it answers Router Solicitations (heard by {@link RouterSolicitations},
 * opened on the scheduler when advertising starts) with an advert to all nodes, after a random
 * delay of up to {@value #MAX_RA_DELAY_MS} ms and never sooner than {@value #MIN_DELAY_BETWEEN_RAS_MS} ms
 * after the last one (section 6.2.6); solicitations that arrive meanwhile share that answer.
 */
public final class RouterAdvertiser {
    private static final Logger LOG = LoggerFactory.getLogger(RouterAdvertiser.class);
    static final int INITIAL_ADVERTS = 3;
    static final long MAX_INITIAL_INTERVAL_S = 16;
    static final long MAX_RA_DELAY_MS = 500;
    static final long MIN_DELAY_BETWEEN_RAS_MS = 3000;

    /**
     * @param interval        the longest time between two adverts
     * @param lifetimeSeconds the router lifetime they carry, 0 to 9000
     * @param prefixes        the Prefix Information options
     */
    public record Settings(Duration interval, int lifetimeSeconds, List<RouterAdvertFrames.Prefix> prefixes) {
        public Settings {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("interval " + interval + " (expected: more than zero)");
            }
            prefixes = List.copyOf(prefixes);
        }
    }

    private final FrameSink sink;
    private final String interfaceName;
    private final ScheduledExecutorService scheduler;
    private final Settings settings;
    private final byte[] mac;
    private final Inet6Address source;
    /**
     * The two frames, built by the first send on the scheduler (never on the event loop, which may
     * be taking over hundreds of instances at once); null until then, when there is nothing to withdraw.
     */
    private volatile byte[] advert;
    private volatile byte[] finalAdvert;
    /** Bumped by every start and stop: a scheduled send of an older run does nothing. */
    private final AtomicLong run = new AtomicLong();
    private volatile boolean advertising;
    /** When the last advert went out (System.nanoTime), 0 before the first. */
    private volatile long lastSentNanos;
    /** An answer to a solicitation is scheduled and not sent yet. */
    private final java.util.concurrent.atomic.AtomicBoolean answerPending = new java.util.concurrent.atomic.AtomicBoolean();
    private final LongAdder sent = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** Opens the solicitations' listener for an interface; {@link #NO_SOLICITATIONS} for none (tests). */
    @FunctionalInterface
    public interface SolicitationSource {
        AutoCloseable open(String interfaceName, Runnable heard) throws PacketIoException;
    }

    /** Solicitations heard on the real interface, through libpcap. */
    public static final SolicitationSource PCAP = RouterSolicitations::open;
    /** Hears none. */
    public static final SolicitationSource NO_SOLICITATIONS = (name, heard) -> () -> { };

    private final SolicitationSource solicitationSource;
    /** Scheduler thread only: the solicitations' listener, open from the first start until close. */
    private AutoCloseable listening;

    /** Adverts from {@code source} (link-local) and {@code mac} through {@code sink}, repeated on {@code scheduler}. */
    public RouterAdvertiser(FrameSink sink, String interfaceName, byte[] mac, Inet6Address source, Settings settings,
                            ScheduledExecutorService scheduler) {
        this(sink, interfaceName, mac, source, settings, scheduler, PCAP);
    }

    /** As above, with solicitations from {@code solicitationSource}. */
    public RouterAdvertiser(FrameSink sink, String interfaceName, byte[] mac, Inet6Address source, Settings settings,
                            ScheduledExecutorService scheduler, SolicitationSource solicitationSource) {
        this.solicitationSource = Objects.requireNonNull(solicitationSource, "solicitationSource");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.interfaceName = Objects.requireNonNull(interfaceName, "interfaceName");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (!source.isLinkLocalAddress()) {
            throw new IllegalArgumentException("Router Advertisements come from a link-local address, not "
                    + source.getHostAddress() + " (RFC 4861 section 4.2)");
        }
        this.mac = mac.clone();
        this.source = source;
    }

    /** Begins advertising (idempotent while advertising). Any thread. */
    public void start() {
        if (advertising) {
            return;
        }
        advertising = true;
        long mine = run.incrementAndGet();
        scheduler.execute(() -> send(mine, 0));
        scheduler.execute(this::listen);
    }

    /** Scheduler thread: hear solicitations from now on (once per advertiser; a failure is logged, not fatal). */
    private void listen() {
        if (listening != null) {
            return;
        }
        try {
            listening = solicitationSource.open(interfaceName, this::solicited);
        } catch (PacketIoException | RuntimeException e) {
            listening = () -> { };
            LOG.warn("{}: router solicitations will not be answered (the periodic adverts go on): {}", interfaceName,
                    e.getMessage());
        }
    }

    /** A Router Solicitation was heard (any thread): answered while advertising, as the class comment says. */
    void solicited() {
        if (!advertising || !answerPending.compareAndSet(false, true)) {
            return;
        }
        long mine = run.get();
        long delayNanos = ThreadLocalRandom.current().nextLong(TimeUnit.MILLISECONDS.toNanos(MAX_RA_DELAY_MS) + 1);
        long last = lastSentNanos;
        if (last != 0) {
            long since = System.nanoTime() - last;
            delayNanos = Math.max(delayNanos, TimeUnit.MILLISECONDS.toNanos(MIN_DELAY_BETWEEN_RAS_MS) - since);
        }
        scheduler.schedule(() -> {
            answerPending.set(false);
            if (run.get() == mine && advertising) {
                transmit(frames());
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Stops advertising and listening for good (the announcer is replaced or closed). Any thread. */
    public void close() {
        stop();
        try {
            scheduler.execute(this::stopListening);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            stopListening();   // the interface's scheduler is gone already: nothing else runs on it
        }
    }

    private void stopListening() {
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                LOG.debug("{}: closing the solicitations' listener: {}", interfaceName, e.toString());
            }
        }
    }

    /** Stops advertising, with no final advert: another router now advertises the same address. Any thread. */
    public void stop() {
        advertising = false;
        run.incrementAndGet();
    }

    /**
     * Stops advertising and, if it was, sends one advert with router lifetime zero now, on the
     * caller's thread (the frame is built already; a stopping daemon closes the channel and the
     * scheduler right after, so it cannot wait for the scheduler).
     */
    public void withdraw() {
        boolean was = advertising;
        stop();
        byte[] last = finalAdvert;
        if (was && last != null) {   // null: the first advert was never built, so no host heard one
            transmit(last);
        }
    }

    private void send(long mine, int count) {
        if (run.get() != mine) {
            return;
        }
        transmit(frames());
        long intervalNanos = settings.interval().toNanos();
        long max = count + 1 < INITIAL_ADVERTS
                ? Math.min(intervalNanos, TimeUnit.SECONDS.toNanos(MAX_INITIAL_INTERVAL_S)) : intervalNanos;
        long delay = ThreadLocalRandom.current().nextLong(max * 3 / 4, max + 1);
        scheduler.schedule(() -> send(mine, count + 1), delay, TimeUnit.NANOSECONDS);
    }

    /** Scheduler thread: the periodic advert, built (with the final one) on first use. */
    private byte[] frames() {
        byte[] a = advert;
        if (a == null) {
            finalAdvert = RouterAdvertFrames.advert(mac, source, 0, settings.prefixes());
            a = RouterAdvertFrames.advert(mac, source, settings.lifetimeSeconds(), settings.prefixes());
            advert = a;
        }
        return a;
    }

    private void transmit(byte[] frame) {
        try {
            sink.send(frame);
            lastSentNanos = System.nanoTime();
            sent.increment();
        } catch (PacketIoException | RuntimeException e) {
            failed.increment();
            LOG.warn("{}: router advertisement not sent: {}", interfaceName, e.getMessage());
        }
    }

    /** Whether it is advertising now. */
    public boolean advertising() {
        return advertising;
    }

    /** Adverts sent so far, final ones included. */
    public long sent() {
        return sent.sum();
    }

    /** Adverts that could not be sent. */
    public long failed() {
        return failed.sum();
    }
}
