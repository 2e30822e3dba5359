package io.vrrpd.rehearse.measure;

import io.vrrpd.lab.Family;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the measures need to know of the lab: the blades, the virtual addresses the blades
 * contend for (which of them is the client's gateway), and which instance of which blade holds
 * which of them.
 *
 * @param blades    blade names, in scenario order
 * @param vips      every virtual address of every blade config, once
 * @param instances per blade, per instance name (every config the blade runs in the scenario),
 *                  the instance's family and VIPs
 */
public record Topology(List<String> blades, List<Vip> vips, Map<String, Map<String, Instance>> instances) {

    /**
     * A virtual address (bare), its family, whether it is on the LAN (the hosts' side; else on
     * the uplink, the return path) and whether the client routes through it.
     */
    public record Vip(String address, Family family, boolean lan, boolean clientGateway) {
        public Vip {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(family, "family");
        }

        /** How reports name it: the address, or {@code uplink ADDRESS} for the return path's (fe80::1 may be both). */
        public String name() {
            return lan ? address : "uplink " + address;
        }
    }

    /**
     * One VRRP instance: its family, whether it runs on the LAN (facing the hosts; else on the
     * uplink, the return path), and its virtual addresses (bare).
     */
    public record Instance(Family family, boolean lan, List<String> vips) {
        public Instance {
            vips = List.copyOf(vips);
        }
    }

    public Topology {
        blades = List.copyOf(blades);
        vips = List.copyOf(vips);
        Map<String, Map<String, Instance>> copy = new LinkedHashMap<>();
        instances.forEach((b, m) -> copy.put(b, Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        instances = Collections.unmodifiableMap(copy);
    }

    /** The client's gateway of {@code family} (bare), or null when the client has none of that family. */
    public String clientGateway(Family family) {
        return vips.stream().filter(v -> v.clientGateway() && v.family() == family).map(Vip::address).findFirst()
                .orElse(null);
    }

    /** The families the client probes in: those it has a gateway of. */
    public List<Family> probedFamilies() {
        return java.util.Arrays.stream(Family.values()).filter(f -> clientGateway(f) != null).toList();
    }

    /**
     * Whether {@code instance} of {@code blade} faces the hosts: it runs on the LAN (true too when
     * the instance is unknown, so a MASTER of it is never overlooked).
     */
    public boolean facesHosts(String blade, String instance) {
        Instance i = instances.getOrDefault(blade, Map.of()).get(instance);
        return i == null || i.lan();
    }

    /** The instances of {@code blade} that {@code vip} belongs to (on its side: the LAN or the uplink). */
    public List<String> instancesHolding(String blade, Vip vip) {
        return instances.getOrDefault(blade, Map.of()).entrySet().stream()
                .filter(e -> e.getValue().lan() == vip.lan() && e.getValue().vips().contains(vip.address()))
                .map(Map.Entry::getKey).toList();
    }
}
