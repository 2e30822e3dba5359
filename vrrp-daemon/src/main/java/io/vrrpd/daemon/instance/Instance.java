package io.vrrpd.daemon.instance;

import io.vrrpd.core.IpText;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.fsm.Effect;
import io.vrrpd.core.fsm.Event;
import io.vrrpd.core.fsm.ProtocolState;
import io.vrrpd.core.fsm.TimerKind;
import io.vrrpd.core.fsm.VirtualRouter;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.loop.OwnedTask;
import io.vrrpd.daemon.loop.TaskOwner;
import io.vrrpd.daemon.status.InstanceStatus;
import io.vrrpd.hooks.ReportedState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One VRRP instance at run time: the pure state machine, the timers it asks for, and the
 * effects applied through {@link InstancePorts}. Lives on the event loop; nothing else calls it.
 *
 * <p>Every reported-state change goes through {@link #report}: one log line with the reason,
 * the transition counter, the status snapshot, then the listeners.
 *
 * <p>Every loop task that runs for this instance (its timers, the adverts it receives, the
 * completion of its VIP installation, its hook verdicts) carries it as {@link TaskOwner}: when
 * one throws, the instance releases what it holds and reports FAULT with the failure as its
 * reason ({@link #taskFailed}), and stays there until a reload restarts it; the loop, and every
 * other instance, carry on.
 */
public final class Instance implements TaskOwner {
    /** How the reason of a FAULT caused by a failed task starts. */
    public static final String INTERNAL_ERROR = "internal error: ";
    private static final Logger LOG = LoggerFactory.getLogger(Instance.class);

    private final InstanceSpec spec;
    private final EventLoop loop;
    private final InstancePorts ports;
    private final List<TransitionListener> listeners;
    private final Map<TimerKind, LoopTimer> timers = new EnumMap<>(TimerKind.class);

    private VirtualRouter router;
    private ReportedState reported = ReportedState.INIT;
    private InstanceStatus.Transition lastTransition;
    private InstanceStatus.Egress egress = new InstanceStatus.Egress(false, null, "not verified yet");
    private final InstanceCounters counters;
    private boolean verifiedEgress = true;
    private boolean hooksBound;
    private Runnable statusChanged = () -> { };
    /** The master address in the last published status (loop thread). */
    private byte[] publishedMaster;
    private String interfaceName;
    private boolean drained;
    /** Why the protocol is being stopped, for the transition it causes (shutdown, drain). */
    private String stopReason;
    /** Gratuitous ARP / NA held back until the VIPs are installed and, with hooks, their first verdict. */
    private boolean announcePending;
    /**
     * The current mastership's first announcement went out: a later {@link Effect.Announce} (the
     * answer to a second Master) goes out at once.
     */
    private boolean announcedThisMastership;
    /** Counts protocol transitions: a VIP installation that completes after its mastership ended is ignored. */
    private long protocolEpoch;
    /** The priority to advertise: the configured one, lowered while egress fails or the sync group holds it. */
    private int wantedPriority;
    /** Set when one of this instance's loop tasks threw: the FAULT reason, which nothing but a restart clears. */
    private String failure;

    public Instance(InstanceSpec spec, EventLoop loop, InstancePorts ports, List<TransitionListener> listeners,
                    InstanceCounters counters) {
        this.spec = spec;
        this.loop = loop;
        this.ports = ports;
        this.listeners = List.copyOf(listeners);
        this.counters = counters;
        this.interfaceName = spec.interfaceName();
        this.wantedPriority = spec.priority();
        this.lastTransition = new InstanceStatus.Transition(Instant.now().toString(), null, ReportedState.INIT.name(), "configured");
    }

    public InstanceSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    public ReportedState reportedState() {
        return reported;
    }

    public ProtocolState protocolState() {
        return router == null ? ProtocolState.INITIALIZE : router.state();
    }

    public InstanceCounters counters() {
        return counters;
    }

    /** Called whenever the status snapshot should be republished. */
    public void onStatusChanged(Runnable r) {
        this.statusChanged = r;
    }

    /** Whether hooks must verify egress before this instance reports MASTER. */
    public void hooksBound(boolean bound) {
        this.hooksBound = bound;
        this.verifiedEgress = !bound;
        if (!bound) {
            egress = new InstanceStatus.Egress(false, null, "no hooks bound to this instance");
        }
    }

    /**
     * The interface is up and has its primary address: start the protocol. {@code primaryAddress}
     * is the interface's own IPv4 address, or its IPv6 link-local address.
     */
    public void interfaceReady(byte[] primaryAddress, String interfaceName) {
        begin(primaryAddress, interfaceName, new Event.Startup());
    }

    /**
     * {@code vrrpd --take-over}: like {@link #interfaceReady}, but the protocol continues in the
     * state the vrrpd this process takes over from ran it ({@link Event.Resume}), without an
     * election: a Master advertises at once and adds its VIPs, which are on the interface already
     * and carry vrrpd's tag, so they are adopted as they are.
     */
    public void resume(byte[] primaryAddress, String interfaceName, ProtocolState state, byte[] masterAddress,
                       int masterAdverIntervalCs) {
        begin(primaryAddress, interfaceName, new Event.Resume(state, masterAddress, masterAdverIntervalCs));
    }

    /** Starts the protocol on {@code interfaceName} with {@code first} (Startup or Resume), unless it runs already. */
    private void begin(byte[] primaryAddress, String interfaceName, Event first) {
        this.interfaceName = interfaceName;
        if (failure != null) {
            report(ReportedState.FAULT, failure);   // e.g. after an undrain: the failure still stands
            return;
        }
        if (router != null && router.state() != ProtocolState.INITIALIZE) {
            return;
        }
        router = new VirtualRouter(spec.routerConfig(wantedPriority, primaryAddress));
        feed(first);
    }

    /**
     * The process that took over runs this instance now: it stops here without a word on the
     * wire (no priority 0), its timers and announcements stopped and its VIPs left in the kernel
     * for the new process. Its reported state is frozen as it was handed over: what status,
     * hooks, sync groups and systemd see does not change (the new process reports the same),
     * so nothing outside sees a transition; the log says {@code why}.
     */
    public void handOver(String why) {
        LOG.info("{} ({} vrid {} on {}): {} ({}): {}", spec.name(), spec.family().configName(), spec.vrid(), interfaceName,
                reported, protocolState(), why);
        router = null;
        cancelAllTimers();
        announcePending = false;
        protocolEpoch++;
        ports.stopAnnouncing();
    }

    /** Master_Adver_Interval (cs): what a Backup adopted from its Master; its own interval otherwise. */
    public int masterAdverIntervalCs() {
        return router == null ? spec.advertIntervalCs() : router.masterAdverIntervalCs();
    }

    /**
     * The interface it runs on is called {@code name} now: one bound by MAC follows a rename
     * without a restart, and its status must show the name the operator sees in {@code ip link}.
     */
    public void runsOn(String name) {
        if (!name.equals(interfaceName)) {
            interfaceName = name;
            statusChanged.run();
        }
    }

    /** The interface went down or vanished: Initialize, and report FAULT with {@code why}. */
    public void interfaceLost(String why) {
        if (failure != null) {
            return;   // the internal failure is the cause to show; the interface's comes back with a restart
        }
        if (router != null && router.state() != ProtocolState.INITIALIZE) {
            feed(new Event.InterfaceDown());
        }
        cancelAllTimers();
        report(ReportedState.FAULT, why);
    }

    /**
     * A tracker without a weight is failing (docs/configuration.md, "Tracking"): the link still
     * works, so unlike {@link #interfaceLost} a master sends priority 0 and a backup takes over at
     * once; then the VIPs are removed and the instance reports FAULT with {@code why}.
     */
    public void trackedFault(String why) {
        if (failure == null) {
            resign(why, ReportedState.FAULT);
        }
    }

    /** An advert of {@code version} that passed both receive tiers (the receiver counted it already); {@code intervalCs} in centiseconds for both. */
    public void advertReceived(byte[] source, int priority, int intervalCs, VrrpVersion version) {
        if (router != null) {
            feed(new Event.AdvertReceived(source, priority, intervalCs, version));
            // A backup learns (or changes) its master without a state change: republish, or the
            // status would show the master as null until the next transition.
            if (!router.masterAddressEquals(publishedMaster)) {
                statusChanged.run();
            }
        }
    }

    /**
     * Sets the advertised priority (1-255): lowered on failed egress or by the sync group, and
     * restored after. Kept across restarts of the protocol (interface down and up).
     */
    public void setPriority(int priority) {
        if (priority == wantedPriority) {
            return;
        }
        LOG.info("{}: advertised priority {} -> {}", spec.name(), wantedPriority, priority);
        wantedPriority = priority;
        if (router != null && router.state() != ProtocolState.INITIALIZE && router.priority() != priority) {
            feed(new Event.PriorityChanged(priority));
        }
        statusChanged.run();
    }

    /** The priority this instance advertises (or will, once started). */
    public int wantedPriority() {
        return wantedPriority;
    }

    /** Whether an operator drained this instance ({@code vrrpctl drain}); it stays out until undrained. */
    public boolean drained() {
        return drained;
    }

    /**
     * Hands mastership over gracefully before maintenance: priority 0 if master, VIPs removed,
     * and the instance stays out of the election (RFC 9568 Initialize) until {@link #undrain}.
     */
    public void drain() {
        if (drained) {
            return;
        }
        drained = true;
        shutdown("drained by operator");
    }

    /** Takes part in the election again; the runtime restarts it when its interface is ready. */
    public void undrain() {
        drained = false;
    }

    /** Graceful stop: priority 0 if master, VIPs removed, timers cancelled. */
    public void shutdown(String why) {
        resign(why, ReportedState.INIT);
    }

    /** Priority 0 if master, VIPs removed, timers cancelled, then {@code to} reported with {@code why}. */
    private void resign(String why, ReportedState to) {
        if (router != null) {
            stopReason = why;
            try {
                feed(new Event.Shutdown());
            } finally {
                stopReason = null;
            }
        }
        cancelAllTimers();
        ports.stopAnnouncing();
        ports.removeVirtualAddresses();
        report(to, why);
    }

    /**
     * Loop thread: one of this instance's tasks threw. The state machine that was running is not
     * trusted any more: the instance sends priority 0 if it can (so a peer takes over at once),
     * stops its timers and announcements, removes the VIPs it installed, and reports FAULT with
     * the failure. It stays in FAULT (also across interface changes and drain / undrain) until a
     * reload restarts it ({@link #failed()}).
     */
    @Override
    public void taskFailed(Throwable thrown) {
        counters.taskFailures.increment();
        if (failure != null) {
            return;   // already torn down; a late task of the old mastership changes nothing
        }
        failure = INTERNAL_ERROR + describe(thrown) + "; a reload (SIGHUP) restarts the instance";
        if (router != null && router.state() != ProtocolState.INITIALIZE) {
            try {
                stopReason = failure;
                feed(new Event.Shutdown());
            } catch (RuntimeException | Error e) {
                LOG.error("{}: cannot send priority 0 after the failure: {}", spec.name(), e.toString());
            } finally {
                stopReason = null;
            }
        }
        router = null;
        cancelAllTimers();
        announcePending = false;
        announcedThisMastership = false;
        protocolEpoch++;
        ports.stopAnnouncing();
        ports.removeVirtualAddresses();
        report(ReportedState.FAULT, failure);
    }

    /** Whether a task of this instance failed ({@link #taskFailed}): only a restart brings it back. */
    public boolean failed() {
        return failure != null;
    }

    /** "IllegalStateException: what it said (at Class.method:line)": the first frame of the daemon's own code. */
    private static String describe(Throwable t) {
        StringBuilder b = new StringBuilder(t.getClass().getSimpleName());
        if (t.getMessage() != null) {
            b.append(": ").append(t.getMessage());
        }
        for (StackTraceElement f : t.getStackTrace()) {
            if (f.getClassName().startsWith("io.vrrpd.")) {
                String cls = f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1);
                b.append(" (at ").append(cls).append('.').append(f.getMethodName()).append(':')
                        .append(f.getLineNumber()).append(')');
                break;
            }
        }
        return b.toString();
    }

    /** Hooks verified (or failed to verify) egress for the current mastership. */
    public void egressVerdict(boolean ok, String detail) {
        egress = new InstanceStatus.Egress(ok, Instant.now().toString(), detail);
        verifiedEgress = ok;
        if (announcePending && protocolState() == ProtocolState.MASTER) {
            announceNow();   // also when verification failed: hosts need the addresses' owner either way
        }
        if (protocolState() == ProtocolState.MASTER) {
            // the full evidence is in the egress detail; the transition says what happened
            report(ok ? ReportedState.MASTER : ReportedState.EGRESS_FAILED,
                    ok ? "egress verified" : "egress verification failed: " + detail);
        } else {
            statusChanged.run();
        }
    }

    /** A readiness check while not master (uplink and gateway usable): shown in status, no state change. */
    public void readinessVerdict(boolean ok, String detail) {
        egress = new InstanceStatus.Egress(ok, Instant.now().toString(), "readiness: " + detail);
        statusChanged.run();
    }

    private void feed(Event event) {
        List<Effect> effects = router.handle(event, loop.nanoTime());
        for (int i = 0; i < effects.size(); i++) {
            apply(effects.get(i));
        }
    }

    private void apply(Effect effect) {
        if (effect instanceof Effect.SendAdvert send) {
            counters.advertsSent.increment();
            if (send.priority() == 0) {
                counters.priorityZeroSent.increment();
            }
            ports.sendAdvert(send.priority(), send.intervalCs(), send.version());
        } else if (effect instanceof Effect.ArmTimer arm) {
            TimerKind kind = arm.timer();
            LoopTimer timer = timers.get(kind);
            if (timer == null) {   // once per kind: the re-arm on every advert allocates nothing
                timer = new LoopTimer(loop, this, () -> {
                    if (router != null) {
                        feed(new Event.TimerFired(kind));
                    }
                });
                timers.put(kind, timer);
            }
            timer.arm(arm.deadlineNanos());
        } else if (effect instanceof Effect.CancelTimer c) {
            cancel(c.timer());
        } else if (effect instanceof Effect.StateChange change) {
            protocolChanged(change);
        } else if (effect instanceof Effect.Announce) {
            if (protocolState() == ProtocolState.MASTER && !announcedThisMastership) {
                // Not before the VIPs are on the interface (vipsInstalled), and with hooks not before
                // they had a chance to install the route the hosts' traffic leaves by (egressVerdict).
                announcePending = true;
            } else {
                // the answer to a second Master, once the mastership is announced: the hosts it drew
                // must hear now, not at the next verification
                ports.announce();
            }
        }
    }

    private void protocolChanged(Effect.StateChange change) {
        String reason = reasonText(change);
        announcedThisMastership = false;
        switch (change.to()) {
            case MASTER -> {
                counters.masterTransitions.increment();
                verifiedEgress = !hooksBound;
                // The advert went out already (SendAdvert comes first); the VIPs are added off the
                // loop, and only once they are on the interface is the mastership reported (hooks
                // and sync groups act on the report) and gratuitous ARP / NA sent for them.
                long mastership = ++protocolEpoch;
                ports.addVirtualAddresses(new OwnedTask(this, () -> vipsInstalled(mastership, reason)));
            }
            case BACKUP -> {
                protocolEpoch++;
                announcePending = false;
                if (change.from() == ProtocolState.MASTER) {
                    ports.stopAnnouncing();
                    ports.removeVirtualAddresses();
                }
                report(ReportedState.BACKUP, reason);
            }
            case INITIALIZE -> {
                protocolEpoch++;
                announcePending = false;
                if (change.from() == ProtocolState.MASTER) {
                    ports.withdrawRouter();   // before stopAnnouncing, which ends the adverts without a final one
                    ports.stopAnnouncing();
                    ports.removeVirtualAddresses();
                }
                if (failure == null) {   // a failing instance reports FAULT once it is torn down, not INIT first
                    report(ReportedState.INIT, reason);
                }
            }
        }
    }

    /** Loop thread: the VIPs of mastership {@code mastership} are on the interface, unless it ended since. */
    private void vipsInstalled(long mastership, String reason) {
        if (mastership != protocolEpoch || protocolState() != ProtocolState.MASTER) {
            return;
        }
        report(verifiedEgress ? ReportedState.MASTER : ReportedState.ACTIVATING, reason);
        if (announcePending && !hooksBound) {
            announceNow();
        }
    }

    private void announceNow() {
        announcePending = false;
        announcedThisMastership = true;
        ports.announce();
    }

    private String reasonText(Effect.StateChange change) {
        return change.to() == ProtocolState.INITIALIZE && stopReason != null ? stopReason : change.reason().text();
    }

    private void report(ReportedState to, String reason) {
        ReportedState from = reported;
        // Staying in FAULT for a new cause (eth0 down, then renamed to lan0) must say so: the
        // cause is what the operator acts on. Other same-state reports change nothing visible.
        boolean newFaultCause = from == ReportedState.FAULT && to == ReportedState.FAULT
                && lastTransition != null && !reason.equals(lastTransition.reason());
        if (from == to && !newFaultCause) {
            statusChanged.run();
            return;
        }
        reported = to;
        lastTransition = new InstanceStatus.Transition(Instant.now().toString(), from.name(), to.name(), reason);
        LOG.info("{} ({} vrid {} on {}): {} -> {} ({})", spec.name(), spec.family().configName(), spec.vrid(),
                interfaceName, from, to, reason);
        statusChanged.run();
        if (from == to) {
            return;   // a new FAULT cause: nothing for hooks or sync groups to act on
        }
        for (TransitionListener l : listeners) {
            try {
                l.transitioned(this, from, to, reason);
            } catch (RuntimeException e) {
                LOG.error("transition listener failed for {}", spec.name(), e);
            }
        }
    }

    private void cancel(TimerKind kind) {
        LoopTimer t = timers.get(kind);
        if (t != null) {
            t.cancel();
        }
    }

    private void cancelAllTimers() {
        for (LoopTimer t : timers.values()) {
            t.cancel();
        }
    }

    /** The current status, as the control socket shows it. Loop thread. */
    public InstanceStatus status() {
        String master = null;
        publishedMaster = router == null ? null : router.masterAddress();
        if (publishedMaster != null) {
            try {
                master = IpText.format(InetAddress.getByAddress(publishedMaster));
            } catch (UnknownHostException e) {
                master = null;
            }
        }
        int effective = router == null || router.state() == ProtocolState.INITIALIZE ? wantedPriority : router.priority();
        return new InstanceStatus(spec.name(), spec.family().configName(), spec.vrid(), interfaceName,
                reported.name(), protocolState().name(), spec.priority(), effective, master, lastTransition, egress,
                counters.snapshot());
    }
}
