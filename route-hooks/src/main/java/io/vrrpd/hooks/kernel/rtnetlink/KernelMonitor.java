package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.KernelListener;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.RouteSpec;
import io.vrrpd.hooks.kernel.RuleSpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Listens for link, address, route and rule changes (groups RTMGRP_LINK, RTMGRP_IPV4_IFADDR,
 * RTMGRP_IPV6_IFADDR, RTMGRP_IPV4_ROUTE, RTMGRP_IPV6_ROUTE, RTMGRP_IPV4_RULE and RTNLGRP_IPV6_RULE)
 * on its own netlink socket and
 * delivers them as {@link KernelEvent}s to one listener, on one daemon thread, in kernel order.
 *
 * <p>Links are tracked by ifindex from a dump taken when the monitor starts, so a new name for a
 * known index is a {@link KernelEvent.LinkRenamed}, and repeated RTM_NEWLINK notifications
 * that change nothing the daemon cares about (up, carrier, operstate, MTU) are not delivered.
 * {@link #close()} stops the thread within {@value #POLL_MILLIS} ms and closes the socket.
 *
 * <p>The monitor does not end on an error: after an overrun (ENOBUFS) it re-reads the links,
 * and after any other receive failure it reopens its socket (subscribing again, backing off
 * while that fails) and re-reads them; either way it then delivers {@link KernelEvent.EventsLost},
 * so the listener re-reads what it owns. {@link #health()} counts both.
 */
public final class KernelMonitor implements Kernel.Watch {
    private static final Logger LOG = LoggerFactory.getLogger(KernelMonitor.class);
    static final long POLL_MILLIS = 200;
    static final int GROUPS = Nl.RTMGRP_LINK | Nl.RTMGRP_IPV4_IFADDR | Nl.RTMGRP_IPV6_IFADDR
            | Nl.RTMGRP_IPV4_ROUTE | Nl.RTMGRP_IPV6_ROUTE | Nl.RTMGRP_IPV4_RULE | Nl.RTMGRP_IPV6_RULE;

    private static final long MAX_BACKOFF_MILLIS = 5_000;

    /** Replaced by the monitor thread when it reopens the socket after a failure. */
    private volatile NetlinkSocket events;
    private final NetlinkSocket requests;
    private final KernelListener listener;
    private final String netns;
    private final Map<Integer, Link> links = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private final AtomicLong overruns = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile String lastFailure;
    private volatile Instant lastFailureAt;

    /**
     * What the monitor has been through.
     *
     * @param running       its thread runs (false only after {@link #close()})
     * @param overruns      socket buffer overruns (ENOBUFS): events were lost and state re-read
     * @param failures      other receive failures, each followed by a reopened socket
     * @param lastFailure   the last overrun or failure, or null
     * @param lastFailureAt when it happened, or null
     */
    public record Health(boolean running, long overruns, long failures, String lastFailure, Instant lastFailureAt) {
    }

    private KernelMonitor(NetlinkSocket events, NetlinkSocket requests, KernelListener listener, String netns,
                          String name) {
        this.events = events;
        this.requests = requests;
        this.listener = listener;
        this.netns = netns;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /** Opens a monitor in the calling thread's network namespace and starts its thread. */
    public static KernelMonitor open(KernelListener listener) throws KernelException {
        return open(listener, null);
    }

    /** Opens a monitor in namespace {@code netns} (null: the calling thread's) and starts its thread. */
    public static KernelMonitor open(KernelListener listener, String netns) throws KernelException {
        Objects.requireNonNull(listener, "listener");
        RtNetlink.ensureAvailability();
        // subscribe first, then read the links: a change in between is seen twice, never missed
        NetlinkSocket events = RtNetlinkKernel.inNamespace(netns, () -> NetlinkSocket.open(GROUPS, POLL_MILLIS));
        NetlinkSocket requests;
        try {
            requests = RtNetlinkKernel.inNamespace(netns,
                    () -> NetlinkSocket.open(0, RtNetlinkKernel.REPLY_TIMEOUT_MILLIS));
        } catch (KernelException e) {
            closeQuietly(events, e);
            throw e;
        }
        KernelMonitor monitor = new KernelMonitor(events, requests, listener, netns,
                "kernel-monitor" + (netns == null ? "" : "-" + netns));
        try {
            monitor.reloadLinks();
        } catch (KernelException e) {
            closeQuietly(events, e);
            closeQuietly(requests, e);
            throw e;
        }
        monitor.thread.start();
        return monitor;
    }

    private void reloadLinks() throws KernelException {
        Nl.Request r = new Nl.Request(Nl.RTM_GETLINK, Nl.NLM_F_DUMP).u8(Nl.AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0);
        links.clear();
        for (Nl.Message m : requests.request(r)) {
            if (m.type() == Nl.RTM_NEWLINK) {
                Link l = RtNetlinkKernel.parseLink(m);
                links.put(l.index(), l);
            }
        }
    }

    private void run() {
        long backoffMillis = POLL_MILLIS;
        while (running) {
            List<Nl.Message> batch;
            try {
                batch = events.receiveEvents();
            } catch (KernelException e) {
                if (!running) {
                    break;
                }
                if (e.errno() == Errno.ENOBUFS) {
                    overruns.incrementAndGet();
                    failed("socket buffer overrun (ENOBUFS)");
                    LOG.warn("kernel events lost (socket buffer overrun); re-reading links");
                    resync("socket buffer overrun (ENOBUFS)");
                    continue;
                }
                backoffMillis = recover("receive failed: " + e.getMessage(), backoffMillis);
                continue;
            } catch (RuntimeException | Error e) {
                if (!running) {
                    break;
                }
                backoffMillis = recover("receive failed: " + e, backoffMillis);
                continue;
            }
            backoffMillis = POLL_MILLIS;
            for (Nl.Message m : batch) {
                if (!running) {
                    break;
                }
                try {
                    dispatch(m);
                } catch (RuntimeException e) {
                    LOG.warn("cannot decode kernel event {}: {}", Nl.typeName(m.type()), e.toString());
                }
            }
        }
    }

    private void failed(String what) {
        lastFailure = what;
        lastFailureAt = Instant.now();
    }

    /**
     * After a receive failure: reopens the events socket (subscribe first, then re-read links, as at
     * open), waiting {@code backoffMillis} first when the previous attempt failed too, and delivers
     * {@link KernelEvent.EventsLost}. Returns the next back-off.
     */
    private long recover(String what, long backoffMillis) {
        failures.incrementAndGet();
        failed(what);
        LOG.error("kernel monitor: {}; reopening its socket and re-reading the kernel's state", what);
        closeQuietly(events, null);
        try {
            events = RtNetlinkKernel.inNamespace(netns, () -> NetlinkSocket.open(GROUPS, POLL_MILLIS));
        } catch (KernelException | RuntimeException e) {
            LOG.error("kernel monitor: cannot reopen its socket: {}; trying again in {} ms", e.getMessage(), backoffMillis);
            sleep(backoffMillis);
            return Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        }
        resync(what + "; socket reopened");
        return POLL_MILLIS;
    }

    private void resync(String cause) {
        try {
            reloadLinks();
        } catch (KernelException e) {
            LOG.warn("cannot re-read links after events were lost: {}", e.getMessage());
        }
        deliver(new KernelEvent.EventsLost(cause));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The events socket now, for tests of the recovery (same package). */
    NetlinkSocket eventsSocket() {
        return events;
    }

    /** What the monitor has been through; any thread. */
    public Health health() {
        return new Health(thread.isAlive(), overruns.get(), failures.get(), lastFailure, lastFailureAt);
    }

    private void dispatch(Nl.Message m) {
        switch (m.type()) {
            case Nl.RTM_NEWLINK -> {
                Link now = RtNetlinkKernel.parseLink(m);
                Link before = links.put(now.index(), now);
                if (before == null) {
                    deliver(new KernelEvent.LinkAdded(now));
                    return;
                }
                if (!before.name().equals(now.name())) {
                    deliver(new KernelEvent.LinkRenamed(now.index(), before.name(), now.name()));
                }
                if (before.up() != now.up() || before.lowerUp() != now.lowerUp() || before.running() != now.running()
                        || before.operState() != now.operState() || before.mtu() != now.mtu()) {
                    deliver(new KernelEvent.LinkChanged(before, now));
                }
            }
            case Nl.RTM_DELLINK -> {
                Link gone = RtNetlinkKernel.parseLink(m);
                Link before = links.remove(gone.index());
                deliver(new KernelEvent.LinkDeleted(gone.index(), before != null ? before.name() : gone.name()));
            }
            case Nl.RTM_NEWADDR, Nl.RTM_DELADDR -> {
                Address a = RtNetlinkKernel.parseAddress(m);
                if (a != null) {
                    deliver(m.type() == Nl.RTM_NEWADDR ? new KernelEvent.AddressAdded(a) : new KernelEvent.AddressDeleted(a));
                }
            }
            case Nl.RTM_NEWROUTE, Nl.RTM_DELROUTE -> {
                RouteSpec r = RtNetlinkKernel.parseRoute(m);
                if (r != null) {
                    deliver(m.type() == Nl.RTM_NEWROUTE ? new KernelEvent.RouteAdded(r) : new KernelEvent.RouteDeleted(r));
                }
            }
            case Nl.RTM_NEWRULE, Nl.RTM_DELRULE -> {
                RuleSpec rule = RtNetlinkKernel.parseRule(m);
                if (rule != null) {
                    deliver(m.type() == Nl.RTM_NEWRULE ? new KernelEvent.RuleAdded(rule) : new KernelEvent.RuleDeleted(rule));
                }
            }
            default -> {
                // other types are not subscribed to
            }
        }
    }

    private void deliver(KernelEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException | Error e) {
            LOG.warn("kernel event listener failed on {}", event, e);
        }
    }

    /** The monitor thread is running. */
    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Stops delivery, waits for the thread to end (it ends within one receive timeout) and closes the sockets. */
    @Override
    public void close() {
        running = false;
        if (Thread.currentThread() != thread) {
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(events, null);
        closeQuietly(requests, null);
    }

    private static void closeQuietly(NetlinkSocket s, Exception primary) {
        try {
            s.close();
        } catch (KernelException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            } else {
                LOG.warn("closing netlink socket: {}", e.getMessage());
            }
        }
    }
}
