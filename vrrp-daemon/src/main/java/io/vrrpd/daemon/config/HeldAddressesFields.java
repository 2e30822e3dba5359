package io.vrrpd.daemon.config;

import io.vrrpd.hooks.builtin.HeldAddress;
import io.vrrpd.hooks.kernel.InterfaceSelector;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an instance's {@code held-addresses}: {@code [{address: 203.0.113.5/25, interface: eth1}, ...]},
 * addresses of either family on any interface of the host, held while the instance is master and
 * never advertised. Each bad entry is reported at its own line; an address listed twice, or that is
 * one of the instance's own virtual addresses, is refused.
 */
final class HeldAddressesFields {
    static final String HINT = "a list of {address: 203.0.113.5/25, interface: eth1}";
    private final Reading r;

    HeldAddressesFields(Reading r) {
        this.r = r;
    }

    /** The held addresses (empty when the field is missing), or null when one is bad (reported). */
    List<HeldAddress> read(Node n, List<VirtualAddress> vips) {
        if (n.isMissing()) {
            return List.of();
        }
        if (!n.json().isArray()) {
            n.problem(n.shown() + " is not a list", HINT);
            return null;
        }
        boolean ok = true;
        List<HeldAddress> result = new ArrayList<>();
        Map<InetAddress, Integer> seen = new HashMap<>();
        List<Node> elements = n.elements(HINT);
        for (int i = 0; i < elements.size(); i++) {
            Node e = elements.get(i);
            if (!e.expectObject("{address: 203.0.113.5/25, interface: eth1}")) {
                ok = false;
                continue;
            }
            e.onlyFields(List.of("address", "interface"));
            Node addressNode = e.requiredField("address");
            VirtualAddress a = addressNode.isMissing() ? null : InstancesSection.virtualAddress(addressNode);
            Node ifNode = e.requiredField("interface");
            String iface = ifNode.text("the name of an interface of this host, e.g. eth1");
            if (a == null || iface == null) {
                ok = false;
                continue;
            }
            if (!r.requireInterface(ifNode, new InterfaceSelector.ByName(iface))) {
                ok = false;
            }
            Integer first = seen.putIfAbsent(a.address(), i);
            if (first != null) {
                addressNode.problem(a + " is listed twice (held-addresses[" + first + "])", "each address once");
                ok = false;
            } else if (vips != null && vips.stream().anyMatch(v -> v.address().equals(a.address()))) {
                addressNode.problem(a + " is one of the instance's virtual-addresses",
                        "an address that is not advertised; the virtual addresses are held already");
                ok = false;
            }
            result.add(new HeldAddress(a.address(), a.prefixLength(), iface));
        }
        return ok ? result : null;
    }
}
