package io.vrrpd.rehearse.run;

import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.Neighbor;
import io.vrrpd.hooks.kernel.rtnetlink.RtNetlinkKernel;
import io.vrrpd.lab.Addresses;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.LabPlan;
import io.vrrpd.rehearse.measure.Topology;

import java.net.InetAddress;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which blade the client sends through, per family: the blade whose LAN MAC the client's
 * neighbour entry for its gateway (the VIP) holds, read over rtnetlink in the client's
 * namespace. Absent while the entry has no usable address, or when its MAC is no blade's own (a
 * virtual MAC).
 */
final class ClientView implements AutoCloseable {
    private final RtNetlinkKernel kernel;
    private final int ifindex;
    private final Map<Family, InetAddress> gateways = new EnumMap<>(Family.class);
    private final Map<String, String> bladeByMac = new HashMap<>();

    ClientView(BladeLab lab, Topology topology) throws KernelException {
        this.kernel = RtNetlinkKernel.openIn(lab.client());
        this.ifindex = kernel.link(BladeLab.LAN_IF).orElseThrow(() -> new IllegalStateException("the client has no "
                + BladeLab.LAN_IF)).index();
        for (Family f : topology.probedFamilies()) {
            gateways.put(f, Addresses.parse(topology.clientGateway(f)));
        }
        for (LabPlan.Blade b : lab.plan().blades()) {
            bladeByMac.put(b.port(LabPlan.Segment.LAN).mac().toLowerCase(java.util.Locale.ROOT), b.name());
        }
    }

    /** Per family, the blade the client's traffic goes to now (sampler thread only). */
    Map<Family, String> via() {
        Map<Family, String> out = new EnumMap<>(Family.class);
        gateways.forEach((f, gw) -> {
            try {
                Optional<Neighbor> n = kernel.neighbor(ifindex, gw);
                if (n.isPresent() && n.get().lladdr() != null && n.get().state().valid()) {
                    String blade = bladeByMac.get(n.get().lladdr().toString());
                    if (blade != null) {
                        out.put(f, blade);
                    }
                }
            } catch (KernelException e) {
                // no entry to read: nobody known
            }
        });
        return out;
    }

    @Override
    public void close() {
        try {
            kernel.close();
        } catch (KernelException ignored) {
            // the namespace goes anyway
        }
    }
}
