package io.vrrpd.rehearse.lab;

import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.daemon.config.InvalidConfigException;
import io.vrrpd.lab.Addresses;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.LabPlan;
import io.vrrpd.rehearse.measure.Topology;
import io.vrrpd.rehearse.scenario.Action;
import io.vrrpd.rehearse.scenario.BladeSpec;
import io.vrrpd.rehearse.scenario.Daemon;
import io.vrrpd.rehearse.scenario.InvalidScenarioException;
import io.vrrpd.rehearse.scenario.LabSettings;
import io.vrrpd.rehearse.scenario.Scenario;
import io.vrrpd.rehearse.scenario.Step;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Derives the lab of a scenario from its blades' own configs (docs/rehearsal.md, "The lab"):
 * <ul>
 *   <li>each blade's interfaces under the names its first config uses: the LAN interface (where
 *   the instances whose addresses the hosts use run) and the uplink (the interface of its
 *   default-gateway hooks or {@code virtual_routes}, else the one other interface an instance
 *   runs on); {@code lab: lan/uplink} settle what the configs leave open;</li>
 *   <li>the LAN and uplink prefixes from the virtual addresses on them; the upstream router's
 *   addresses from the gateways the configs install (else {@code lab: gateways}, else
 *   198.51.100.1 and 2001:db8:ff::1); the client's gateway from the LAN addresses (IPv6:
 *   the link-local one first);</li>
 *   <li>the return path: via the virtual addresses on the uplink when the configs have them
 *   (replies then fail over with the master, as in production), else ECMP over the blades' own
 *   uplink addresses.</li>
 * </ul>
 * Every config the scenario uses is read (vrrpd's with vrrpd's own loader): a config that vrrpd
 * or the keepalived parser refuses, or an address outside the documentation prefixes, makes the
 * scenario invalid, with every problem listed.
 */
public final class LabDerivation {
    private static final String DEFAULT_LAN = "eth0";

    /** The lab, what the measures need of it, and every config the scenario uses, by file. */
    public record Derived(LabPlan plan, Topology topology, Map<Path, BladeConfig> configs) {
        public Derived {
            configs = Map.copyOf(configs);
        }

        public BladeConfig config(Path file) {
            return Objects.requireNonNull(configs.get(file), () -> "no config " + file);
        }
    }

    private final Scenario scenario;
    private final LabSettings settings;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final Map<Path, BladeConfig> configs = new LinkedHashMap<>();

    private LabDerivation(Scenario scenario) {
        this.scenario = scenario;
        this.settings = scenario.lab();
    }

    /** The lab of {@code scenario}; throws with every problem of its configs. */
    public static Derived derive(Scenario scenario) throws InvalidScenarioException {
        LabDerivation d = new LabDerivation(scenario);
        Derived derived = d.run();
        if (!d.problems.isEmpty()) {
            throw new InvalidScenarioException(d.problems);
        }
        return derived;
    }

    private Derived run() {
        Map<String, List<BladeConfig>> used = readConfigs();
        if (!problems.isEmpty()) {
            return null;
        }
        // Interface names, from each blade's first config.
        Map<String, String> lan = new LinkedHashMap<>();
        Map<String, String> uplink = new LinkedHashMap<>();
        Map<String, String> lanMac = new LinkedHashMap<>();
        for (BladeSpec b : scenario.blades().values()) {
            BladeConfig first = used.get(b.name()).get(0);
            String up = settings.uplink() != null ? settings.uplink() : first.uplink();
            Set<String> lanNames = new LinkedHashSet<>();
            for (BladeConfig.Instance i : first.instances()) {
                if (i.ifname() != null && !i.ifname().equals(up)) {
                    lanNames.add(i.ifname());
                }
            }
            String l = settings.lan() != null ? settings.lan() : lanNames.isEmpty() ? DEFAULT_LAN : lanNames.iterator().next();
            if (settings.lan() == null && lanNames.size() > 1) {
                problems.add(at(first, "instances run on " + String.join(", ", lanNames)
                        + ": the lab has one LAN and one uplink per blade", "lab: {lan: NAME, uplink: NAME} in the scenario"));
            }
            if (up == null) {
                up = first.instances().stream().map(BladeConfig.Instance::ifname)
                        .filter(n -> n != null && !n.equals(l)).findFirst()
                        .orElse(l.matches("eth\\d+") ? "eth" + (Integer.parseInt(l.substring(3)) + 1) : null);
            }
            if (up == null) {
                problems.add(at(first, "no uplink interface: no default-gateway hook or virtual_routes names one",
                        "lab: {uplink: NAME} in the scenario"));
                continue;
            }
            lan.put(b.name(), l);
            uplink.put(b.name(), up);
            first.instances().stream().filter(i -> i.mac() != null).findFirst().ifPresent(i -> lanMac.put(b.name(), i.mac()));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        // Virtual addresses: on the LAN (the hosts' gateways) or on the uplink (the return path).
        List<String> lanVips = new ArrayList<>();
        List<String> upVips = new ArrayList<>();
        List<String> gateways = new ArrayList<>();
        Map<String, Map<String, Topology.Instance>> instances = new LinkedHashMap<>();
        for (Map.Entry<String, List<BladeConfig>> e : used.entrySet()) {
            Map<String, Topology.Instance> mine = instances.computeIfAbsent(e.getKey(), k -> new LinkedHashMap<>());
            for (BladeConfig c : e.getValue()) {
                for (BladeConfig.Instance i : c.instances()) {
                    boolean onUplink = Objects.equals(i.ifname(), uplink.get(e.getKey()));
                    for (String vip : i.vips()) {
                        addOnce(onUplink ? upVips : lanVips, vip);
                    }
                    mine.putIfAbsent(i.name(), new Topology.Instance(i.family(), !onUplink,
                            i.vips().stream().map(LabPlan::bare).toList()));
                }
                for (String g : c.gateways()) {
                    if (gateways.stream().noneMatch(o -> Family.of(o) == Family.of(g))) {
                        gateways.add(g);
                    } else if (!gateways.contains(g)) {
                        problems.add(at(c, "gateway " + g + ", where another config has "
                                + gateways.stream().filter(o -> Family.of(o) == Family.of(g)).findFirst().orElseThrow(),
                                "one upstream router: the same gateway in every config"));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        for (String g : settings.gateways() != null ? settings.gateways() : LabSettings.DEFAULT_GATEWAYS) {
            if (gateways.stream().noneMatch(o -> Family.of(o) == Family.of(g))) {
                gateways.add(g);
            }
        }
        return plan(lan, uplink, lanMac, lanVips, upVips, gateways, instances);
    }

    /** Reads every config the scenario uses, each for the daemon the blade runs at that point. */
    private Map<String, List<BladeConfig>> readConfigs() {
        Map<String, List<BladeConfig>> used = new LinkedHashMap<>();
        Map<String, Daemon> current = new LinkedHashMap<>();
        for (BladeSpec b : scenario.blades().values()) {
            current.put(b.name(), b.daemon());
            used.computeIfAbsent(b.name(), k -> new ArrayList<>()).add(read(b.config(), b.daemon()));
        }
        for (Step s : scenario.steps()) {
            if (s.action() instanceof Action.Upgrade u) {
                Daemon d = u.daemon() != null ? u.daemon() : current.get(u.blade());
                current.put(u.blade(), d);
                if (u.config() != null) {
                    used.get(u.blade()).add(read(u.config(), d));
                }
            } else if (s.action() instanceof Action.Reload r && r.config() != null && !r.refused()) {
                used.get(r.blade()).add(read(r.config(), current.get(r.blade())));
            }
        }
        used.values().forEach(l -> l.removeIf(Objects::isNull));
        return used;
    }

    private BladeConfig read(Path file, Daemon daemon) {
        BladeConfig known = configs.get(file);
        if (known != null) {
            if (known.daemon() != daemon) {
                problems.add(new ConfigProblem(file, "", 0, 0, "used as a " + known.daemon().key() + " and as a "
                        + daemon.key() + " config", "a config per daemon"));
            }
            return known;
        }
        BladeConfig c = null;
        if (daemon == Daemon.VRRPD) {
            try {
                c = VrrpdConfigFacts.read(file, settings.lan() != null ? settings.lan() : DEFAULT_LAN);
            } catch (InvalidConfigException e) {
                problems.addAll(e.problems());
            }
        } else {
            c = KeepalivedConfigFacts.read(file, problems);
        }
        if (c != null) {
            configs.put(file, c);
            documentationOnly(c);
        }
        return c;
    }

    /** The lab uses documentation prefixes only: a config that names anything else is refused. */
    private void documentationOnly(BladeConfig c) {
        for (BladeConfig.Instance i : c.instances()) {
            for (String vip : i.vips()) {
                if (!LabPlan.documentationOnly(vip)) {
                    problems.add(at(c, "instance " + i.name() + "'s address " + vip + " is not in a documentation prefix",
                            "the lab uses only " + LabPlan.documentationPrefixes()));
                }
            }
        }
        for (String g : c.gateways()) {
            if (!LabPlan.documentationOnly(g)) {
                problems.add(at(c, "gateway " + g + " is not in a documentation prefix",
                        "an address in " + LabPlan.documentationPrefixes()));
            }
        }
    }

    private static ConfigProblem at(BladeConfig c, String message, String hint) {
        return new ConfigProblem(c.file(), "", 0, 0, message, hint);
    }

    private static void addOnce(List<String> list, String cidr) {
        String bare = LabPlan.bare(cidr);
        if (list.stream().noneMatch(o -> LabPlan.bare(o).equals(bare))) {
            list.add(cidr);
        }
    }

    private Derived plan(Map<String, String> lan, Map<String, String> uplink, Map<String, String> lanMac,
                         List<String> lanVips, List<String> upVips, List<String> gateways,
                         Map<String, Map<String, Topology.Instance>> instances) {
        Map<Family, String> lanNet = new LinkedHashMap<>();
        Map<Family, String> upNet = new LinkedHashMap<>();
        for (Family f : Family.values()) {
            lanVips.stream().filter(v -> Family.of(v) == f && !Addresses.isLinkLocal(v)).findFirst()
                    .ifPresent(v -> lanNet.put(f, Addresses.network(v)));
            upVips.stream().filter(v -> Family.of(v) == f && !Addresses.isLinkLocal(v)).findFirst()
                    .ifPresent(v -> upNet.put(f, Addresses.network(v)));
            String gw = gateways.stream().filter(g -> Family.of(g) == f).findFirst().orElseThrow();
            upNet.putIfAbsent(f, Addresses.network(gw + (f == Family.IPV4 ? "/24" : "/64")));
            if (!Addresses.contains(upNet.get(f), Addresses.parse(gw))) {
                problems.add(new ConfigProblem(scenario.file(), "lab", 0, 0, "gateway " + gw + " is not in the uplink's prefix "
                        + upNet.get(f) + " (from its virtual addresses)", "a gateway on the uplink"));
            }
        }
        lanNet.putIfAbsent(Family.IPV4, "192.0.2.0/24");
        lanNet.putIfAbsent(Family.IPV6, "2001:db8:1::/64");
        for (String t : settings.targets()) {
            for (String net : List.of(lanNet.get(Family.of(t)), upNet.get(Family.of(t)))) {
                if (Addresses.contains(net, Addresses.parse(t))) {
                    problems.add(new ConfigProblem(scenario.file(), "lab.targets", 0, 0, "target " + t + " is inside "
                            + net + ", a prefix of the lab", "an address beyond the upstream router, e.g. 203.0.113.1"));
                }
            }
        }
        Set<String> taken = new LinkedHashSet<>();
        lanVips.forEach(v -> taken.add(LabPlan.bare(v)));
        upVips.forEach(v -> taken.add(LabPlan.bare(v)));
        taken.addAll(gateways);
        String client4 = free(lanNet.get(Family.IPV4), 100, taken);
        String client6 = free(lanNet.get(Family.IPV6), 0x100, taken);

        List<LabPlan.Blade> blades = new ArrayList<>();
        Map<Family, List<String>> upAddresses = new LinkedHashMap<>();
        int id = 1;
        for (BladeSpec b : scenario.blades().values()) {
            List<String> lanAddr = new ArrayList<>();
            List<String> upAddr = new ArrayList<>();
            for (Family f : Family.values()) {
                String l = free(lanNet.get(f), id + 1, taken);
                lanAddr.add(l + "/" + Addresses.prefixLength(lanNet.get(f)));
                String u = free(upNet.get(f), id + 1, taken);
                upAddr.add(u + "/" + Addresses.prefixLength(upNet.get(f)));
                upAddresses.computeIfAbsent(f, k -> new ArrayList<>()).add(u);
            }
            String mac = lanMac.getOrDefault(b.name(), LabPlan.mac(id, 0));
            blades.add(new LabPlan.Blade(b.name(), id, List.of(
                    new LabPlan.Port(lan.get(b.name()), LabPlan.Segment.LAN, mac, lanAddr),
                    new LabPlan.Port(uplink.get(b.name()), LabPlan.Segment.UPLINK, LabPlan.mac(id, 1), upAddr))));
            id++;
        }

        List<LabPlan.ReturnRoute> back = new ArrayList<>();
        List<String> upstreamAddresses = new ArrayList<>();
        for (Family f : Family.values()) {
            String gw = gateways.stream().filter(g -> Family.of(g) == f).findFirst().orElseThrow();
            upstreamAddresses.add(gw + "/" + Addresses.prefixLength(upNet.get(f)));
            String vip = upVips.stream().map(LabPlan::bare).filter(v -> Family.of(v) == f && !Addresses.isLinkLocal(v))
                    .findFirst().orElse(null);
            back.add(new LabPlan.ReturnRoute(lanNet.get(f), vip != null ? List.of(vip) : upAddresses.get(f)));
        }
        String gw4 = lanVips.stream().map(LabPlan::bare).filter(v -> Family.of(v) == Family.IPV4).findFirst().orElse(null);
        String gw6 = lanVips.stream().map(LabPlan::bare).filter(Addresses::isLinkLocal).findFirst()
                .orElse(lanVips.stream().map(LabPlan::bare).filter(v -> Family.of(v) == Family.IPV6).findFirst().orElse(null));
        LabPlan plan = new LabPlan(blades,
                new LabPlan.Client(List.of(client4 + "/" + Addresses.prefixLength(lanNet.get(Family.IPV4)),
                        client6 + "/" + Addresses.prefixLength(lanNet.get(Family.IPV6))), gw4, gw6),
                new LabPlan.Upstream(upstreamAddresses, settings.targets(), back), settings.switchMode());

        List<Topology.Vip> vips = new ArrayList<>();
        for (String v : lanVips) {
            String bare = LabPlan.bare(v);
            vips.add(new Topology.Vip(bare, Family.of(bare), true, bare.equals(gw4) || bare.equals(gw6)));
        }
        upVips.forEach(v -> vips.add(new Topology.Vip(LabPlan.bare(v), Family.of(v), false, false)));
        Topology topology = new Topology(List.copyOf(scenario.blades().keySet()), vips, instances);
        return new Derived(plan, topology, configs);
    }

    /** Host {@code n} of {@code prefix}, or the next one that nothing else in the lab uses; marks it used. */
    private static String free(String prefix, int n, Set<String> taken) {
        for (int i = n; ; i++) {
            String a = Addresses.host(prefix, i);
            if (taken.add(a)) {
                return a;
            }
        }
    }
}
