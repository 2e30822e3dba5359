package io.vrrpd.rehearse.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.IpText;
import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.HookEntry;
import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.config.InterfaceDirectory;
import io.vrrpd.daemon.config.InvalidConfigException;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.OperState;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.LabPlan;
import io.vrrpd.rehearse.scenario.Daemon;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vrrpd config as the lab sees it, read by vrrpd's own {@link ConfigLoader}, so a rehearsal
 * refuses exactly what {@code vrrpd --check} would, with the same messages. The loader checks
 * interface references against the machine; here the machine is the lab, whose interfaces are
 * the ones the config names (every {@code interface} and {@code track-interfaces} value, and an
 * interface with the MAC of each {@code {mac: ...}} selector, called {@code macName}).
 */
final class VrrpdConfigFacts {
    private VrrpdConfigFacts() {
    }

    static BladeConfig read(Path file, String macName) throws InvalidConfigException {
        InterfaceDirectory lab = InterfaceDirectory.of(interfacesNamedIn(file, macName));
        VrrpdConfig config = ConfigLoader.load(file, lab);
        List<BladeConfig.Instance> instances = new ArrayList<>();
        for (InstanceConfig i : config.instances().values()) {
            String ifname = selected(i.interfaceSelector(), lab);
            String mac = i.interfaceSelector() instanceof InterfaceSelector.ByMac m ? m.mac().toString() : null;
            instances.add(new BladeConfig.Instance(i.name(), i.family() == AddressFamily.IPV4 ? Family.IPV4 : Family.IPV6,
                    ifname, mac, i.vrid(), i.virtualAddresses().stream().map(Object::toString).toList()));
        }
        List<String> gateways = new ArrayList<>();
        String uplink = null;
        for (HookEntry h : config.hooks()) {
            if (h.config() instanceof DefaultGatewayConfig g) {
                String gw = IpText.format(g.gateway());
                if (gateways.stream().noneMatch(o -> Family.of(o) == Family.of(gw))) {
                    gateways.add(gw);
                }
                uplink = uplink != null ? uplink : selected(g.uplink(), lab);
            }
        }
        return new BladeConfig(file, Daemon.VRRPD, instances, gateways, uplink);
    }

    private static String selected(InterfaceSelector s, InterfaceDirectory lab) {
        List<Link> m = s.matches(lab.links());
        return m.isEmpty() ? null : m.get(0).name();
    }

    /** The lab's interfaces for this config: every name it uses, and one with each MAC it binds to. */
    private static List<Link> interfacesNamedIn(Path file, String macName) {
        JsonNode tree;
        try {
            tree = new YAMLMapper().readTree(file.toFile());
        } catch (IOException e) {
            // the loader reports it with its line
            return List.of();
        }
        Map<String, String> byName = new LinkedHashMap<>();
        walk(tree, byName, macName);
        List<Link> out = new ArrayList<>();
        int index = 2;
        for (Map.Entry<String, String> e : byName.entrySet()) {
            MacAddress mac = MacAddress.parse(e.getValue() != null ? e.getValue() : LabPlan.mac(0x7f, index));
            out.add(new Link(index, e.getKey(), mac, true, true, true, OperState.UP, 1500));
            index++;
        }
        return out;
    }

    private static void walk(JsonNode n, Map<String, String> byName, String macName) {
        if (n == null) {
            return;
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                JsonNode v = f.getValue();
                if (f.getKey().equals("interface") && v.isTextual()) {
                    byName.putIfAbsent(v.asText(), null);
                } else if (f.getKey().equals("interface") && v.isObject() && v.path("mac").isTextual()) {
                    byName.put(macName, v.path("mac").asText().toLowerCase(java.util.Locale.ROOT));
                } else if (f.getKey().equals("track-interfaces") && v.isArray()) {
                    v.forEach(t -> {
                        if (t.isTextual()) {
                            byName.putIfAbsent(t.asText(), null);
                        }
                    });
                }
                walk(v, byName, macName);
            }
        } else if (n.isArray()) {
            n.forEach(e -> walk(e, byName, macName));
        }
    }
}
