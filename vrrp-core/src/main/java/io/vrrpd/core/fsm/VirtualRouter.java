package io.vrrpd.core.fsm;

import io.vrrpd.core.VrrpVersion;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One virtual router: the state machine of RFC 9568 section 6 (VRRPv3), of RFC 3768 section 6
 * (VRRPv2), or of RFC 9568 section 8.4 (VRRPv3 in mixed mode, hearing and sending VRRPv2 too), as
 * a pure object.
 *
 * <p>Feed it {@link Event}s with the current monotonic time; it returns the {@link Effect}s the
 * driver must perform, in order. It has no threads, sockets, clock or logging, and is not
 * thread-safe: one event loop owns it.
 *
 * <h2>Time</h2>
 * {@code nowNanos} has an arbitrary origin and may wrap past {@link Long#MAX_VALUE}; times are
 * only ever compared by the sign of their difference. Deadlines in {@link Effect.ArmTimer} are in
 * the same time base.
 *
 * <h2>Timers</h2>
 * A {@link Event.TimerFired} is honoured only if that timer is armed and {@code nowNanos} has
 * reached its deadline; otherwise it is stale (cancelled, or re-armed later) and ignored.
 *
 * <h2>Decisions beyond the RFC text (see docs/state-machine.md)</h2>
 * <ul>
 *   <li>InterfaceDown and InterfaceUp act as Shutdown and Startup, except that a Master whose
 *       link went down sends no priority 0 advert.</li>
 *   <li>An advert whose source is our own primary address (looped back) is ignored.</li>
 *   <li>Preempt delay: for {@code preemptDelayNanos} after a startup, a Backup in preempt mode
 *       accepts a lower-priority Master's adverts (as with preempt off); afterwards it discards
 *       them and takes over when its Master_Down_Timer fires. No extra timer is needed.</li>
 *   <li>The address owner (configured priority 255) always preempts, even with preempt off.</li>
 *   <li>A Backup receiving priority 0 from its Master (or knowing none) forgets the master address
 *       (null): nobody is master. Priority 0 from another router is ignored (below).</li>
 *   <li>A Master answers an advert at once (RFC 9568 section 6.4.3) at most once per
 *       {@link Timing#replyHoldoffNanos reply holdoff}: more answers only reflect a flood. A
 *       losing advert (lower priority, or equal priority from a lower address) comes from a second
 *       Master, so the answer also announces the addresses again (as keepalived's
 *       {@code garp_lower_prio_repeat} does): after a partition heals the hosts send to the
 *       winner at once instead of to the loser until their neighbour caches expire.</li>
 *   <li>A Master that yields to a better advert sends its release (priority 0) as it leaves, as on
 *       Shutdown: the winner's advert may have reached it first, and then the winner never heard a
 *       losing advert. A Master hearing priority 0 knows a second Master has just left, whose
 *       hosts still send to it, so its answer (an advert at once, RFC 9568 section 6.4.3) also
 *       announces the addresses. Priority 0 and not an advert at our own priority: a keepalived
 *       Backup or Master takes a lower-priority advert for a new election, priority 0 never. A
 *       Backup that follows another Master ignores that release: its Master stands, and taking
 *       over after Skew_Time would only start a round of needless elections.</li>
 *   <li>A VRRPv3 Backup adopts at most {@link RouterConfig#maxAdoptedIntervalCs} when it is set.</li>
 * </ul>
 *
 * <h2>Versions</h2>
 * A VRRPv2 router (RFC 3768) never adopts the Master's interval: its Skew_Time is
 * {@code (256 - Priority) / 256} s and its Master_Down_Interval uses its own interval. As Master it
 * answers a losing advert at once like a VRRPv3 router, where RFC 3768 section 6.4.3 only discards
 * it: keepalived does so in VRRPv2 too, and a second Master then yields at once. A VRRPv3 router
 * in mixed mode ({@link RouterConfig#acceptV2}) sends every advert twice, VRRPv3 then VRRPv2
 * (interval rounded up to whole seconds), follows the VRRPv3 rules for both, adopts a VRRPv2
 * Master's interval in centiseconds, and as Backup ignores the VRRPv2 adverts of a Master it also
 * hears VRRPv3 from (RFC 9568 section 8.4.2), except priority 0.
 */
public final class VirtualRouter {

    // ===== Preallocated immutable effects (the advert path allocates little) =====

    private static final List<Effect> NONE = List.of();
    private static final Effect ANNOUNCE = new Effect.Announce();
    private static final Effect CANCEL_ADVER = new Effect.CancelTimer(TimerKind.ADVER);
    private static final Effect CANCEL_MASTER_DOWN = new Effect.CancelTimer(TimerKind.MASTER_DOWN);
    private static final Effect ACCEPT_ON = new Effect.AcceptMode(true);
    private static final Effect ACCEPT_OFF = new Effect.AcceptMode(false);

    // ===== Configuration =====

    private final RouterConfig config;
    /** This router's primary address (a private copy): tie-breaks and the master address. */
    private final byte[] primaryAddress;
    /** Advertisement_Interval: how often this router sends adverts as Master, in cs. */
    private final int advertisementIntervalCs;
    /** Advertisement_Interval in nanoseconds. */
    private final long advertisementIntervalNanos;
    /** Accept_Mode as applied: configured, or implied by owning the addresses. */
    private final boolean acceptWhenMaster;
    /** The release adverts (priority 0, one per version sent) sent by a Master on Shutdown. */
    private final List<Effect> releaseAdverts;
    /** RFC 3768 timing: no interval adoption, Skew_Time in whole seconds. */
    private final boolean v2;
    /** Mixed mode (RFC 9568 section 8.4): VRRPv3 and VRRPv2 adverts both sent and heard. */
    private final boolean mixed;
    /** Minimum time between two immediate answers of a Master. */
    private final long replyHoldoffNanos;

    // ===== Protocol state =====

    private ProtocolState state = ProtocolState.INITIALIZE;
    /** A Startup was received and no Shutdown since. */
    private boolean enabled;
    /** Last known interface state; assumed up until told otherwise. */
    private boolean interfaceUp = true;
    /** Priority: the effective local priority, 1..255 (configured, or changed by the daemon). */
    private int priority;
    /** The adverts this router sends as Master at its current priority, one per version (cached). */
    private List<Effect> adverts;
    /**
     * What a Master answers a losing advert with (cached with {@link #adverts}): its adverts, then
     * an {@link Effect.Announce}, since a losing advert comes from a second Master, which has
     * announced the addresses as its own.
     */
    private List<Effect> answerToLosing;
    /** Master_Adver_Interval: the interval advertised by the current Master, in cs (VRRPv2: our own). */
    private int masterAdverIntervalCs;
    /** Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, in ns (VRRPv2: (256 - Priority) / 256 s). */
    private long skewTimeNanos;
    /** Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time, in ns (VRRPv2: our own interval). */
    private long masterDownIntervalNanos;
    /** Last known Master's primary address (ours while Master); null if unknown. */
    private byte[] masterAddress;
    /** Mixed mode: a VRRPv3 advert of the current Master was accepted since it became our Master. */
    private boolean masterSendsV3;

    // ===== Timers =====

    /** Adver_Timer: armed while Master, fires every Advertisement_Interval. */
    private boolean adverArmed;
    private long adverDeadline;
    /** Master_Down_Timer: armed while Backup, Master_Down_Interval (or Skew_Time) from the last advert. */
    private boolean masterDownArmed;
    private long masterDownDeadline;
    /** Why this Backup would take over if the Master_Down_Timer fired now. */
    private TransitionReason takeoverReason = TransitionReason.MASTER_DOWN_TIMER;

    // ===== Preempt delay =====

    /** True while the preempt delay that began at the last startup may still be running. */
    private boolean preemptHeld;
    /** When the preempt delay ends: startup time + preemptDelayNanos. */
    private long preemptAllowedAt;

    // ===== Immediate answers =====

    /** This Master has answered an advert at once since it became Master. */
    private boolean answered;
    /** When it last did. */
    private long lastAnswerAt;

    /** A virtual router in Initialize, waiting for {@link Event.Startup}. */
    public VirtualRouter(RouterConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.primaryAddress = config.primaryAddress();
        this.advertisementIntervalCs = config.advertIntervalCs();
        this.advertisementIntervalNanos = Timing.centisToNanos(advertisementIntervalCs);
        this.acceptWhenMaster = config.acceptMode() || config.isOwner();
        this.v2 = config.version() == VrrpVersion.V2;
        this.mixed = config.acceptV2();
        this.replyHoldoffNanos = Timing.replyHoldoffNanos(advertisementIntervalCs);
        this.releaseAdverts = advertsAt(0);
        setPriority(config.priority());
        this.masterAdverIntervalCs = advertisementIntervalCs;
        recomputeTiming();
    }

    // ===== Queries =====

    /** The configuration this router was built with. */
    public RouterConfig config() {
        return config;
    }

    /** The current protocol state. */
    public ProtocolState state() {
        return state;
    }

    /** The current effective priority, 1..255. */
    public int priority() {
        return priority;
    }

    /**
     * Master_Adver_Interval in centiseconds: the interval adopted from the Master's adverts
     * (bounded by {@link RouterConfig#maxAdoptedIntervalCs}); a VRRPv2 router's own, always.
     */
    public int masterAdverIntervalCs() {
        return masterAdverIntervalCs;
    }

    /**
     * Mixed mode: whether the current Master's VRRPv3 adverts are heard, so that its VRRPv2 ones
     * are ignored (RFC 9568 section 8.4.2). False outside mixed mode and when no Master is known.
     */
    public boolean masterSendsV3() {
        return masterSendsV3;
    }

    /** Skew_Time in nanoseconds, for the current priority and Master_Adver_Interval. */
    public long skewTimeNanos() {
        return skewTimeNanos;
    }

    /** Master_Down_Interval in nanoseconds, for the current priority and Master_Adver_Interval. */
    public long masterDownIntervalNanos() {
        return masterDownIntervalNanos;
    }

    /** The last known Master's primary address (ours when Master), a copy; null if unknown. */
    public byte[] masterAddress() {
        return masterAddress == null ? null : masterAddress.clone();
    }

    /** Whether the last known Master's address is {@code address} (both null: no master known); no copy. */
    public boolean masterAddressEquals(byte[] address) {
        return java.util.Arrays.equals(masterAddress, address);
    }

    /** True if the given timer is armed. */
    public boolean isArmed(TimerKind timer) {
        return timer == TimerKind.ADVER ? adverArmed : masterDownArmed;
    }

    /** The deadline of the given timer; meaningful only while {@link #isArmed} is true. */
    public long deadline(TimerKind timer) {
        return timer == TimerKind.ADVER ? adverDeadline : masterDownDeadline;
    }

    // ===== Events =====

    /**
     * Handles one event at {@code nowNanos} and returns the effects to perform, in order. The
     * list is immutable and may be shared; it is empty when nothing is to be done.
     */
    public List<Effect> handle(Event event, long nowNanos) {
        if (event instanceof Event.AdvertReceived advert) {
            return onAdvert(advert, nowNanos);
        } else if (event instanceof Event.TimerFired fired) {
            return onTimer(fired.timer(), nowNanos);
        } else if (event instanceof Event.Startup) {
            enabled = true;
            return interfaceUp ? startup(TransitionReason.STARTUP, nowNanos) : NONE;
        } else if (event instanceof Event.Resume resume) {
            enabled = true;
            return interfaceUp ? resume(resume, nowNanos) : NONE;
        } else if (event instanceof Event.Shutdown) {
            enabled = false;
            return toInitialize(TransitionReason.SHUTDOWN, nowNanos);
        } else if (event instanceof Event.InterfaceUp) {
            interfaceUp = true;
            return enabled ? startup(TransitionReason.INTERFACE_UP, nowNanos) : NONE;
        } else if (event instanceof Event.InterfaceDown) {
            interfaceUp = false;
            return toInitialize(TransitionReason.INTERFACE_DOWN, nowNanos);
        } else if (event instanceof Event.PriorityChanged changed) {
            return onPriorityChanged(changed.priority(), nowNanos);
        }
        throw new IllegalArgumentException("unknown event " + event);
    }

    /** RFC 9568 section 6.4.1: leave Initialize, as owner to Master, else to Backup. */
    private List<Effect> startup(TransitionReason reason, long now) {
        if (state != ProtocolState.INITIALIZE) {
            return NONE;
        }
        preemptHeld = config.preemptDelayNanos() > 0;
        preemptAllowedAt = now + config.preemptDelayNanos();
        List<Effect> out = new ArrayList<>(5);
        if (priority == Timing.OWNER_PRIORITY) {
            changeState(ProtocolState.MASTER,
                    reason == TransitionReason.STARTUP ? TransitionReason.STARTUP_OWNER : reason, now, out);
        } else {
            masterAdverIntervalCs = advertisementIntervalCs;
            forgetMaster();
            changeState(ProtocolState.BACKUP, reason, now, out);
        }
        return List.copyOf(out);
    }

    /**
     * {@link Event.Resume}: leave Initialize for the state another process ran, without the
     * election of 6.4.1. A Master advertises at once (so the wire shows no gap), a Backup keeps
     * the Master and interval it had adopted.
     */
    private List<Effect> resume(Event.Resume resume, long now) {
        if (state != ProtocolState.INITIALIZE) {
            return NONE;
        }
        preemptHeld = config.preemptDelayNanos() > 0;
        preemptAllowedAt = now + config.preemptDelayNanos();
        List<Effect> out = new ArrayList<>(5);
        if (resume.state() == ProtocolState.BACKUP) {
            masterAdverIntervalCs = advertisementIntervalCs;
            adopt(resume.masterAdverIntervalCs());
            forgetMaster();
            byte[] master = resume.masterAddress();
            if (master != null && master.length == primaryAddress.length && !Arrays.equals(master, primaryAddress)) {
                rememberMaster(master);
            }
        }
        changeState(resume.state(), TransitionReason.RESUMED, now, out);
        return List.copyOf(out);
    }

    /** Shutdown or interface down: back to Initialize from any state (6.4.2, 6.4.3). */
    private List<Effect> toInitialize(TransitionReason reason, long now) {
        if (state == ProtocolState.INITIALIZE) {
            return NONE;
        }
        List<Effect> out = new ArrayList<>(4);
        changeState(ProtocolState.INITIALIZE, reason, now, out);
        return List.copyOf(out);
    }

    private List<Effect> onTimer(TimerKind timer, long now) {
        if (timer == TimerKind.ADVER) {
            // 6.4.3: If the Adver_Timer fires: send an advert, reset the Adver_Timer.
            if (state != ProtocolState.MASTER || !adverArmed || now - adverDeadline < 0) {
                return NONE;
            }
            return sendAdvertNow(now);
        }
        // 6.4.2: If the Master_Down_Timer fires: become Master.
        if (state != ProtocolState.BACKUP || !masterDownArmed || now - masterDownDeadline < 0) {
            return NONE;
        }
        masterDownArmed = false;
        List<Effect> out = new ArrayList<>(5);
        changeState(ProtocolState.MASTER, takeoverReason, now, out);
        return List.copyOf(out);
    }

    private List<Effect> onAdvert(Event.AdvertReceived advert, long now) {
        byte[] source = advert.sourceAddress();
        if (source.length != primaryAddress.length) {
            throw new IllegalArgumentException("advert from a " + source.length + "-byte address on an "
                    + config.family().configName() + " virtual router (expected: "
                    + primaryAddress.length + " bytes)");
        }
        if (!config.hears(advert.version())) {
            throw new IllegalArgumentException(advert.version() + " advert to a " + config.version()
                    + (mixed ? " mixed-mode" : "") + " virtual router (expected: a version it hears;"
                    + " the receive check rejects the others as version_mismatch)");
        }
        if (state == ProtocolState.BACKUP) {
            return backupAdvert(advert, now);
        } else if (state == ProtocolState.MASTER) {
            return masterAdvert(advert, now);
        }
        return NONE; // Initialize ignores adverts.
    }

    /** RFC 9568 section 6.4.2 (RFC 3768 section 6.4.2), "If an ADVERTISEMENT is received" in Backup. */
    private List<Effect> backupAdvert(Event.AdvertReceived advert, long now) {
        int theirs = advert.priority();
        if (theirs == 0) {
            if (masterAddress != null && !Arrays.equals(masterAddress, advert.sourceAddress())) {
                // Not our Master: a second Master yielding to ours (class javadoc), which stands.
                return NONE;
            }
            // The Master released: take over after Skew_Time unless someone better speaks first.
            // A mixed-mode Master's VRRPv2 release counts too: its VRRPv3 one may have been lost.
            forgetMaster();
            takeoverReason = TransitionReason.PRIORITY_ZERO_RECEIVED;
            return List.of(armMasterDown(now + skewTimeNanos));
        }
        byte[] source = advert.sourceAddress();
        if (Arrays.equals(source, primaryAddress)) {
            return NONE; // our own advert looped back
        }
        boolean fromMaster = masterAddress != null && Arrays.equals(masterAddress, source);
        if (advert.version() == VrrpVersion.V2 && masterSendsV3 && fromMaster) {
            return NONE; // 8.4.2: its VRRPv3 adverts carry the finer interval; these add nothing
        }
        if (!preempts() || theirs >= priority || preemptHeld(now)) {
            adopt(advert.maxAdvertIntervalCs());
            recomputeTiming();
            rememberMaster(source);
            masterSendsV3 = mixed && (advert.version() == VrrpVersion.V3 || (fromMaster && masterSendsV3));
            takeoverReason = TransitionReason.MASTER_DOWN_TIMER;
            return List.of(armMasterDown(now + masterDownIntervalNanos));
        }
        // Preempt: discard, and let the Master_Down_Timer run out.
        takeoverReason = TransitionReason.PREEMPTED;
        return NONE;
    }

    /** RFC 9568 section 6.4.3 (RFC 3768 section 6.4.3), "If an ADVERTISEMENT is received" in Master. */
    private List<Effect> masterAdvert(Event.AdvertReceived advert, long now) {
        int theirs = advert.priority();
        if (theirs == 0) {
            // A Master releasing while we are Master (it yielded to us, or stopped): assert ourselves
            // at once, and announce, for the hosts it drew while it was Master still send to it.
            return answer(now) ? sendAdvertAndAnnounceNow(now) : NONE;
        }
        int addressOrder = Arrays.compareUnsigned(advert.sourceAddress(), primaryAddress);
        if (addressOrder == 0) {
            return NONE; // our own advert looped back
        }
        TransitionReason yieldReason = null;
        if (theirs > priority) {
            yieldReason = TransitionReason.HIGHER_PRIORITY_ADVERT;
        } else if (theirs == priority && addressOrder > 0) {
            yieldReason = TransitionReason.EQUAL_PRIORITY_HIGHER_ADDRESS;
        }
        if (yieldReason == null) {
            // We win: discard it and send an advert at once (RFC 9568; RFC 3768 only discards, but
            // keepalived answers in VRRPv2 too, and without it a VRRPv2 Master leaves a second Master
            // standing until its next advert), so the other router hears us now and learning bridges
            // relearn our path. The Adver_Timer is not reset here (only for priority 0): the periodic
            // adverts keep their deadline. Once per holdoff: more answers would only reflect a flood.
            // The advert came from a second Master (a partition healing, a peer that missed ours),
            // which has announced the addresses too: announce them again, or the hosts and the
            // switch keep sending to the router that is about to yield, until their caches expire.
            return answer(now) ? answerToLosing : NONE;
        }
        adopt(advert.maxAdvertIntervalCs());
        rememberMaster(advert.sourceAddress());
        masterSendsV3 = advert.version() == VrrpVersion.V3 && mixed;
        List<Effect> out = new ArrayList<>(5);
        changeState(ProtocolState.BACKUP, yieldReason, now, out);
        return List.copyOf(out);
    }

    /** The daemon changed the effective priority: a Master advertises it at once. */
    private List<Effect> onPriorityChanged(int newPriority, long now) {
        if (newPriority == priority) {
            return NONE;
        }
        setPriority(newPriority);
        recomputeTiming();
        if (state == ProtocolState.MASTER) {
            return sendAdvertNow(now);
        }
        return NONE; // a Backup uses the new Skew_Time from the next advert on
    }

    // ===== The one place where the state changes =====

    /**
     * Changes state: exit actions of the old state, entry actions of the new one, then the
     * {@link Effect.StateChange}. Every transition goes through here.
     */
    private void changeState(ProtocolState to, TransitionReason reason, long now, List<Effect> out) {
        ProtocolState from = state;
        // Exit.
        if (from == ProtocolState.MASTER) {
            if (adverArmed) {
                adverArmed = false;
                out.add(CANCEL_ADVER);
            }
            if (reason == TransitionReason.SHUTDOWN || yields(reason)) {
                // 6.4.3: send an advert with priority 0 on Shutdown; on yielding too (class javadoc):
                // the winner hears a second Master leave even when its advert reached us first
                out.addAll(releaseAdverts);
            }
            if (acceptWhenMaster) {
                out.add(ACCEPT_OFF);
            }
        } else if (from == ProtocolState.BACKUP) {
            if (masterDownArmed) {
                masterDownArmed = false;
                out.add(CANCEL_MASTER_DOWN);
            }
        }
        // Entry.
        state = to;
        if (to == ProtocolState.MASTER) {
            masterAddress = primaryAddress;
            masterSendsV3 = false;
            answered = false;
            out.addAll(adverts);
            out.add(ANNOUNCE);
            out.add(armAdver(now + advertisementIntervalNanos));
            if (acceptWhenMaster) {
                out.add(ACCEPT_ON);
            }
        } else if (to == ProtocolState.BACKUP) {
            recomputeTiming();
            takeoverReason = TransitionReason.MASTER_DOWN_TIMER;
            out.add(armMasterDown(now + masterDownIntervalNanos));
        } else {
            forgetMaster();
            masterAdverIntervalCs = advertisementIntervalCs;
            recomputeTiming();
        }
        out.add(new Effect.StateChange(from, to, reason));
    }

    // ===== Helpers =====

    private List<Effect> sendAdvertNow(long now) {
        Effect arm = armAdver(now + advertisementIntervalNanos);
        return adverts.size() == 1 ? List.of(adverts.get(0), arm) : List.of(adverts.get(0), adverts.get(1), arm);
    }

    /** A Master's answer to priority 0: its adverts, an announcement, the Adver_Timer reset. */
    private List<Effect> sendAdvertAndAnnounceNow(long now) {
        List<Effect> out = new ArrayList<>(adverts.size() + 2);
        out.addAll(adverts);
        out.add(ANNOUNCE);
        out.add(armAdver(now + advertisementIntervalNanos));
        return List.copyOf(out);
    }

    /** Whether {@code reason} is a Master's yield to a better advert. */
    private static boolean yields(TransitionReason reason) {
        return reason == TransitionReason.HIGHER_PRIORITY_ADVERT || reason == TransitionReason.EQUAL_PRIORITY_HIGHER_ADDRESS;
    }

    /** Whether a Master may answer an advert at once now; if so, the answer is counted from now. */
    private boolean answer(long now) {
        if (answered && now - lastAnswerAt < replyHoldoffNanos) {
            return false;
        }
        answered = true;
        lastAnswerAt = now;
        return true;
    }

    /** The adverts a Master sends at {@code p}: VRRPv3, VRRPv2, or both (mixed mode), VRRPv3 first. */
    private List<Effect> advertsAt(int p) {
        if (v2) {
            return List.of(new Effect.SendAdvert(p, advertisementIntervalCs, VrrpVersion.V2));
        }
        Effect v3Advert = new Effect.SendAdvert(p, advertisementIntervalCs, VrrpVersion.V3);
        return mixed ? List.of(v3Advert, new Effect.SendAdvert(p, config.v2AdvertIntervalCs(), VrrpVersion.V2))
                : List.of(v3Advert);
    }

    /** Master_Adver_Interval from an accepted advert: VRRPv3 only, at least 1 cs, at most the configured bound. */
    private void adopt(int advertisedCs) {
        if (v2) {
            return; // RFC 3768: a Backup times out on its own Advertisement_Interval
        }
        int bound = config.maxAdoptedIntervalCs();
        int cs = Math.max(Timing.MIN_ADVERT_INTERVAL_CS, advertisedCs);
        masterAdverIntervalCs = bound == 0 ? cs : Math.min(cs, bound);
    }

    private void forgetMaster() {
        masterAddress = null;
        masterSendsV3 = false;
    }

    private Effect armAdver(long deadline) {
        adverArmed = true;
        adverDeadline = deadline;
        return new Effect.ArmTimer(TimerKind.ADVER, deadline);
    }

    private Effect armMasterDown(long deadline) {
        masterDownArmed = true;
        masterDownDeadline = deadline;
        return new Effect.ArmTimer(TimerKind.MASTER_DOWN, deadline);
    }

    /** Records the Master's address, copying only when it changed (the steady state allocates nothing). */
    private void rememberMaster(byte[] source) {
        if (masterAddress == null || masterAddress == primaryAddress || !Arrays.equals(masterAddress, source)) {
            masterAddress = source.clone();
        }
    }

    private void setPriority(int newPriority) {
        priority = newPriority;
        adverts = advertsAt(newPriority);
        List<Effect> answer = new ArrayList<>(adverts);
        answer.add(ANNOUNCE);
        answerToLosing = List.copyOf(answer);
    }

    private void recomputeTiming() {
        if (v2) {
            skewTimeNanos = Timing.v2SkewTimeNanos(priority);
            masterDownIntervalNanos = Timing.v2MasterDownIntervalNanos(priority, advertisementIntervalCs);
        } else {
            skewTimeNanos = Timing.skewTimeNanos(priority, masterAdverIntervalCs);
            masterDownIntervalNanos = Timing.masterDownIntervalNanos(priority, masterAdverIntervalCs);
        }
    }

    /** Preempt_Mode as applied: configured, or always for the address owner. */
    private boolean preempts() {
        return config.preempt() || priority == Timing.OWNER_PRIORITY;
    }

    /** True while the preempt delay after the last startup is still running. */
    private boolean preemptHeld(long now) {
        if (preemptHeld && now - preemptAllowedAt >= 0) {
            preemptHeld = false;
        }
        return preemptHeld;
    }

    @Override
    public String toString() {
        return "VirtualRouter[" + config.family().configName() + " " + config.version() + (mixed ? "+accept-v2" : "")
                + " vrid=" + config.vrid() + " "
                + state + " priority=" + priority + "]";
    }
}
