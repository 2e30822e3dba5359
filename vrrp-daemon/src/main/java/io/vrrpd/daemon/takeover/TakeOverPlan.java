package io.vrrpd.daemon.takeover;

import io.vrrpd.core.IpText;
import io.vrrpd.core.fsm.ProtocolState;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.config.VrrpdConfig;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the new process does with each instance of a hand-over: adopt it (same configuration,
 * running as MASTER or BACKUP, or drained), or start it afresh, with the reason. An instance
 * only the old process runs is released by it (priority 0, VIPs removed) when it retires.
 *
 * @param adopted  the instances to continue, by name
 * @param afresh   one line per instance that starts afresh or is released, saying why
 */
public record TakeOverPlan(Map<String, Adoption> adopted, List<String> afresh) {
    /** The state names a hand-over carries besides MASTER, BACKUP and INITIALIZE. */
    public static final String DRAINED = "DRAINED";

    public TakeOverPlan {
        adopted = Map.copyOf(adopted);
        afresh = List.copyOf(afresh);
    }

    /** Nothing adopted: every instance starts afresh (the hand-over could not be used). */
    public static TakeOverPlan nothing(String why) {
        return new TakeOverPlan(Map.of(), List.of(why));
    }

    /** The plan for {@code state} under the configuration {@code next} this process loaded. */
    public static TakeOverPlan of(HandoverState state, VrrpdConfig next) {
        Map<String, Adoption> adopted = new LinkedHashMap<>();
        List<String> afresh = new ArrayList<>();
        for (HandoverState.Instance old : state.instances()) {
            InstanceConfig now = next.instances().get(old.name());
            if (now == null) {
                afresh.add(old.name() + ": not in this configuration; the old vrrpd releases it (priority 0)");
                continue;
            }
            if (!ConfigDigest.of(now).equals(old.configDigest())) {
                afresh.add(old.name() + ": its configuration changed; it starts afresh (a re-election for it)");
                continue;
            }
            Adoption a = adoption(old);
            if (a == null) {
                afresh.add(old.name() + ": it was in " + old.state() + "; it starts afresh");
                continue;
            }
            adopted.put(old.name(), a);
        }
        for (String name : next.instances().keySet()) {
            if (state.instances().stream().noneMatch(i -> i.name().equals(name))) {
                afresh.add(name + ": new in this configuration; it starts afresh");
            }
        }
        return new TakeOverPlan(adopted, afresh);
    }

    private static Adoption adoption(HandoverState.Instance old) {
        if (DRAINED.equals(old.state())) {
            return new Adoption(ProtocolState.INITIALIZE, null, old.adoptedIntervalCs(), true);
        }
        ProtocolState s;
        try {
            s = ProtocolState.valueOf(old.state());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (s == ProtocolState.INITIALIZE) {
            return null;
        }
        return new Adoption(s, address(old.masterAddress()), old.adoptedIntervalCs(), false);
    }

    private static byte[] address(String text) {
        return text == null ? null : IpText.parse(text).map(InetAddress::getAddress).orElse(null);
    }
}
