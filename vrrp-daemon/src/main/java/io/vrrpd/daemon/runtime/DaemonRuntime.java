package io.vrrpd.daemon.runtime;

import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.core.IpText;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.daemon.config.UnicastConfig;
import io.vrrpd.daemon.config.HookEntry;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.instance.InstanceCounters;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.daemon.instance.TransitionListener;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.metrics.HookMetrics;
import io.vrrpd.daemon.net.PacketIoException;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.builtin.HeldAddressesHook;
import io.vrrpd.hooks.HookRunner;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.ReportedState;
import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.Link;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import io.vrrpd.daemon.status.Health;
import io.vrrpd.hooks.kernel.rtnetlink.KernelMonitor;
import io.vrrpd.core.fsm.ProtocolState;
import io.vrrpd.daemon.track.TrackedPriority;
import io.vrrpd.daemon.track.Trackers;
import io.vrrpd.hooks.Durations;
import io.vrrpd.daemon.takeover.Adoption;
import io.vrrpd.daemon.takeover.HandoverCodec;
import io.vrrpd.daemon.takeover.HandoverState;
import io.vrrpd.daemon.takeover.TakeOverPlan;

/**
 * Everything the daemon runs for one configuration, owned by the event loop: instances, the
 * interfaces they are bound to, and the reaction to kernel events. Every method runs on the loop.
 *
 * <p>Interfaces are reconciled as a whole after any link or address change: an instance whose
 * interface is missing, down or without a source address is in FAULT with a message that says
 * which; once the interface is usable again it starts over. An interface bound by MAC is
 * followed across renames; one bound by name that was renamed is a FAULT naming the new name.
 */
public final class DaemonRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(DaemonRuntime.class);

    private final EventLoop loop;
    private final Kernel kernel;
    private final PacketIo packetIo;
    private final StatusBoard board;
    private final List<TransitionListener> listeners;
    private final Map<String, RunningInstance> instances = new LinkedHashMap<>();
    private final Map<Integer, InterfaceBinding> bindings = new HashMap<>();
    /** Every virtual address of every instance (a VIP belongs to one instance only). */
    private final Set<InetAddress> virtualAddresses = new HashSet<>();
    /** The names of the instances' virtual MAC macvlans: their going up and down is ours, no reason to reconcile. */
    private final Set<String> virtualMacLinks = new HashSet<>();
    private VrrpdConfig config;
    /** The MACs of the interfaces instances are bound to by name, to name a renamed one. */
    private InterfaceMemory interfaceMemory = InterfaceMemory.inMemory();
    /** Set by {@link #stop}: kernel events caused by our own cleanup must not restart anything. */
    private boolean stopped;

    private final EgressSupervisor egress;
    /** Adds and removes VIPs off the loop, in order. */
    private final AddressWorker addressWorker = new AddressWorker();
    /** Sync groups: a member in trouble holds its mates back, so the group moves as one. */
    private final SyncGroupPolicy syncGroups;
    /** Receive failures per interface, across the bindings that replace each other. */
    private final ReceiveHealth receiveHealth = new ReceiveHealth();
    /** Puts back VIPs the kernel lost while its events did not say so. */
    private final VipAudit vipAudit;
    private final ScheduledFuture<?> periodicAudit;
    /** Every instance's trackers: they lower or raise its priority, or hold it in FAULT. */
    private final Trackers trackers;
    /** When the daemon started ({@link EventLoop#nanoTime}): {@code startup-delay} counts from here. */
    private final long startedNanos;
    private ScheduledFuture<?> startupTimer;
    /**
     * {@code vrrpd --take-over}: the instances to continue as the old process ran them; kept until
     * {@link #takeOverDone}, while the others are held in INIT (the old process still runs them).
     */
    private Map<String, Adoption> adoptions = Map.of();
    /** The adoptions not yet started: each is resumed once. */
    private final Map<String, Adoption> toResume = new HashMap<>();
    private boolean heldForTakeOver;

    public DaemonRuntime(EventLoop loop, Kernel kernel, StatusBoard board, List<TransitionListener> listeners,
                         HookRunner hookRunner, HookMetrics hookMetrics) {
        this(loop, kernel, PacketIo.PCAP, board, listeners, hookRunner, hookMetrics);
    }

    /** A runtime whose packet I/O is {@code packetIo} (tests record frames instead of sending them). */
    DaemonRuntime(EventLoop loop, Kernel kernel, PacketIo packetIo, StatusBoard board, List<TransitionListener> listeners,
                  HookRunner hookRunner, HookMetrics hookMetrics) {
        this.loop = loop;
        this.packetIo = packetIo;
        this.kernel = kernel;
        this.board = board;
        this.egress = new EgressSupervisor(loop, hookRunner, hookMetrics);
        this.egress.onPriorityPolicyChange(this::recomputePriorities);
        this.syncGroups = new SyncGroupPolicy(name -> {
            RunningInstance r = instances.get(name);
            return r == null ? null : r.instance;
        }, egress::demoted, this::recomputePriorities);
        List<TransitionListener> all = new ArrayList<>();
        all.add(egress);
        all.add(syncGroups);
        all.addAll(listeners);
        this.listeners = List.copyOf(all);
        this.vipAudit = new VipAudit(kernel, addressWorker);
        this.periodicAudit = loop.every(VipAudit.PERIOD.toNanos(), this::periodicAudit);
        this.trackers = new Trackers(loop, this::trackerChanged);
        this.startedNanos = loop.nanoTime();
    }

    /**
     * Keeps what it sees of the interfaces in {@code stateDir} ({@code vrrpd --state-dir}), and
     * starts from what the last run left there: before the first {@link #apply}.
     */
    public void keepInterfaceStateIn(java.nio.file.Path stateDir) {
        interfaceMemory = InterfaceMemory.in(stateDir);
    }

    /**
     * {@code vrrpd --take-over}, before the first {@link #apply}: the instances of {@code plan}
     * continue as handed over, ignoring {@code startup-delay}; every other instance stays in INIT
     * until {@link #takeOverDone} (the old process runs or releases it meanwhile).
     */
    public void takeOver(TakeOverPlan plan) {
        adoptions = plan.adopted();
        toResume.putAll(plan.adopted());
        heldForTakeOver = true;
    }

    /** The old process has retired: the instances held back start as usual. */
    public void takeOverDone() {
        heldForTakeOver = false;
        adoptions = Map.of();
        toResume.clear();
        reconcile();
    }

    /**
     * The {@code hand-over} answer: every instance as it runs now, with what it holds in the
     * kernel. Changes nothing, and costs the loop little (no digest, no JSON: the adverts of a
     * 100 ms master must not wait for it).
     */
    public HandoverState handOverState(String build) {
        List<HandoverState.Instance> out = new ArrayList<>();
        for (RunningInstance r : instances.values()) {
            Instance i = r.instance;
            String state = i.drained() ? TakeOverPlan.DRAINED : i.protocolState().name();
            List<String> held = new ArrayList<>();
            if (r.ports.holdingOn() != 0) {
                for (int n = 0; n < i.spec().virtualAddresses().size(); n++) {
                    held.add(IpText.format(i.spec().virtualAddresses().get(n)) + "/" + i.spec().prefixLengths().get(n));
                }
            }
            out.add(new HandoverState.Instance(i.name(), state, i.status().master(), i.masterAdverIntervalCs(),
                    r.configDigest, held, List.of()));
        }
        return new HandoverState(HandoverCodec.VERSION, build, out);
    }

    /**
     * {@code retire}: another vrrpd runs the {@code adopted} instances now. They stop without a
     * word on the wire (no priority 0) and leave their VIPs and their hooks' routes in the kernel;
     * every other instance is released as on SIGTERM. Packet I/O is closed; nothing restarts.
     *
     * @return per instance, whether it was handed over or released
     */
    public Map<String, String> retire(List<String> adopted) {
        return end(adopted, "released: the vrrpd that took over does not adopt it");
    }

    /** The configuration in force. */
    public VrrpdConfig config() {
        return config;
    }

    public List<Instance> instances() {
        return instances.values().stream().map(r -> r.instance).toList();
    }

    /**
     * Applies a validated configuration: instances whose config is unchanged keep running (and
     * their state); removed or changed ones are stopped gracefully; new ones start.
     */
    public void apply(VrrpdConfig next) {
        Map<String, InstanceConfig> wanted = next.instances();
        for (String name : new ArrayList<>(instances.keySet())) {
            RunningInstance running = instances.get(name);
            InstanceConfig now = wanted.get(name);
            if (now == null || !now.equals(running.config) || running.instance.failed()) {
                stopInstance(running, now == null ? "removed from the configuration"
                        : running.instance.failed() ? "restarted by a reload after an internal error" : "configuration changed");
                egress.unbind(running.instance);
                syncGroups.forget(name);
                instances.remove(name);
                if (now == null) {
                    board.remove(name);   // a changed one is replaced below: status never shows it missing
                }
            }
        }
        this.config = next;
        syncGroups.configure(next.syncGroups().values());
        for (InstanceConfig c : wanted.values()) {
            if (!instances.containsKey(c.name())) {
                instances.put(c.name(), create(c));
            }
        }
        virtualAddresses.clear();
        instances.values().forEach(r -> virtualAddresses.addAll(r.instance.spec().virtualAddresses()));
        virtualMacLinks.clear();
        wanted.values().stream().filter(InstanceConfig::virtualMac).forEach(c -> virtualMacLinks.add(c.virtualMacLink()));
        bindHooks(next);
        trackers.configure(wanted.values());
        recomputePriorities();
        reconcile();
        publishGroups();
    }

    /** Builds every hook of {@code next} once and binds it to the instances it names (directly or by group). */
    private void bindHooks(VrrpdConfig next) {
        Map<String, List<BoundHook>> byInstance = new HashMap<>();
        for (HookEntry h : next.hooks()) {
            List<InstanceConfig> bound = next.boundInstances(h);
            List<InstanceRef> refs = bound.stream().map(this::ref).toList();
            try {
                BoundHook b = new BoundHook(h.index(), h.type(),
                        h.provider().createBound(h.config(), HookContext.of(kernel, refs)));
                for (InstanceConfig c : bound) {
                    byInstance.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(b);
                }
            } catch (RuntimeException e) {
                LOG.error("hooks[{}] ({}) cannot be created: {}; its instances will not report MASTER", h.index(),
                        h.type(), e.getMessage());
                for (InstanceConfig c : bound) {
                    byInstance.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(new BoundHook(h.index(), h.type(),
                            new BrokenHook(h.type(), e.getMessage())));
                }
            }
        }
        for (RunningInstance r : instances.values()) {
            List<BoundHook> hooks = new ArrayList<>(byInstance.getOrDefault(r.config.name(), List.of()));
            if (!r.config.heldAddresses().isEmpty()) {
                // held like a route: restored when deleted, and in place before MASTER is reported
                hooks.add(new BoundHook(BoundHook.HELD_ADDRESSES, "held-addresses",
                        new HeldAddressesHook(r.config.name(), r.config.heldAddresses(), kernel)));
            }
            egress.bind(r.instance, ref(r.config), hooks);
        }
    }

    /** What a hook is told about an instance: resolved names, never a loose string. */
    private InstanceRef ref(InstanceConfig c) {
        return new InstanceRef(c.name(), c.family(), c.vrid(), interfaceNameOf(c));
    }

    private String interfaceNameOf(InstanceConfig c) {
        RunningInstance r = instances.get(c.name());
        if (r != null && r.lastInterfaceName != null) {
            return r.lastInterfaceName;
        }
        return c.interfaceSelector().describe();
    }

    /**
     * The priority each instance advertises: its configured one, lowered by its failure policy
     * while its egress fails, and 1 while a sync-group mate is in FAULT, failing egress, or lost
     * mastership to a peer — so the group moves as one (a group is MASTER only when all are).
     */
    void recomputePriorities() {
        recomputePriorities(instances.values().stream().map(r -> r.instance).toList());
    }

    private void recomputePriorities(List<Instance> which) {
        for (Instance i : which) {
            TrackedPriority.Result tracked = trackers.result(i.name());
            int p = tracked == null ? i.spec().priority() : tracked.priority();
            if (egress.demoted(i)) {
                p = Math.min(p, egress.demotedPriority(i));
            }
            if (syncGroups.heldBy(i).isPresent()) {
                p = SyncGroupPolicy.HELD_PRIORITY;
            }
            i.setPriority(p);
        }
    }

    private RunningInstance create(InstanceConfig c) {
        String ifname = c.interfaceSelector() instanceof InterfaceSelector.ByName byName ? byName.name() : "?";
        InstanceSpec spec = InstanceSpecs.of(c, ifname);
        InstanceCounters counters = new InstanceCounters();
        VirtualMacLink virtualMac = c.virtualMac()
                ? new VirtualMacLink(c.name(), c.family(), c.vrid(), c.virtualMacLink(), kernel) : null;
        WireInstancePorts ports = new WireInstancePorts(spec, kernel, addressWorker, loop, InstanceSpecs.checksumForm(c),
                InstanceSpecs.announceSettings(c.garp(), c.virtualMac()), InstanceSpecs.routerAdverts(c),
                c.unicast().peers(), counters, virtualMac);
        Instance instance = new Instance(spec, loop, ports, listeners, counters);
        board.liveCounters(c.name(), counters::snapshot);
        instance.onStatusChanged(() -> {
            board.publish(instance.status());
            publishGroups();
        });
        InstanceReceiver receiver = new InstanceReceiver(instance, loop, InstanceSpecs.expectations(c, spec));
        board.publish(instance.status());
        return new RunningInstance(c, instance, ports, receiver);
    }

    /** Re-reads links and addresses and brings every instance in line with them. */
    public void reconcile() {
        if (stopped) {
            return;
        }
        List<Link> links;
        try {
            links = kernel.links();
        } catch (KernelException e) {
            LOG.error("cannot list interfaces: {}", e.getMessage());
            return;
        }
        Map<Integer, Link> byIndex = new HashMap<>();
        for (Link l : links) {
            byIndex.put(l.index(), l);
        }
        if (trackers.links(links)) {
            recomputePriorities();
        }
        publishTrackers();
        long held = startupLeftNanos();
        Map<Integer, List<RunningInstance>> wantedBindings = new HashMap<>();
        for (RunningInstance r : instances.values()) {
            Link link = r.config.interfaceSelector().in(links).orElse(null);
            if (link == null) {
                fault(r, missingMessage(r, byIndex));
                continue;
            }
            if (r.config.interfaceSelector() instanceof InterfaceSelector.ByName) {
                interfaceMemory.remember(link);
            }
            r.ifindex = link.index();
            r.lastInterfaceName = link.name();
            if (!link.usable()) {
                fault(r, "interface " + link.name() + " is down");
                continue;
            }
            String tracked = trackers.fault(r.config.name());
            if (tracked != null) {
                if (!isFaultFor(r, tracked)) {
                    r.instance.trackedFault(tracked);
                }
                continue;
            }
            boolean adopted = adoptions.containsKey(r.config.name());
            if ((held > 0 || heldForTakeOver) && !adopted) {
                continue;   // in INIT until the startup delay has passed, or the old vrrpd has retired
            }
            wantedBindings.computeIfAbsent(link.index(), k -> new ArrayList<>()).add(r);
        }
        for (Integer index : new ArrayList<>(bindings.keySet())) {
            if (!wantedBindings.containsKey(index)) {
                bindings.remove(index).dispose();
            }
        }
        for (Map.Entry<Integer, List<RunningInstance>> e : wantedBindings.entrySet()) {
            Link link = byIndex.get(e.getKey());
            InterfaceBinding binding = bindings.get(link.index());
            if (binding != null && (!binding.name().equals(link.name()) || sourceAppeared(binding, e.getValue()))) {
                binding.dispose();
                bindings.remove(link.index());
                binding = null;
            }
            if (binding != null && !binding.isOpen()) {
                binding.dispose();   // closed after a receive failure: a fresh one replaces it
                bindings.remove(link.index());
                binding = null;
            }
            if (binding == null) {
                binding = openBinding(link, e.getValue());
                if (binding == null) {
                    continue;
                }
            }
            for (RunningInstance r : e.getValue()) {
                InterfaceBinding on = binding;
                loop.runFor(r.instance, () -> start(r, on));
            }
        }
        board.publishReceiveHealth(receiveHealth.rows(bindings.values()));
        holdForStartupDelay(held);
    }

    /** How much of {@code startup-delay} is left, in nanoseconds; 0 once it has passed. */
    private long startupLeftNanos() {
        if (config == null) {
            return 0;
        }
        long end = startedNanos + config.startupDelay().toNanos();
        return Math.max(0, end - loop.nanoTime());
    }

    /** While the startup delay holds the instances, status says until when, and a reconcile at its end starts them. */
    private void holdForStartupDelay(long leftNanos) {
        if (leftNanos <= 0) {
            if (startupTimer != null) {
                startupTimer = null;
                LOG.info("startup delay of {} has passed: instances start", Durations.format(config.startupDelay()));
            }
            board.publishStartupDelay(null);
            return;
        }
        board.publishStartupDelay(Instant.now().plusNanos(leftNanos));
        if (startupTimer == null) {
            LOG.info("startup delay: instances stay in INIT for {} more", Durations.format(java.time.Duration.ofNanos(leftNanos)));
            startupTimer = loop.at(startedNanos + config.startupDelay().toNanos(), this::reconcile);
        }
    }

    /** Loop thread: a tracker's reading changed; a new FAULT verdict needs a reconcile to stop or start the instance. */
    private void trackerChanged(String name, boolean faultChanged) {
        RunningInstance r = instances.get(name);
        if (stopped || r == null) {
            return;
        }
        recomputePriorities(List.of(r.instance));
        publishTrackers();
        if (faultChanged) {
            reconcile();
        }
    }

    private void publishTrackers() {
        for (RunningInstance r : instances.values()) {
            TrackedPriority.Result t = trackers.result(r.config.name());
            board.publishTrackers(r.config.name(), t == null ? List.of() : t.rows());
        }
    }

    /**
     * Loop thread: the receive thread of {@code binding} stopped on a failure. The instances on it
     * would go deaf (a backup would take over and split the VIPs between two masters), so the
     * binding is closed and opened afresh by a reconcile; their protocol state carries on.
     */
    private void receiveFailed(InterfaceBinding binding, PacketIoException failure) {
        if (stopped || bindings.get(binding.ifindex()) != binding) {
            return;   // replaced or gone already
        }
        receiveHealth.failed(binding.name(), failure);
        LOG.warn("{}: {}; reopening packet I/O so that the instances on it hear their peers again", binding.name(),
                failure.getMessage());
        binding.close();
        reconcile();
    }

    /** Loop thread, every {@link VipAudit#PERIOD}: the audit, and another try for instances in FAULT. */
    private void periodicAudit() {
        if (stopped) {
            return;
        }
        audit("found by the periodic audit");
        if (instances.values().stream().anyMatch(r -> r.instance.reportedState() == ReportedState.FAULT
                && !r.instance.failed())) {
            reconcile();   // a missed event, or packet I/O that could not be opened: try again
        }
    }

    /** Loop thread: queues an audit of every master's VIPs. */
    private void audit(String why) {
        List<VipAudit.Holder> holders = new ArrayList<>();
        for (RunningInstance r : instances.values()) {
            int on = r.ports.holdingOn();
            if (on != 0 && r.instance.protocolState() == ProtocolState.MASTER) {
                holders.add(new VipAudit.Holder(r.ports, on));
            }
        }
        vipAudit.run(holders, why);
    }

    /** The kernel part of {@code status}'s health: the monitor's, with the audit's. Any thread. */
    public Health.Kernel kernelHealth(KernelMonitor.Health monitor) {
        Instant audited = vipAudit.lastAudit();
        Health.Failure failure = monitor.lastFailure() == null ? null
                : new Health.Failure(monitor.lastFailureAt().toString(), monitor.lastFailure());
        return new Health.Kernel(monitor.running(), monitor.overruns(), monitor.failures(), failure,
                audited == null ? null : audited.toString(), vipAudit.repairs());
    }

    /** Whether an instance on {@code binding} lacked an advert source that the interface has now. */
    private boolean sourceAppeared(InterfaceBinding binding, List<RunningInstance> on) {
        if (!binding.isOpen()) {
            return false;
        }
        Set<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);
        on.forEach(r -> families.add(r.config.family()));
        try {
            return binding.sourceAppeared(kernel, families);
        } catch (KernelException e) {
            LOG.warn("cannot list the addresses of {}: {}", binding.name(), e.getMessage());
            return false;
        }
    }

    private InterfaceBinding openBinding(Link link, List<RunningInstance> on) {
        Set<AddressFamily> families = EnumSet.noneOf(AddressFamily.class);
        Set<InetAddress> ownersVips = new HashSet<>();
        Set<InetAddress> othersVips = new HashSet<>();
        for (RunningInstance r : on) {
            families.add(r.config.family());
            (r.instance.spec().owner() ? ownersVips : othersVips).addAll(r.instance.spec().virtualAddresses());
        }
        removeStaleVips(link, on);
        InterfaceBinding binding = new InterfaceBinding(link.name(), packetIo,
                (failed, failure) -> loop.post(() -> receiveFailed(failed, failure)));
        try {
            // A VIP is never an advert source, but the owner's VIP is its own address (RFC 9568): its source.
            binding.open(kernel, link, families, a -> othersVips.contains(a.address())
                    || (a.protocol() == VirtualAddresses.TAG && !ownersVips.contains(a.address())));
        } catch (PacketIoException | KernelException e) {
            binding.dispose();
            for (RunningInstance r : on) {
                fault(r, "cannot open packet I/O on " + link.name() + ": " + e.getMessage());
            }
            return null;
        }
        bindings.put(link.index(), binding);
        return binding;
    }

    /**
     * VIPs left on the interface by an earlier run that crashed (we are not master yet): removed
     * when they carry vrrpd's tag. An untagged one was not added by vrrpd (an operator's, or one
     * left on a kernel that keeps no tags): it stays, and a backup says so, since two routers then
     * answer for it. An owner's VIPs are its own addresses and stay whatever their tag.
     */
    private void removeStaleVips(Link link, List<RunningInstance> on) {
        List<Address> present;
        try {
            present = kernel.addresses(link.index());
        } catch (KernelException e) {
            return;
        }
        for (RunningInstance r : on) {
            ReportedState state = r.instance.reportedState();
            InstanceSpec spec = r.instance.spec();
            if ((state != ReportedState.INIT && state != ReportedState.FAULT) || spec.owner()
                    || adoptions.containsKey(spec.name())) {
                continue;   // an adopted instance's VIPs are the old process's, handed over
            }
            for (Address a : present) {
                if (!spec.virtualAddresses().contains(a.address())) {
                    continue;
                }
                if (!VirtualAddresses.leftByUs(a, spec.virtualAddresses())) {
                    LOG.warn("{}: virtual address {} is on {} but vrrpd did not add it: left in place, and never"
                                    + " removed (if a crashed vrrpd left it on a kernel older than 6.1, remove it by hand)",
                            spec.name(), IpText.format(a.address()), link.name());
                    continue;
                }
                try {
                    kernel.deleteAddress(link.index(), a.address(), a.prefixLength());
                    LOG.info("{}: removed stale virtual address {} from {} (left by an earlier run)",
                            spec.name(), IpText.format(a.address()), link.name());
                } catch (KernelException e) {
                    LOG.warn("{}: cannot remove stale {}: {}", spec.name(), IpText.format(a.address()), e.getMessage());
                }
            }
        }
    }

    private void start(RunningInstance r, InterfaceBinding binding) {
        r.ports.bind(binding);
        r.instance.runsOn(binding.name());
        AddressFamily family = r.config.family();
        UnicastConfig unicast = r.config.unicast();
        String problem = unicast.source().isPresent() ? null : binding.missingSource(family);
        InetAddress source = unicast.source().orElse(binding.source(family));
        if (problem == null && unicast.isUnicast()) {
            problem = UnicastChecks.problem(unicast, source, binding.name(), addressesOf(binding));
            if (problem == null) {
                problem = r.ports.openUnicast(source);
            }
        }
        if (unicast.isUnicast()) {
            // before the receiver is routed: a peer's first advert must not meet a missing local address
            // withLocalAddress keeps each peer's TTL bounds
            r.receiver.unicast(r.receiver.expectations().unicast().withLocalAddress(problem == null ? source : null));
        }
        binding.receivePath().route(family, r.config.vrid(), r.receiver);
        if (problem != null) {
            fault(r, problem);
            return;
        }
        ReportedState state = r.instance.reportedState();
        Adoption adoption = toResume.remove(r.config.name());
        if (adoption != null && adoption.drained()) {
            r.instance.drain();   // as the operator left it
        }
        if (!r.instance.drained() && (state == ReportedState.INIT || state == ReportedState.FAULT)) {
            if (adoption != null) {
                r.instance.resume(source.getAddress(), binding.name(), adoption.state(), adoption.masterAddress(),
                        adoption.masterAdverIntervalCs());
            } else {
                r.instance.interfaceReady(source.getAddress(), binding.name());
            }
        }
    }

    /** The interface's addresses now (a unicast-source may have been added since packet I/O opened). */
    private List<InetAddress> addressesOf(InterfaceBinding binding) {
        try {
            return kernel.addresses(binding.ifindex()).stream().map(Address::address).toList();
        } catch (KernelException e) {
            return binding.ownAddresses();
        }
    }

    private static boolean isFaultFor(RunningInstance r, String why) {
        return r.instance.reportedState() == ReportedState.FAULT && why.equals(r.instance.status().lastTransition().reason());
    }

    private void fault(RunningInstance r, String why) {
        if (isFaultFor(r, why)) {
            return;
        }
        r.instance.interfaceLost(why);
    }

    private String missingMessage(RunningInstance r, Map<Integer, Link> byIndex) {
        String wanted = r.config.interfaceSelector().describe();
        boolean byName = r.config.interfaceSelector() instanceof InterfaceSelector.ByName;
        Link same = r.ifindex == 0 ? null : byIndex.get(r.ifindex);
        if (same != null && byName) {
            return "interface " + wanted + " was renamed to " + same.name() + " (index " + same.index()
                    + "); bind the instance by mac (interface: {mac: \"" + same.mac() + "\"}) to follow renames";
        }
        List<String> present = new ArrayList<>();
        byIndex.values().stream().filter(l -> !l.name().equals("lo"))
                .forEach(l -> present.add(l.describe()));
        List<Link> renamed = byName ? interfaceMemory.renamed(wanted, byIndex.values()) : List.of();
        if (!renamed.isEmpty()) {
            String mac = renamed.get(0).mac().toString();
            return "interface " + wanted + " does not exist; it had MAC " + mac + " when last seen, which "
                    + String.join(" and ", renamed.stream().map(Link::name).toList()) + " " + (renamed.size() == 1 ? "has" : "have")
                    + " now: renamed to " + renamed.get(0).name() + "? Rename it back, or bind the instance by mac"
                    + " (interface: {mac: \"" + mac + "\"}) to follow renames (present: " + String.join(", ", present) + ")";
        }
        return "interface " + wanted + " does not exist (present: " + String.join(", ", present) + ")";
    }

    /** Loop thread: a kernel change. */
    public void onKernelEvent(KernelEvent event) {
        if (stopped) {
            return;
        }
        egress.onKernelEvent(event);
        if (event instanceof KernelEvent.AddressDeleted deleted) {
            restoreVip(deleted.address());
            reconcileIfSourceChanged(deleted.address(), false);
        } else if (event instanceof KernelEvent.AddressAdded added) {
            reconcileIfSourceChanged(added.address(), true);
        } else if (event instanceof KernelEvent.LinkRenamed renamed) {
            LOG.info("interface {} (index {}) renamed to {}", renamed.oldName(), renamed.index(), renamed.newName());
            reconcile();
        } else if (event instanceof KernelEvent.LinkDeleted deleted) {
            LOG.warn("interface {} (index {}) vanished", deleted.name(), deleted.index());
            // Its packet I/O died with it, even if a new link has the same name and index by now.
            InterfaceBinding gone = bindings.remove(deleted.index());
            if (gone != null) {
                gone.dispose();
            }
            reconcile();
        } else if (event instanceof KernelEvent.EventsLost lost) {
            LOG.warn("kernel events were lost ({}): re-reading interfaces and auditing the virtual addresses",
                    lost.cause());
            reconcile();
            audit("lost while kernel events were lost: " + lost.cause());
        } else if (event instanceof KernelEvent.LinkChanged changed) {
            if (!virtualMacLinks.contains(changed.link().name())) {
                reconcile();
            } else if (!changed.link().up()) {
                restoreVirtualMacLink(changed.link().name());
            }
        } else if (event instanceof KernelEvent.LinkAdded added) {
            if (!virtualMacLinks.contains(added.link().name())) {
                reconcile();
            }
        }
    }

    /**
     * An address of an interface we run on came or went: reconcile only when it can change an
     * advert source (the interface's primary IPv4 address, its IPv6 link-local one: packet I/O is
     * reopened, since it reads them when it opens; a configured unicast source) or lets an instance
     * without one start. Our virtual addresses never can — a
     * source is never a VIP — and each mastership adds or removes them, so reacting to them would
     * reconcile every instance once per VIP: with 510 instances starting as master, 765 full
     * passes that kept the loop busy for seconds and its adverts unsent (false failovers on the
     * peer). Nor can global IPv6 addresses coming and going (SLAAC, privacy addresses), which
     * would otherwise cost a full reconcile each.
     */
    private void reconcileIfSourceChanged(Address a, boolean added) {
        if (virtualAddresses.contains(a.address())) {
            return;
        }
        InterfaceBinding binding = bindings.get(a.ifindex());
        for (RunningInstance r : instances.values()) {
            if (r.ifindex != a.ifindex()) {
                continue;
            }
            if (binding != null && binding.sourceAffectedBy(a, added)) {
                LOG.info("{}: advert source may change ({} {}); reopening packet I/O", binding.name(),
                        IpText.format(a.address()), added ? "added" : "deleted");
                binding.close();   // the sources are read when packet I/O opens: reconcile opens it afresh
                reconcile();
                return;
            }
            if (binding == null || a.address().equals(r.config.unicast().source().orElse(null))) {
                reconcile();
                return;
            }
        }
    }

    /** Someone set a master's virtual MAC macvlan down: up again, with its VIPs (the kernel drops IPv6 ones on down). */
    private void restoreVirtualMacLink(String name) {
        for (RunningInstance r : instances.values()) {
            if (r.config.virtualMac() && r.config.virtualMacLink().equals(name) && r.ports.holdingOn() != 0
                    && r.instance.protocolState() == ProtocolState.MASTER) {
                r.instance.counters().vipRestored();
                LOG.warn("{}: {} was set down by someone else while master; setting it up again", r.config.name(), name);
                loop.runFor(r.instance, () -> r.ports.addVirtualAddresses(() -> { }));
            }
        }
    }

    private void restoreVip(Address gone) {
        for (RunningInstance r : instances.values()) {
            if (r.ports.holdingOn() == gone.ifindex() && r.ports.holds(gone.address())
                    && r.instance.protocolState() == ProtocolState.MASTER) {
                r.instance.counters().vipRestored();
                LOG.warn("{}: virtual address {} was deleted from the interface by someone else; restoring it",
                        r.config.name(), IpText.format(gone.address()));
                loop.runFor(r.instance, () -> r.ports.addVirtualAddresses(() -> { }));
            }
        }
    }

    /**
     * {@code vrrpctl drain}: hands over the named instances (all when {@code names} is empty).
     *
     * @return the instances drained
     * @throws IllegalArgumentException naming the instances that exist when a name does not
     */
    public List<String> drain(List<String> names) {
        List<RunningInstance> chosen = choose(names);
        chosen.forEach(r -> loop.runFor(r.instance, r.instance::drain));
        return chosen.stream().map(r -> r.config.name()).toList();
    }

    /** {@code vrrpctl undrain}: the named (or all) instances take part in the election again. */
    public List<String> undrain(List<String> names) {
        List<RunningInstance> chosen = choose(names);
        chosen.forEach(r -> loop.runFor(r.instance, r.instance::undrain));
        reconcile();
        return chosen.stream().map(r -> r.config.name()).toList();
    }

    private List<RunningInstance> choose(List<String> names) {
        if (names.isEmpty()) {
            return List.copyOf(instances.values());
        }
        List<RunningInstance> chosen = new ArrayList<>();
        for (String n : names) {
            RunningInstance r = instances.get(n);
            if (r == null) {
                throw new IllegalArgumentException("no instance '" + n + "' (instances: "
                        + String.join(", ", instances.keySet()) + ")");
            }
            chosen.add(r);
        }
        return chosen;
    }

    /** Graceful stop of everything: priority 0 from masters, VIPs removed, packet I/O closed. */
    public void stop(String why) {
        end(List.of(), why);
    }

    /**
     * {@link #stop} and {@link #retire}: the {@code handedOver} instances stop without a word and
     * leave the kernel as it is; every other one is stopped gracefully with {@code why}.
     */
    private Map<String, String> end(List<String> handedOver, String why) {
        stopped = true;
        periodicAudit.cancel(false);
        trackers.close();
        egress.stopping();
        Map<String, String> outcome = new LinkedHashMap<>();
        for (RunningInstance r : instances.values()) {
            if (handedOver.contains(r.config.name())) {
                egress.unbind(r.instance);   // its hooks' stop actions would remove the routes the new process uses
                loop.runFor(r.instance, () -> {
                    r.instance.handOver("handed over to the vrrpd that took over");
                    r.ports.close();
                });
                outcome.put(r.config.name(), "handed-over");
            } else {
                loop.runFor(r.instance, () -> stopInstance(r, why));   // one that fails does not keep the others' VIPs up
                outcome.put(r.config.name(), "released");
            }
        }
        egress.stopAll(java.time.Duration.ofSeconds(5));
        addressWorker.drain(java.time.Duration.ofSeconds(5));   // the VIPs are gone before packet I/O closes
        for (InterfaceBinding b : bindings.values()) {
            b.dispose();
        }
        bindings.clear();
        return outcome;
    }

    private void stopInstance(RunningInstance r, String why) {
        r.instance.shutdown(why);
        r.ports.close();
        InterfaceBinding b = bindings.get(r.ifindex);
        if (b != null) {
            b.receivePath().route(r.config.family(), r.config.vrid(), null);
        }
    }

    /** Republishes the sync groups' states: MASTER only when every member is. */
    void publishGroups() {
        board.publishSyncGroups(syncGroups.statuses());
    }
}
