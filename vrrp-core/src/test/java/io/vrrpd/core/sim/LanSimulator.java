package io.vrrpd.core.sim;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.fsm.Effect;
import io.vrrpd.core.fsm.Event;
import io.vrrpd.core.fsm.ProtocolState;
import io.vrrpd.core.fsm.RouterConfig;
import io.vrrpd.core.fsm.TimerKind;
import io.vrrpd.core.fsm.Timing;
import io.vrrpd.core.fsm.VirtualRouter;
import io.vrrpd.core.packet.Advertisement;
import io.vrrpd.core.packet.Authentication;
import io.vrrpd.core.packet.OwnerPolicy;
import io.vrrpd.core.packet.ReceiveCheck;
import io.vrrpd.core.packet.ReceiveExpectations;
import io.vrrpd.core.packet.ReceiveVerdict;
import io.vrrpd.core.packet.RejectReason;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One seeded run: 2 to 5 {@link VirtualRouter}s of one VRID on a simulated LAN, in virtual time.
 *
 * <p>Every source of nondeterminism comes from {@link SplittableRandom}s seeded with
 * {@link #seed}: the scenario (routers, priorities, intervals, family, clock origin), the network
 * (delay, hence reordering; duplication; loss during loss storms; partitions) and the faults
 * (crash and restart, graceful shutdown and restart, priority changes, interface down and up).
 * The versions of the LAN ({@link Lan}) come from a second generator seeded from the seed, so
 * that a VRRPv3 LAN draws exactly what it drew before versions existed. The same seed always
 * replays the same run.
 *
 * <p>Every advert passes the real receive check ({@link ReceiveCheck}) of each router it
 * reaches before the router hears it: a router hears only the versions it speaks, and a VRRPv2
 * router only its own interval and password. Any rejection but a version the router does not
 * hear is a failure (the scenario is built consistent).
 *
 * <p>Invariants are checked after every event; a violation throws {@link SimulationFailure}
 * carrying the seed and the last events.
 */
final class LanSimulator {

    static final long MS = 1_000_000L;
    static final long SEC = 1_000_000_000L;

    /** Knobs for a run; {@link #defaults()} is what the CI test uses. */
    /**
     * @param simulatedNanos simulated time per seed; 0 lets the seed choose (300 to 600 of the
     *     longest advert interval)
     * @param forceBestWinsCheck check "the best router is master" even where some router has
     *     preempt off (where it need not hold): only for testing the checker itself
     * @param forcePreemptOff configure every router with preempt off: with the check forced,
     *     a deliberately broken scenario
     */
    record Options(long simulatedNanos, boolean forceBestWinsCheck, boolean forcePreemptOff) {
        static Options defaults() {
            return new Options(0, false, false);
        }
    }

    /**
     * The versions the routers of a LAN speak: VRRPv3 alone, VRRPv2 alone, or a stage of the
     * migration from one to the other, in which every pair of routers shares a version (RFC 9568
     * section 8.4): VRRPv2 beside mixed-mode VRRPv3 ({@code accept-v2}), then mixed mode beside
     * VRRPv3. A VRRPv2-only and a VRRPv3-only router never meet, as they do not hear each other.
     */
    enum Lan {
        V3, V2, V2_AND_MIXED, MIXED_AND_V3;

        boolean hasV2() {
            return this != V3;
        }
    }

    /** What one router of the LAN speaks. */
    enum Mode { V3, V2, MIXED }

    // ===== Scenario =====

    final long seed;
    private final SplittableRandom rnd;
    private final Options options;
    final Lan lan;
    /** The VRRPv2 password of the LAN, or none. */
    final Authentication authentication;
    /** The routers' clock reads {@code origin + now}; often close to Long.MAX_VALUE so it wraps. */
    final long origin;
    final AddressFamily family;
    final Node[] nodes;
    final long minDelay;
    final long maxDelay;
    final long maxTimerLateness;
    final double duplicateProbability;
    final long preemptDelay;
    final boolean allPreempt;
    /**
     * Longest quiet time after which the LAN (or each side of a partition) must have converged,
     * whatever the priorities: {@link #convergenceBound(int)} at priority 1. Paces the faults.
     */
    final long convergenceBound;
    /** The longest advert interval of the scenario, cs: Master_Adver_Interval can be no longer. */
    final int maxIntervalCs;
    /** What the bound adds to Master_Down_Interval: two intervals, three delays, two latenesses, preempt delay. */
    final long boundSlack;
    final long duration;

    // ===== Run state =====

    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private long sequence;
    /** Virtual time since the start, ns. */
    private long now;
    private long lastDisturbance;
    private double lossProbability;
    private boolean partitioned;
    private final Trace trace = new Trace(120);
    private Event handling;

    // ===== Counters (for the report) =====

    long events;
    long adverts;
    long v2Adverts;
    long versionMismatches;
    long transitions;
    long convergenceChecks;
    long faults;

    /** A simulated router: configuration plus the live state machine (null while crashed). */
    static final class Node {
        final int index;
        final RouterConfig config;
        final byte[] address;
        final String name;
        /** What the receive check of this router expects. */
        final ReceiveExpectations expectations;
        /** The adverts this router sends, by version and priority, built once each. */
        private final Advertisement[][] sent = new Advertisement[2][256];
        VirtualRouter router;
        boolean alive = true;
        boolean enabled;
        boolean interfaceUp = true;
        int group;
        int generation;
        ProtocolState lastState = ProtocolState.INITIALIZE;

        Node(int index, RouterConfig config, Authentication authentication) {
            this.index = index;
            this.config = config;
            this.address = config.primaryAddress();
            this.name = "r" + index;
            this.router = new VirtualRouter(config);
            this.expectations = new ReceiveExpectations(config.family(), config.vrid(), vips(config.family()),
                    config.isOwner(), OwnerPolicy.LOG_AND_PROCESS).withVersion(config.version(), config.acceptV2(),
                    config.advertIntervalCs(), config.sendsV2() ? authentication : Authentication.NONE);
        }

        /** The advert on the wire for a SendAdvert of this router. */
        Advertisement advert(Effect.SendAdvert send) {
            Advertisement a = sent[send.version().ordinal()][send.priority()];
            if (a == null) {
                a = new Advertisement(send.version(), config.family(), config.vrid(), send.priority(), send.intervalCs(),
                        expectations.virtualAddresses(),
                        send.version() == VrrpVersion.V2 ? expectations.authentication() : Authentication.NONE);
                sent[send.version().ordinal()][send.priority()] = a;
            }
            return a;
        }

        Mode mode() {
            return config.version() == VrrpVersion.V2 ? Mode.V2 : config.acceptV2() ? Mode.MIXED : Mode.V3;
        }

        boolean live() {
            return alive && enabled && interfaceUp;
        }

        String name() {
            return name;
        }
    }

    /** Something due at a virtual time; ties are broken by scheduling order. */
    private static final class Scheduled implements Comparable<Scheduled> {
        final long at;
        final long seq;
        final Runnable action;

        Scheduled(long at, long seq, Runnable action) {
            this.at = at;
            this.seq = seq;
            this.action = action;
        }

        @Override
        public int compareTo(Scheduled o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    LanSimulator(long seed, Options options) {
        this.seed = seed;
        this.options = options;
        this.rnd = new SplittableRandom(seed);
        SplittableRandom versions = new SplittableRandom(~seed);
        this.family = rnd.nextInt(10) < 3 ? AddressFamily.IPV6 : AddressFamily.IPV4;
        this.lan = family == AddressFamily.IPV6 || versions.nextInt(10) < 6 ? Lan.V3
                : Lan.values()[1 + versions.nextInt(3)];
        this.authentication = lan.hasV2() && versions.nextBoolean()
                ? Authentication.simplePassword("sim-pass".getBytes(StandardCharsets.US_ASCII)) : Authentication.NONE;
        int v2Interval = 100 * (1 + versions.nextInt(2));
        int count = 2 + rnd.nextInt(4);
        int[] intervalChoices = {5, 10, 20, 50, 100, 100, 100, 200};
        int commonInterval = intervalChoices[rnd.nextInt(intervalChoices.length)];
        boolean mixedIntervals = rnd.nextInt(10) < 3;
        boolean ties = rnd.nextInt(10) < 2;
        boolean owner = rnd.nextInt(10) < 2;
        boolean somePreemptOff = rnd.nextInt(10) < 1;
        this.preemptDelay = rnd.nextInt(10) < 2 ? rnd.nextLong(2L * commonInterval * Timing.NANOS_PER_CENTISECOND) : 0;
        int vrid = 1 + rnd.nextInt(255);
        this.nodes = new Node[count];
        int[] priorities = distinctPriorities(count, ties);
        byte[][] addresses = distinctAddresses(count);
        boolean preemptEverywhere = true;
        int maxInterval = 0;
        for (int i = 0; i < count; i++) {
            int priority = owner && i == 0 ? 255 : priorities[i];
            int interval = mixedIntervals ? intervalChoices[rnd.nextInt(intervalChoices.length)] : commonInterval;
            boolean preempt = !(somePreemptOff && rnd.nextBoolean()) && !options.forcePreemptOff();
            preemptEverywhere &= preempt;
            RouterConfig config = new RouterConfig(family, vrid, priority, interval, preempt,
                    preemptDelay, rnd.nextBoolean(), addresses[i]);
            Mode mode = mode(versions, i);
            if (mode == Mode.V2) {
                config = withInterval(config, v2Interval).withVersion(VrrpVersion.V2);
            } else if (mode == Mode.MIXED) {
                // Beside VRRPv2 routers its VRRPv2 adverts must say their interval: whole seconds rounded up.
                int cs = lan == Lan.V2_AND_MIXED ? mixedInterval(versions, v2Interval) : interval;
                config = withInterval(config, cs).withAcceptV2(true);
            }
            // A mixed-mode Backup may adopt another mixed router's VRRPv2 interval before its VRRPv3 one.
            maxInterval = Math.max(maxInterval, Math.max(config.advertIntervalCs(), config.v2AdvertIntervalCs()));
            nodes[i] = new Node(i, config, authentication);
        }
        this.allPreempt = preemptEverywhere;
        long maxIntervalNanos = Timing.centisToNanos(maxInterval);
        this.minDelay = rnd.nextLong(100_000L);
        this.maxDelay = minDelay + 1 + rnd.nextLong(Math.min(20 * MS, maxIntervalNanos / 4));
        this.maxTimerLateness = rnd.nextLong(1 + Math.min(MS, maxIntervalNanos / 20));
        this.duplicateProbability = rnd.nextDouble() * 0.1;
        this.maxIntervalCs = maxInterval;
        this.boundSlack = 2 * maxIntervalNanos + 3 * maxDelay + 2 * maxTimerLateness + preemptDelay;
        this.convergenceBound = convergenceBound(1);
        this.duration = options.simulatedNanos() > 0 ? options.simulatedNanos()
                : 300L * maxIntervalNanos + rnd.nextLong(300L * maxIntervalNanos);
        this.origin = rnd.nextBoolean() ? Long.MAX_VALUE - rnd.nextLong(duration) : rnd.nextLong();
    }

    /** Router {@code i}'s version: the LAN's, or in a migration stage one of its two (both present). */
    private Mode mode(SplittableRandom versions, int i) {
        Mode[] pair = switch (lan) {
            case V3 -> new Mode[] {Mode.V3, Mode.V3};
            case V2 -> new Mode[] {Mode.V2, Mode.V2};
            case V2_AND_MIXED -> new Mode[] {Mode.V2, Mode.MIXED};
            case MIXED_AND_V3 -> new Mode[] {Mode.MIXED, Mode.V3};
        };
        return i < 2 ? pair[i] : pair[versions.nextInt(2)];
    }

    /** An interval whose whole seconds, rounded up, are {@code v2Interval}: 5 cs to 1 s for 1 s, 1.5 or 2 s for 2 s. */
    private static int mixedInterval(SplittableRandom versions, int v2Interval) {
        int[] choices = v2Interval == 100 ? new int[] {5, 10, 20, 50, 100} : new int[] {150, 200};
        return choices[versions.nextInt(choices.length)];
    }

    private static RouterConfig withInterval(RouterConfig c, int cs) {
        return new RouterConfig(c.family(), c.vrid(), c.priority(), cs, c.preempt(), c.preemptDelayNanos(),
                c.acceptMode(), c.primaryAddress(), c.version(), c.acceptV2(), c.maxAdoptedIntervalCs());
    }

    private static List<InetAddress> vips(AddressFamily family) {
        try {
            return List.of(InetAddress.getByAddress(family == AddressFamily.IPV4
                    ? new byte[] {(byte) 192, 0, 2, 1}
                    : new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * How long after the last change a group whose best live router has priority {@code best}
     * must have converged: that router's Master_Down_Interval (at the longest interval it can
     * have adopted), plus
     * <ul>
     *   <li>one advert interval: a Backup whose priority was just raised still runs the timer it
     *       armed with its old, longer Skew_Time (up to one interval longer);</li>
     *   <li>a second one: once the winner has taken over, a third router may still accept an
     *       advert the loser sent before it heard the winner (RFC 9568 and RFC 3768 accept any
     *       advert of a priority at least theirs), and time out once more on the loser's shorter
     *       interval; it yields when the winner answers, or if that answer is held off, at the
     *       winner's next advert;</li>
     *   <li>three network delays (an advert in flight when the change happened, the loser's late
     *       advert, the winner's advert reaching a second Master), two timer latenesses and the
     *       preempt delay.</li>
     * </ul>
     */
    long convergenceBound(int best) {
        return Timing.masterDownIntervalNanos(best, maxIntervalCs) + boundSlack;
    }

    private int[] distinctPriorities(int count, boolean ties) {
        int[] p = new int[count];
        for (int i = 0; i < count; i++) {
            boolean again;
            do {
                p[i] = ties ? 100 + 50 * rnd.nextInt(2) : 1 + rnd.nextInt(254);
                again = false;
                for (int j = 0; j < i && !ties; j++) {
                    again |= p[j] == p[i];
                }
            } while (again);
        }
        return p;
    }

    private byte[][] distinctAddresses(int count) {
        byte[][] a = new byte[count][];
        for (int i = 0; i < count; i++) {
            boolean again;
            do {
                a[i] = family == AddressFamily.IPV4
                        ? new byte[] {(byte) 192, 0, 2, (byte) (1 + rnd.nextInt(254))}
                        : new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                (byte) rnd.nextInt(256), (byte) (1 + rnd.nextInt(255))};
                again = false;
                for (int j = 0; j < i; j++) {
                    again |= Arrays.equals(a[j], a[i]);
                }
            } while (again);
        }
        return a;
    }

    // ===== Running =====

    /** Runs to the end of the scenario; throws {@link SimulationFailure} on a violation. */
    void run() {
        for (Node node : nodes) {
            schedule(rnd.nextLong(Timing.centisToNanos(node.config.advertIntervalCs())), () -> {
                node.enabled = true;
                disturbance("start " + node.name());
                deliver(node, new Event.Startup());
            });
        }
        scheduleNextFault();
        while (!queue.isEmpty()) {
            Scheduled next = queue.poll();
            if (next.at > duration) {
                break;
            }
            now = next.at;
            next.action.run();
            events++;
            checkConvergence();
        }
    }

    /** Router-seconds simulated: routers times simulated seconds. */
    double routerSeconds() {
        return nodes.length * (double) duration / SEC;
    }

    private void schedule(long delay, Runnable action) {
        queue.add(new Scheduled(now + delay, sequence++, action));
    }

    /** Feeds an event to a node's state machine and performs the effects. */
    private void deliver(Node node, Event event) {
        if (!node.alive) {
            return;
        }
        VirtualRouter router = node.router;
        long clock = origin + now;
        handling = event;
        trace.add(now, node.name, " <- ", event);
        List<Effect> effects = router.handle(event, clock);
        for (Effect effect : effects) {
            trace.add(now, node.name, " -> ", effect);
            if (effect instanceof Effect.SendAdvert send) {
                onSend(node, send);
            } else if (effect instanceof Effect.ArmTimer arm) {
                long delay = arm.deadlineNanos() - clock;
                if (delay < 0) {
                    fail("armed " + arm.timer() + " in the past by " + (-delay) + " ns", node);
                }
                int generation = node.generation;
                TimerKind kind = arm.timer();
                long late = maxTimerLateness == 0 ? 0 : rnd.nextLong(maxTimerLateness + 1);
                schedule(delay + late, () -> {
                    if (node.alive && node.generation == generation) {
                        deliver(node, new Event.TimerFired(kind));
                    }
                });
            } else if (effect instanceof Effect.StateChange change) {
                if (change.from() != node.lastState) {
                    fail("state change from " + change.from() + " but the node was " + node.lastState, node);
                }
                node.lastState = change.to();
                transitions++;
            }
            // CancelTimer is deliberately ignored: the driver is sloppy, stale firings must be ignored.
        }
        checkNode(node);
        handling = null;
    }

    private void onSend(Node node, Effect.SendAdvert send) {
        VirtualRouter router = node.router;
        if (send.priority() == 0) {
            // a release: on Shutdown, or by a Master yielding to a better advert (docs/state-machine.md)
            boolean yielding = handling instanceof Event.AdvertReceived && node.lastState == ProtocolState.MASTER
                    && router.state() == ProtocolState.BACKUP;
            if (!(handling instanceof Event.Shutdown) && !yielding) {
                fail("sent priority 0 while handling " + handling + " (only a release may)", node);
            }
        } else if (send.priority() != router.priority() || router.state() != ProtocolState.MASTER) {
            fail("sent priority " + send.priority() + " in " + router.state() + " at priority "
                    + router.priority(), node);
        }
        boolean v2 = send.version() == VrrpVersion.V2;
        if (v2 ? !node.config.sendsV2() : !node.config.sendsV3()) {
            fail("sent a " + send.version() + " advert as " + node.mode(), node);
        }
        int configured = v2 ? node.config.v2AdvertIntervalCs() : node.config.advertIntervalCs();
        if (send.intervalCs() != configured) {
            fail("advertised " + send.intervalCs() + " cs in " + send.version() + ", configured " + configured, node);
        }
        adverts++;
        if (v2) {
            v2Adverts++;
        }
        Advertisement advert = node.advert(send);
        Event.AdvertReceived packet =
                new Event.AdvertReceived(node.address, send.priority(), send.intervalCs(), send.version());
        for (Node peer : nodes) {
            if (peer == node || peer.group != node.group) {
                continue;
            }
            ReceiveVerdict verdict = ReceiveCheck.check(peer.expectations, family, AddressFamily.REQUIRED_HOP_LIMIT, advert);
            if (!verdict.accepted()) {
                if (verdict.reason() != RejectReason.VERSION_MISMATCH) {
                    fail(peer.name() + " rejected " + node.name() + "'s " + send.version() + " advert: "
                            + verdict.reason().metricName(), node);
                }
                versionMismatches++;
                continue;
            }
            if (lossProbability > 0 && rnd.nextDouble() < lossProbability) {
                continue;
            }
            int copies = rnd.nextDouble() < duplicateProbability ? 2 : 1;
            for (int c = 0; c < copies; c++) {
                schedule(minDelay + rnd.nextLong(maxDelay - minDelay + 1), () -> {
                    // Delivered only if there is still a path from the sender (partition now).
                    if (peer.group == node.group && peer.interfaceUp) {
                        deliver(peer, packet);
                    }
                });
            }
        }
    }

    /** Safety after every event: the timers armed match the state, the reported state is right. */
    private void checkNode(Node node) {
        VirtualRouter r = node.router;
        if (r.state() != node.lastState) {
            fail("state() is " + r.state() + " but the last StateChange said " + node.lastState, node);
        }
        switch (r.state()) {
            case MASTER -> {
                if (!r.isArmed(TimerKind.ADVER) || r.isArmed(TimerKind.MASTER_DOWN)) {
                    fail("master without exactly the Adver_Timer armed", node);
                }
                if (!Arrays.equals(r.masterAddress(), node.config.primaryAddress())) {
                    fail("master reports another master address", node);
                }
            }
            case BACKUP -> {
                if (r.isArmed(TimerKind.ADVER) || !r.isArmed(TimerKind.MASTER_DOWN)) {
                    fail("backup without exactly the Master_Down_Timer armed", node);
                }
            }
            case INITIALIZE -> {
                if (r.isArmed(TimerKind.ADVER) || r.isArmed(TimerKind.MASTER_DOWN)) {
                    fail("initialize with a timer armed", node);
                }
                if (node.live()) {
                    fail("live router (started, interface up) left in Initialize", node);
                }
            }
            default -> throw new AssertionError(r.state());
        }
    }

    /**
     * Liveness once quiet: when nothing changed for {@link #convergenceBound} and no loss storm is
     * on, each connected group of live routers has exactly one Master, and it has the highest
     * priority in the group. Among equal priorities RFC 9568 does not preempt an established
     * Master (a Backup accepts an advert of equal priority), so any of them may hold it.
     */
    private void checkConvergence() {
        long quiet = now - lastDisturbance;
        if (quiet <= convergenceBound(255) || lossProbability > 0) {
            return;
        }
        int groups = partitioned ? 2 : 1;
        for (int g = 0; g < groups; g++) {
            Node master = null;
            int masters = 0;
            int best = 0;
            for (Node n : nodes) {
                if (n.group != g || !n.live()) {
                    continue;
                }
                best = Math.max(best, n.router.priority());
                if (n.router.state() == ProtocolState.MASTER) {
                    masters++;
                    master = n;
                }
            }
            if (best == 0 || quiet <= convergenceBound(best)) {
                continue; // nobody live on this side, or not quiet for long enough yet
            }
            convergenceChecks++;
            if (masters != 1) {
                fail(masters + " masters in group " + g + " after " + quiet / MS
                        + " ms quiet (bound " + convergenceBound(best) / MS + " ms)", master);
            }
            if ((allPreempt || options.forceBestWinsCheck()) && master.router.priority() != best) {
                fail("master has priority " + master.router.priority() + " but a live router has " + best
                        + " after " + quiet / MS + " ms quiet (bound " + convergenceBound(best) / MS + " ms)", master);
            }
        }
    }

    // ===== Faults =====

    private void disturbance(String what) {
        lastDisturbance = now;
        trace.add(now, "FAULT", " ", what);
    }

    private void scheduleNextFault() {
        schedule(rnd.nextLong(1 + 5 * convergenceBound / 2), () -> {
            injectFault();
            scheduleNextFault();
        });
    }

    private long recoveryDelay() {
        return rnd.nextLong(1 + 3 * convergenceBound);
    }

    private void injectFault() {
        Node node = nodes[rnd.nextInt(nodes.length)];
        faults++;
        switch (rnd.nextInt(7)) {
            case 0 -> { // crash: no release, timers lost; restart later
                if (!node.alive) {
                    return;
                }
                disturbance("crash " + node.name());
                node.alive = false;
                node.generation++;
                schedule(recoveryDelay(), () -> {
                    node.alive = true;
                    node.router = new VirtualRouter(node.config);
                    node.lastState = ProtocolState.INITIALIZE;
                    node.interfaceUp = true;
                    node.enabled = true;
                    disturbance("restart " + node.name());
                    deliver(node, new Event.Startup());
                });
            }
            case 1 -> { // graceful shutdown (priority 0 release), start again later
                if (!node.alive || !node.enabled) {
                    return;
                }
                disturbance("shutdown " + node.name());
                node.enabled = false;
                deliver(node, new Event.Shutdown());
                int generation = node.generation;
                schedule(recoveryDelay(), () -> {
                    if (node.alive && node.generation == generation && !node.enabled) {
                        node.enabled = true;
                        disturbance("startup " + node.name());
                        deliver(node, new Event.Startup());
                    }
                });
            }
            case 2, 3 -> { // priority change: demote, promote, or restore
                if (!node.alive) {
                    return;
                }
                int p = rnd.nextInt(3) == 0 ? node.config.priority() : 1 + rnd.nextInt(254);
                disturbance("priority " + node.name() + " " + node.router.priority() + " -> " + p);
                deliver(node, new Event.PriorityChanged(p));
            }
            case 4 -> { // interface down, up later
                if (!node.alive || !node.interfaceUp) {
                    return;
                }
                disturbance("interface down " + node.name());
                node.interfaceUp = false;
                deliver(node, new Event.InterfaceDown());
                int generation = node.generation;
                schedule(recoveryDelay(), () -> {
                    if (node.alive && node.generation == generation && !node.interfaceUp) {
                        node.interfaceUp = true;
                        disturbance("interface up " + node.name());
                        deliver(node, new Event.InterfaceUp());
                    }
                });
            }
            case 5 -> { // partition into two non-empty sides, heal later
                if (partitioned) {
                    return;
                }
                int mask = 1 + rnd.nextInt((1 << nodes.length) - 2);
                StringBuilder sides = new StringBuilder();
                for (Node n : nodes) {
                    n.group = (mask >> n.index) & 1;
                    sides.append(n.name()).append(':').append(n.group).append(' ');
                }
                partitioned = true;
                disturbance("partition " + sides.toString().trim());
                schedule(recoveryDelay(), () -> {
                    for (Node n : nodes) {
                        n.group = 0;
                    }
                    partitioned = false;
                    disturbance("heal partition");
                });
            }
            default -> { // loss storm
                if (lossProbability > 0) {
                    return;
                }
                lossProbability = 0.05 + rnd.nextDouble() * 0.6;
                disturbance("loss storm " + Math.round(lossProbability * 100) + "%");
                schedule(recoveryDelay(), () -> {
                    lossProbability = 0;
                    disturbance("loss storm over");
                });
            }
        }
    }

    // ===== Reporting =====

    private void fail(String what, Node node) {
        throw new SimulationFailure(seed, "at t=" + formatTime(now) + (node == null ? "" : " " + node.name())
                + ": " + what + "\n" + describe() + "\nlast events:\n" + trace.dump());
    }

    /** The scenario, for failure reports. */
    String describe() {
        StringBuilder b = new StringBuilder();
        b.append(family.configName()).append(' ').append(lan)
                .append(authentication.isNone() ? "" : " with a VRRPv2 password")
                .append(", clock origin ").append(origin)
                .append(", delay ").append(minDelay).append("..").append(maxDelay).append(" ns")
                .append(", timer lateness <= ").append(maxTimerLateness).append(" ns")
                .append(", duplication ").append(Math.round(duplicateProbability * 1000) / 10.0).append('%')
                .append(", convergence bound ").append(convergenceBound / MS).append(" ms")
                .append(", duration ").append(duration / SEC).append(" s\n");
        for (Node n : nodes) {
            RouterConfig c = n.config;
            b.append("  ").append(n.name()).append(' ').append(HexFormat.of().formatHex(c.primaryAddress()))
                    .append(' ').append(n.mode())
                    .append(" priority ").append(c.priority()).append(" interval ").append(c.advertIntervalCs())
                    .append("cs preempt ").append(c.preempt()).append(" delay ").append(c.preemptDelayNanos())
                    .append("ns; now ").append(n.alive ? n.router.state() + " p" + n.router.priority() : "CRASHED")
                    .append(n.enabled ? "" : " disabled").append(n.interfaceUp ? "" : " if-down")
                    .append(" group ").append(n.group).append('\n');
        }
        return b.toString();
    }

    static String formatTime(long nanos) {
        return String.format(java.util.Locale.ROOT, "%d.%09ds", nanos / SEC, nanos % SEC);
    }

    /** The states of all routers, for determinism checks. */
    String fingerprint() {
        StringBuilder b = new StringBuilder();
        b.append(events).append('/').append(adverts).append('/').append(transitions);
        for (Node n : nodes) {
            b.append(' ').append(n.alive ? n.router.state() : "X");
        }
        return b.toString();
    }

    /** A ring of the last trace entries; formatted only when a run fails (keeps runs fast). */
    static final class Trace {
        private final long[] times;
        private final String[] who;
        private final String[] arrows;
        private final Object[] what;
        private int next;
        private long total;

        Trace(int capacity) {
            times = new long[capacity];
            who = new String[capacity];
            arrows = new String[capacity];
            what = new Object[capacity];
        }

        void add(long time, String subject, String arrow, Object object) {
            times[next] = time;
            who[next] = subject;
            arrows[next] = arrow;
            what[next] = object;
            next = (next + 1) % times.length;
            total++;
        }

        String dump() {
            StringBuilder b = new StringBuilder();
            int count = (int) Math.min(total, times.length);
            for (int i = 0; i < count; i++) {
                int at = Math.floorMod(next - count + i, times.length);
                b.append("  ").append(formatTime(times[at])).append(' ').append(who[at])
                        .append(arrows[at]).append(what[at]).append('\n');
            }
            return b.toString();
        }
    }
}
