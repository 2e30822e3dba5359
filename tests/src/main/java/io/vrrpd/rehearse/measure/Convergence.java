package io.vrrpd.rehearse.measure;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether the lab has converged at one sample: every running daemon answers, every virtual address held by exactly one blade
 * that is on, that blade reporting MASTER for the instances the address belongs to and having
 * the default route of its family, no other blade reporting MASTER for them, and the client's
 * last decided probe of every kind it probes with answered.
 */
public final class Convergence {
    private Convergence() {
    }

    /**
     * Empty when converged; else what is not, in a few words ({@code 192.0.2.1 held by a and b}).
     * {@code lastProbeOk} has every kind the client probes with: false until one is decided.
     */
    public static Optional<String> check(Topology topology, Sample sample, Map<ProbeKind, Boolean> lastProbeOk) {
        if (sample == null) {
            return Optional.of("no sample yet");
        }
        for (Map.Entry<String, BladeSample> b : sample.blades().entrySet()) {
            // a daemon that runs but has not answered yet (starting) may still take over
            if (b.getValue().powered() && b.getValue().running() && b.getValue().reported().isEmpty()) {
                return Optional.of(b.getKey() + "'s daemon does not answer yet");
            }
        }
        for (Topology.Vip vip : topology.vips()) {
            List<String> holders = sample.blades().entrySet().stream().filter(e -> e.getValue().holds(vip))
                    .map(Map.Entry::getKey).toList();
            if (holders.size() != 1) {
                return Optional.of(vip.name() + (holders.isEmpty() ? " held by nobody" : " held by " + String.join(" and ", holders)));
            }
            String holder = holders.get(0);
            BladeSample h = sample.blades().get(holder);
            for (String instance : topology.instancesHolding(holder, vip)) {
                Reported r = h.reported().get(instance);
                if (r != null && !r.master()) {
                    return Optional.of(holder + " holds " + vip.name() + " but " + instance + " reports " + r.state());
                }
            }
            if (topology.instancesHolding(holder, vip).stream().noneMatch(i -> h.reported().containsKey(i))) {
                return Optional.of(holder + " holds " + vip.name() + " but reports no instance of it");
            }
            if (vip.lan() && !h.routes().contains(vip.family())) {
                return Optional.of(holder + " holds " + vip.name() + " without a " + vip.family().key() + " default route");
            }
            for (Map.Entry<String, BladeSample> other : sample.blades().entrySet()) {
                if (other.getKey().equals(holder) || !other.getValue().powered()) {
                    continue;
                }
                for (String instance : topology.instancesHolding(other.getKey(), vip)) {
                    Reported r = other.getValue().reported().get(instance);
                    if (r != null && r.master()) {
                        return Optional.of(other.getKey() + " reports " + instance + " MASTER while " + holder + " holds "
                                + vip.name());
                    }
                }
            }
        }
        for (Map.Entry<ProbeKind, Boolean> k : lastProbeOk.entrySet()) {
            if (!k.getValue()) {
                return Optional.of("the client's " + k.getKey().key() + " probe fails");
            }
        }
        return Optional.empty();
    }
}
