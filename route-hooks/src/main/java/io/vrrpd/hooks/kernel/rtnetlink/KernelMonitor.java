package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.KernelListener;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.RouteSpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Listens for link, address and route changes (groups RTMGRP_LINK, RTMGRP_IPV4_IFADDR,
 * RTMGRP_IPV6_IFADDR, RTMGRP_IPV4_ROUTE, RTMGRP_IPV6_ROUTE) on its own netlink socket and
 * delivers them as {@link KernelEvent}s to one listener, on one daemon thread, in kernel order.
 *
 * <p>Links are tracked by ifindex from a dump taken when the monitor starts, so a new name for a
 * known index is a {@link KernelEvent.LinkRenamed}, and repeated RTM_NEWLINK notifications
 * that change nothing the daemon cares about (up, carrier, operstate, MTU) are not delivered.
 * {@link #close()} stops the thread within {@value #POLL_MILLIS} ms and closes the socket.
 */
public final class KernelMonitor implements Kernel.Watch {
    private static final Logger LOG = LoggerFactory.getLogger(KernelMonitor.class);
    static final long POLL_MILLIS = 200;
    static final int GROUPS = Nl.RTMGRP_LINK | Nl.RTMGRP_IPV4_IFADDR | Nl.RTMGRP_IPV6_IFADDR
            | Nl.RTMGRP_IPV4_ROUTE | Nl.RTMGRP_IPV6_ROUTE;

    private final NetlinkSocket events;
    private final NetlinkSocket requests;
    private final KernelListener listener;
    private final Map<Integer, Link> links = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private KernelMonitor(NetlinkSocket events, NetlinkSocket requests, KernelListener listener, String name) {
        this.events = events;
        this.requests = requests;
        this.listener = listener;
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
        KernelMonitor monitor = new KernelMonitor(events, requests, listener,
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
        while (running) {
            List<Nl.Message> batch;
            try {
                batch = events.receiveEvents();
            } catch (KernelException e) {
                if (!running) {
                    break;
                }
                if (e.errno() == Errno.ENOBUFS) {
                    LOG.warn("kernel events lost (socket buffer overrun); re-reading links");
                    try {
                        reloadLinks();
                    } catch (KernelException reload) {
                        LOG.warn("cannot re-read links after overrun: {}", reload.getMessage());
                    }
                    deliver(new KernelEvent.Overrun());
                    continue;
                }
                LOG.error("kernel monitor stops: {}", e.getMessage());
                break;
            }
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
            default -> {
                // other types are not subscribed to
            }
        }
    }

    private void deliver(KernelEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
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
