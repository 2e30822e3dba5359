package io.vrrpd.rehearse.measure;

import io.vrrpd.lab.Family;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One blade at one sample, as seen from outside its daemon.
 *
 * @param at       when it was read (nanoseconds since the run began: the middle of this blade's
 *                 reads, not the sample's schedule); it stands for the blade until its next read
 * @param powered  the blade is on (not crashed, or booted again); an off blade holds nothing
 * @param running  its daemon's process runs
 * @param reported per instance, what the daemon reports (empty when it does not answer)
 * @param vips     the virtual addresses its kernel holds on its LAN interface (bare), of those the lab knows
 * @param uplinkVips those it holds on its uplink (the return path's)
 * @param routes   the families it has a default route of: a route lookup of the upstream target
 *                 goes via the upstream router
 */
public record BladeSample(long at, boolean powered, boolean running, Map<String, Reported> reported, Set<String> vips,
                          Set<String> uplinkVips, Set<Family> routes) {
    public BladeSample {
        reported = Collections.unmodifiableMap(new LinkedHashMap<>(reported));
        vips = Set.copyOf(vips);
        uplinkVips = Set.copyOf(uplinkVips);
        routes = Set.copyOf(routes);
    }

    /** A blade that is off, at {@code at}. */
    public static BladeSample off(long at) {
        return new BladeSample(at, false, false, Map.of(), Set.of(), Set.of(), Set.of());
    }

    /** Whether it is on and holds {@code vip} on the side the VIP belongs to. */
    public boolean holds(Topology.Vip vip) {
        return powered && (vip.lan() ? vips : uplinkVips).contains(vip.address());
    }
}
