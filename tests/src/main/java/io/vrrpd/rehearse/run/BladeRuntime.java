package io.vrrpd.rehearse.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.core.IpText;
import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.NamespaceLab;
import io.vrrpd.hooks.kernel.RouteLookup;
import io.vrrpd.hooks.kernel.rtnetlink.RtNetlinkKernel;
import io.vrrpd.lab.Addresses;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.KeepalivedPeer;
import io.vrrpd.lab.LabFiles;
import io.vrrpd.lab.LabPlan;
import io.vrrpd.lab.RouterPeer;
import io.vrrpd.lab.VrrpdPeer;
import io.vrrpd.rehearse.lab.BladeConfig;
import io.vrrpd.rehearse.lab.LabDerivation;
import io.vrrpd.rehearse.measure.BladeSample;
import io.vrrpd.rehearse.measure.Reported;
import io.vrrpd.rehearse.scenario.BladeSpec;
import io.vrrpd.rehearse.scenario.Daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One blade during a rehearsal: its daemon (vrrpd or keepalived, the config and command it runs
 * now), its power, and what is done to it. Its daemon reads its config through a link in the
 * run's directory, so a reload or an upgrade can point it at another file while the daemon
 * keeps the path it was started with.
 *
 * <p>What the sampler asks ({@link #sample}) comes from outside the daemon: the kernel over
 * rtnetlink (addresses, and a route lookup of each upstream target), and what the daemon says
 * it is (vrrpd's status over its control socket, the state keepalived's log says it entered).
 */
final class BladeRuntime implements AutoCloseable {
    /** How long the sampler waits for a vrrpd's status: two probe intervals at the default. */
    private static final java.time.Duration STATUS_BOUND = java.time.Duration.ofMillis(20);

    private final BladeSpec spec;
    private final BladeLab lab;
    private final LabDerivation.Derived derived;
    private final String ns;
    private final LabPlan.Blade plan;
    private final Path link;
    private final RtNetlinkKernel kernel;
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Set<String> vips;
    private final Map<Integer, LabPlan.Segment> kernelIndex;
    private final Map<Family, InetAddress> targets = new LinkedHashMap<>();
    private final Map<Family, InetAddress> gateways = new LinkedHashMap<>();
    private Daemon daemon;
    private Path config;
    private List<String> command;
    private volatile RouterPeer peer;
    private volatile boolean powered = true;

    BladeRuntime(BladeSpec spec, BladeLab lab, LabDerivation.Derived derived, Path runDir) throws KernelException {
        this.spec = spec;
        this.lab = lab;
        this.derived = derived;
        this.ns = lab.blade(spec.name());
        this.plan = derived.plan().blade(spec.name());
        this.daemon = spec.daemon();
        this.config = spec.config();
        this.command = spec.command();
        this.link = runDir.resolve(spec.name() + (daemon == Daemon.VRRPD ? ".yaml" : ".conf"));
        plan.ports().forEach(p -> names.put(p.ifname(), p.ifname()));
        this.vips = new HashSet<>();
        derived.topology().vips().forEach(v -> vips.add(v.address()));
        this.kernelIndex = new LinkedHashMap<>();
        for (Family f : Family.values()) {
            targets.put(f, Addresses.parse(derived.plan().upstream().target(f)));
            gateways.put(f, Addresses.parse(derived.plan().upstream().gateway(f)));
        }
        this.kernel = RtNetlinkKernel.openIn(ns);
        // interface indexes survive renames and link flaps: which side an address is on, for good
        for (LabPlan.Port p : plan.ports()) {
            kernelIndex.put(kernel.link(p.ifname()).orElseThrow(() -> new IllegalStateException(ns + " has no " + p.ifname()))
                    .index(), p.segment());
        }
    }

    String name() {
        return spec.name();
    }

    String namespace() {
        return ns;
    }

    Daemon daemon() {
        return daemon;
    }

    boolean powered() {
        return powered;
    }

    boolean running() {
        RouterPeer p = peer;
        return p != null && p.isRunning();
    }

    RouterPeer peer() {
        return peer;
    }

    /** Adds the default routes an earlier configuration left (the scenario's {@code default-routes: true}). */
    void addStartingRoutes() {
        for (Family f : Family.values()) {
            lab.setDefaultRoute(ns, f);
        }
    }

    /** Starts the daemon on the current config; throws (with its log) when it does not come up. */
    void start() {
        pointAt(config);
        BladeConfig facts = derived.config(config);
        if (daemon == Daemon.VRRPD) {
            // the sampler reads the new daemon while it starts (it reports nothing until it answers)
            // a state directory per blade, kept across its reboots as a router's /var/lib/vrrpd is
            List<String> args = new ArrayList<>(List.of("--state-dir", link.resolveSibling(spec.name() + "-state").toString()));
            args.addAll(spec.arguments());
            VrrpdPeer v = VrrpdPeer.begin(ns, link, new VrrpdPeer.Launch(command, args, facts.instances().size()));
            peer = v;
            v.awaitReady();
        } else {
            peer = KeepalivedPeer.start(ns, link, new KeepalivedPeer.Launch(command, spec.arguments(), config.getParent()));
        }
    }

    private void pointAt(Path target) {
        try {
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, target.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link " + link + " to " + target, e);
        }
    }

    /**
     * Power loss: the switch ports go down first (the kernel stops forwarding, as when the power
     * goes), then the daemon dies without a word (keepalived's true crash, LAB-NOTES), then every
     * other process of the blade. The kernel keeps what it had; the blade is off until booted.
     */
    void crash(Runnable poweredOff) {
        powered = false;
        poweredOff.run();
        lab.isolate(ns);
        RouterPeer p = peer;
        if (p != null) {
            p.crash();
        }
        killEverythingLeft();
    }

    private void killEverythingLeft() {
        for (long pid : NamespaceLab.pids(ns)) {
            if (pid != ProcessHandle.current().pid()) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /**
     * Power on: what a reboot loses goes (every address the blade's own config does not have, the
     * routes when {@code flushRoutes}), interfaces come back under their new names, the links come
     * up, the daemon starts.
     */
    void boot(Map<String, String> rename, boolean flushRoutes, Runnable poweredOn) {
        RouterPeer p = peer;
        if (p != null && p.isRunning()) {
            p.crash();
        }
        killEverythingLeft();
        for (LabPlan.Port port : plan.ports()) {
            lab.in(ns, "ip", "link", "set", names.get(port.ifname()), "down");
        }
        if (flushRoutes) {
            lab.in(ns, "ip", "-4", "route", "flush", "table", "main");
            lab.in(ns, "ip", "-6", "route", "flush", "table", "main");
        }
        for (LabPlan.Port port : plan.ports()) {
            String now = names.get(port.ifname());
            resetAddresses(port, now);
            String renamed = rename.get(now);
            if (renamed != null) {
                lab.in(ns, "ip", "link", "set", now, "name", renamed);
                names.put(port.ifname(), renamed);
            }
        }
        for (LabPlan.Port port : plan.ports()) {
            lab.in(ns, "ip", "link", "set", names.get(port.ifname()), "up");
        }
        lab.reconnect(ns);
        powered = true;
        poweredOn.run();
        start();
    }

    /** Removes every address of {@code port} its plan does not give it, and adds those it lacks. */
    private void resetAddresses(LabPlan.Port port, String ifname) {
        String linkLocal = LabPlan.eui64LinkLocal(port.mac());
        Set<String> own = new HashSet<>();
        port.addresses().forEach(a -> own.add(LabPlan.bare(a)));
        own.add(linkLocal);
        Set<String> present = new HashSet<>();
        for (String cidr : cidrs(ifname)) {
            present.add(LabPlan.bare(cidr));
            if (!own.contains(LabPlan.bare(cidr))) {
                lab.lab().status(ns, "ip", "addr", "del", cidr, "dev", ifname);
            }
        }
        for (String cidr : port.addresses()) {
            if (!present.contains(LabPlan.bare(cidr))) {
                lab.addAddress(ns, ifname, cidr);
            }
        }
        if (!present.contains(linkLocal)) {
            lab.lab().status(ns, "ip", "-6", "addr", "add", linkLocal + "/64", "dev", ifname, "nodad");
        }
    }

    /** The addresses on {@code ifname}, with their prefix lengths ({@code ip -j addr}). */
    private List<String> cidrs(String ifname) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : lab.lab().ipJsonIn(ns, "addr", "show", "dev", ifname)) {
            for (JsonNode a : l.path("addr_info")) {
                out.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
            }
        }
        return out;
    }

    /**
     * {@code kill -9} of the daemon's main process, as an operator or the OOM killer does it; waits
     * until every process of the daemon has gone (keepalived's VRRP child shuts down after its parent).
     */
    void kill() {
        RouterPeer p = peer;
        if (p == null || !p.isRunning()) {
            return;
        }
        if (p instanceof KeepalivedPeer k) {
            long child = k.vrrpPid();
            ProcessHandle.of(k.mainPid()).ifPresent(ProcessHandle::destroyForcibly);
            org.awaitility.Awaitility.await("keepalived's processes exit after kill -9 of its main")
                    .atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(10))
                    .until(() -> !p.isRunning() && ProcessHandle.of(child).map(h -> !h.isAlive()).orElse(true));
        } else {
            p.crash();
        }
    }

    /** Graceful stop (SIGTERM); returns what went wrong, or null when it exited cleanly. */
    String stop() {
        RouterPeer p = peer;
        if (p == null || !p.isRunning()) {
            return null;
        }
        try {
            p.gracefulStop();
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /** Stops the daemon, swaps what is given, starts again. */
    String upgrade(Daemon newDaemon, Path newConfig, List<String> newCommand) {
        String problem = stop();
        if (newDaemon != null) {
            daemon = newDaemon;
        }
        if (newConfig != null) {
            config = newConfig;
        }
        if (newCommand != null) {
            command = newCommand;
        }
        start();
        return problem;
    }

    /**
     * {@code vrrpd --take-over}: the new process (this build, or {@code newCommand}) starts beside
     * the running one on {@code newConfig} (null keeps it) and the same socket, and retires it;
     * returns once the new one answers, or what went wrong.
     */
    String takeOver(Path newConfig, List<String> newCommand) {
        if (newConfig != null) {
            config = newConfig;
            pointAt(newConfig);
        }
        if (newCommand != null) {
            command = newCommand;
        }
        if (!(peer instanceof VrrpdPeer running) || !running.isRunning()) {
            start();
            return "no vrrpd was running to take over from; started one";
        }
        try {
            peer = running.takeOver(command);
            return null;
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    /**
     * SIGHUP, after pointing the link at {@code newConfig} when one is given; a config meant to be
     * {@code refused} is not taken as the blade's (a later start would find it on disk, as on a router).
     */
    void reload(Path newConfig, boolean refused) {
        if (newConfig != null) {
            if (!refused) {
                config = newConfig;
            }
            pointAt(newConfig);
        }
        RouterPeer p = peer;
        if (p instanceof VrrpdPeer v) {
            v.reload();
        } else if (p instanceof KeepalivedPeer k) {
            k.reload();
        }
    }

    void drain(boolean on) {
        VrrpdPeer v = (VrrpdPeer) peer;
        if (on) {
            v.drainAll();
        } else {
            v.undrainAll();
        }
    }

    /** {@code ip link set IF up|down} inside the blade, under the name the interface has now. */
    void link(String ifname, boolean up) {
        lab.in(ns, "ip", "link", "set", ifname, up ? "up" : "down");
    }

    /** Deletes the default route(s) of {@code route}, or {@code address} from whichever interface has it. */
    void delete(String route, String address) {
        if (route != null) {
            if (!route.equals("::/0")) {
                lab.lab().status(ns, "ip", "-4", "route", "del", "default");
            }
            if (!route.equals("0.0.0.0/0")) {
                lab.lab().status(ns, "ip", "-6", "route", "del", "default");
            }
            return;
        }
        for (String ifname : names.values()) {
            lab.lab().status(ns, "ip", "addr", "del", address, "dev", ifname);
        }
    }

    /**
     * Another process overwrites the network settings: every address and route of the blade's
     * interfaces flushed, then its own addresses (the plan's, and the link-local ones) put back,
     * as a provisioning run would; virtual addresses and default routes are gone.
     */
    void flush() {
        for (LabPlan.Port port : plan.ports()) {
            lab.in(ns, "ip", "addr", "flush", "dev", names.get(port.ifname()));
        }
        lab.in(ns, "ip", "-4", "route", "flush", "table", "main");
        lab.in(ns, "ip", "-6", "route", "flush", "table", "main");
        for (LabPlan.Port port : plan.ports()) {
            resetAddresses(port, names.get(port.ifname()));
        }
    }

    /**
     * The blade now, for the sampler (its thread only): what the daemon reports, read before and
     * after the kernel, and again if the two reads differ, so the state and the kernel belong to
     * one moment.
     */
    BladeSample sample(RunClock clock) {
        if (!powered) {
            return BladeSample.off(clock.now());
        }
        BladeSample s = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            long from = clock.now();
            Map<String, Reported> before = reported();
            Set<String> held = new HashSet<>();
            Set<String> heldUp = new HashSet<>();
            Set<Family> routes = EnumSet.noneOf(Family.class);
            try {
                for (Address a : kernel.addresses()) {
                    String text = IpText.format(a.address());
                    if (vips.contains(text)) {
                        (kernelIndex.get(a.ifindex()) == LabPlan.Segment.UPLINK ? heldUp : held).add(text);
                    }
                }
                for (Family f : Family.values()) {
                    if (hasRoute(f)) {
                        routes.add(f);
                    }
                }
            } catch (KernelException e) {
                // a namespace being rebuilt: report nothing held
            }
            Map<String, Reported> after = reported();
            s = new BladeSample((from + clock.now()) / 2, powered, running(), after, held, heldUp, routes);
            if (before.equals(after)) {
                break;
            }
        }
        return s;
    }

    private boolean hasRoute(Family f) {
        try {
            RouteLookup r = kernel.lookup(targets.get(f), null, 0);
            return r.gateway() != null && r.gateway().equals(gateways.get(f));
        } catch (KernelException e) {
            return false; // unreachable: no route
        }
    }

    /** What the daemon says each instance is; empty when it does not run or answer. */
    private Map<String, Reported> reported() {
        RouterPeer p = peer;
        Map<String, Reported> out = new LinkedHashMap<>();
        if (p == null || !p.isRunning()) {
            return out;
        }
        if (p instanceof VrrpdPeer v) {
            // never wait long: a starting or busy daemon reports nothing this time
            v.statusWithin(STATUS_BOUND).ifPresent(status -> {
                for (JsonNode i : status.path("instances")) {
                    String state = i.path("state").asText();
                    out.put(i.path("name").asText(), new Reported(state,
                            i.path("family").asText().equals("ipv6") ? Family.IPV6 : Family.IPV4,
                            i.path("protocol-state").asText(state)));
                }
            });
        } else if (p instanceof KeepalivedPeer k) {
            Map<String, io.vrrpd.rehearse.measure.Topology.Instance> known = derived.topology().instances()
                    .getOrDefault(spec.name(), Map.of());
            k.states().forEach((instance, state) -> {
                var i = known.get(instance);
                if (i != null) {
                    out.put(instance, new Reported(state, i.family()));
                }
            });
        }
        return out;
    }

    /** The HOST:PORT of the blade's {@code --metrics} argument, or null. */
    String metricsAddress() {
        List<String> args = spec.arguments();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--metrics") && i + 1 < args.size()) {
                return args.get(i + 1);
            }
            if (args.get(i).startsWith("--metrics=")) {
                return args.get(i).substring("--metrics=".length());
            }
        }
        return null;
    }

    /** The daemon's log, for the end of a failed run. */
    Path logFile() {
        RouterPeer p = peer;
        return p == null ? null : p.logFile();
    }

    List<String> currentInterfaces() {
        return new ArrayList<>(names.values());
    }

    @Override
    public void close() {
        RouterPeer p = peer;
        if (p != null) {
            p.close();
        }
        try {
            kernel.close();
        } catch (KernelException ignored) {
            // the namespace goes anyway
        }
        try {
            Files.deleteIfExists(link);
        } catch (IOException ignored) {
            // kept for diagnosis then
        }
    }

    /** Where this run keeps a blade's links and files. */
    static Path runDir() {
        return LabFiles.newDir("rehearsal-");
    }
}
