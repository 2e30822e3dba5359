package io.vrrpd.daemon.config;

import io.vrrpd.hooks.builtin.DefaultGatewayConfig;
import io.vrrpd.core.IpText;
import io.vrrpd.core.packet.Authentication;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changes between two valid configurations, as {@code vrrpctl diff} prints it: instances
 * added, removed or renamed (same family, interface and VRID under a new name), changed fields,
 * sync-group membership and hook bindings. Changes that lose a binding are flagged as breaking.
 */
public final class ConfigDiff {
    /** One line of the diff; {@code breaking} when a hook or group would stop covering an instance. */
    public record Change(String kind, String subject, String detail, boolean breaking) {
        @Override
        public String toString() {
            return (breaking ? "! " : "  ") + kind + " " + subject + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    private ConfigDiff() {
    }

    public static List<Change> between(VrrpdConfig before, VrrpdConfig after) {
        List<Change> out = new ArrayList<>();
        Map<String, String> renamed = new java.util.LinkedHashMap<>();
        for (InstanceConfig old : before.instances().values()) {
            if (after.instances().containsKey(old.name())) {
                continue;
            }
            InstanceConfig same = after.instances().values().stream()
                    .filter(n -> !before.instances().containsKey(n.name()) && sameRouter(old, n)).findFirst().orElse(null);
            if (same != null) {
                renamed.put(old.name(), same.name());
                out.add(new Change("renamed", old.name() + " -> " + same.name(), key(old), false));
            } else {
                out.add(new Change("removed", old.name(), key(old), false));
            }
        }
        for (InstanceConfig n : after.instances().values()) {
            if (!before.instances().containsKey(n.name()) && !renamed.containsValue(n.name())) {
                out.add(new Change("added", n.name(), key(n), false));
            }
        }
        for (InstanceConfig old : before.instances().values()) {
            String newName = renamed.getOrDefault(old.name(), old.name());
            InstanceConfig n = after.instances().get(newName);
            if (n == null) {
                continue;
            }
            field(out, newName, "vrid", old.vrid(), n.vrid());
            field(out, newName, "priority", old.priority(), n.priority());
            field(out, newName, "advert-interval", old.advertIntervalCentis() * 10 + "ms", n.advertIntervalCentis() * 10 + "ms");
            field(out, newName, "preempt", old.preempt(), n.preempt());
            field(out, newName, "interface", old.interfaceSelector().describe(), n.interfaceSelector().describe());
            field(out, newName, "virtual-addresses", vips(old), vips(n));
            field(out, newName, "unicast-peers", peers(old), peers(n));
            field(out, newName, "unicast-source", source(old), source(n));
            field(out, newName, "version", old.version().number(), n.version().number());
            field(out, newName, "accept-v2", old.acceptV2(), n.acceptV2());
            field(out, newName, "max-adopted-interval", bound(old), bound(n));
            field(out, newName, "held-addresses", old.heldAddresses().toString(), n.heldAddresses().toString());
            field(out, newName, "virtual-mac", old.virtualMac(), n.virtualMac());
            authentication(out, newName, old, n);
            bindings(out, before, after, old.name(), newName);
        }
        return out;
    }

    private static void bindings(List<Change> out, VrrpdConfig before, VrrpdConfig after, String oldName, String newName) {
        Set<String> was = hookKeys(before, oldName);
        Set<String> now = hookKeys(after, newName);
        for (String h : was) {
            if (!now.contains(h)) {
                out.add(new Change("unbound", newName, "no longer bound to " + h
                        + (oldName.equals(newName) ? "" : " (it was, as " + oldName + ")"), true));
            }
        }
        for (String h : now) {
            if (!was.contains(h)) {
                out.add(new Change("bound", newName, "now bound to " + h, false));
            }
        }
        String groupBefore = before.syncGroupOf(oldName).map(SyncGroupConfig::name).orElse("none");
        String groupAfter = after.syncGroupOf(newName).map(SyncGroupConfig::name).orElse("none");
        if (!groupBefore.equals(groupAfter)) {
            out.add(new Change("sync-group", newName, groupBefore + " -> " + groupAfter, groupAfter.equals("none")));
        }
    }

    /** Hooks identified by type and what they act on (e.g. default-gateway via 198.51.100.1). */
    private static Set<String> hookKeys(VrrpdConfig config, String instance) {
        Set<String> keys = new TreeSet<>();
        for (HookEntry h : config.hooksOf(instance)) {
            String what = h.config() instanceof DefaultGatewayConfig gw ? " via " + IpText.format(gw.gateway()) : "";
            keys.add(h.type() + what);
        }
        return keys;
    }

    private static boolean sameRouter(InstanceConfig a, InstanceConfig b) {
        return a.family() == b.family() && a.vrid() == b.vrid()
                && a.interfaceSelector().describe().equals(b.interfaceSelector().describe());
    }

    private static String key(InstanceConfig c) {
        return c.family().configName() + " vrid " + c.vrid() + " on " + c.interfaceSelector().describe();
    }

    private static String vips(InstanceConfig c) {
        return c.virtualAddresses().stream().map(v -> IpText.format(v.address()) + "/" + v.prefixLength()).toList().toString();
    }

    private static String peers(InstanceConfig c) {
        return c.unicast().isUnicast() ? c.unicast().peers().stream().map(IpText::format).toList().toString()
                : "none (multicast)";
    }

    private static String source(InstanceConfig c) {
        return c.unicast().source().map(IpText::format).orElse("interface address");
    }

    private static String bound(InstanceConfig c) {
        return c.maxAdoptedIntervalCentis() == 0 ? "none" : c.maxAdoptedIntervalCentis() * 10 + "ms";
    }

    /** Whether the authentication changed, never what the password is: "password changed" when only it did. */
    private static void authentication(List<Change> out, String instance, InstanceConfig old, InstanceConfig n) {
        Authentication a = old.authentication();
        Authentication b = n.authentication();
        if (a.equals(b)) {
            return;
        }
        String detail = a.type() == b.type() ? "password changed (not shown)" : a + " -> " + b;
        out.add(new Change("changed", instance, "authentication " + detail, false));
    }

    private static void field(List<Change> out, String instance, String name, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            out.add(new Change("changed", instance, name + " " + before + " -> " + after, false));
        }
    }
}
