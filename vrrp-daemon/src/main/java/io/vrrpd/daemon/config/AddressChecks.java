package io.vrrpd.daemon.config;

import io.vrrpd.core.IpText;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig;
import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.hooks.kernel.Link;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The checks of a config against the addresses of the router's interfaces, once every section is
 * read: each {@code unicast-source} is an address of its instance's interface (else the instance
 * would sit in FAULT), and each default-gateway hook's gateway (and {@code on-backup} gateway) is
 * on-link on the hook's {@code interface}: inside the prefix of one of its addresses, or of a
 * virtual or held address an instance of this file holds on it while master (an uplink whose only
 * address in that prefix is a VIP). An IPv6 link-local gateway is on-link by definition.
 *
 * <p>These are facts of the router, so offline they are skipped and listed; a directory that does
 * not know the addresses (a fixed one, as tests and the rehearsal lab build) skips them silently.
 * The interface references themselves were checked by the sections.
 */
final class AddressChecks {
    private final Reading r;

    AddressChecks(Reading r) {
        this.r = r;
    }

    void run() {
        for (InstanceConfig i : r.instances.values()) {
            i.unicast().source().ifPresent(source -> checkSource(i, source));
        }
        for (HookEntry h : r.hooks) {
            if (h.config() instanceof DefaultGatewayConfig gw) {
                Node hook = hookNode(h);
                checkOnLink(hook.field("gateway"), gw.gateway(), gw.uplink());
                if (gw.onBackup().via() != null) {
                    checkOnLink(hook.field("on-backup").field("via").field("gateway"), gw.onBackup().via(), gw.uplink());
                }
            }
        }
    }

    private Node hookNode(HookEntry h) {
        return r.hookNodes.get(h.index());
    }

    private void checkSource(InstanceConfig i, InetAddress source) {
        Node n = r.instanceNodes.get(i.name()).field("unicast-source");
        if (r.host.offline()) {
            r.skipped(SkippedCheck.UNICAST_SOURCES, n, IpText.format(source));
            return;
        }
        Optional<Link> link = i.interfaceSelector().in(r.interfaces());
        Optional<List<Address>> present = link.flatMap(r.host::addresses);
        if (present.isEmpty()) {
            return;
        }
        if (present.get().stream().noneMatch(a -> a.address().equals(source))) {
            n.problem(IpText.format(source) + " is not an address of interface " + link.get().name() + " ("
                            + describe(present.get()) + "); the instance would stay in FAULT",
                    "one of the interface's own addresses, or no unicast-source (its primary address)");
        }
    }

    private void checkOnLink(Node n, InetAddress gateway, InterfaceSelector uplink) {
        if (r.host.offline()) {
            r.skipped(SkippedCheck.GATEWAYS_ON_LINK, n, IpText.format(gateway) + " on " + uplink.describe());
            return;
        }
        if (gateway instanceof Inet6Address && gateway.isLinkLocalAddress()) {
            return;
        }
        Optional<Link> link = uplink.in(r.interfaces());
        Optional<List<Address>> present = link.flatMap(r.host::addresses);
        if (present.isEmpty()) {
            return;
        }
        boolean onLink = present.get().stream().anyMatch(a -> new VirtualAddress(a.address(), a.prefixLength())
                .covers(gateway));
        List<VirtualAddress> held = heldOn(link.get());
        onLink |= held.stream().anyMatch(v -> v.covers(gateway));
        if (!onLink) {
            n.problem(IpText.format(gateway) + " is not on-link on " + link.get().name() + ": no prefix of its addresses ("
                            + describe(present.get()) + ")" + (held.isEmpty() ? "" : " or of the virtual addresses"
                            + " held on it (" + held.stream().map(Object::toString).toList() + ")") + " holds it, so the"
                            + " kernel would refuse the route",
                    "a gateway inside a prefix of " + link.get().name() + ", or the interface it is reached over");
        }
    }

    /** The virtual addresses, and held addresses, instances of this file hold on {@code link} while master. */
    private List<VirtualAddress> heldOn(Link link) {
        List<VirtualAddress> held = new ArrayList<>();
        for (InstanceConfig i : r.instances.values()) {
            if (i.interfaceSelector().in(r.interfaces()).filter(l -> l.index() == link.index()).isPresent()) {
                held.addAll(i.virtualAddresses());
            }
            i.heldAddresses().stream().filter(h -> h.interfaceName().equals(link.name()))
                    .forEach(h -> held.add(new VirtualAddress(h.address(), h.prefixLength())));
        }
        return held;
    }

    private static String describe(List<Address> addresses) {
        return addresses.isEmpty() ? "none"
                : String.join(", ", addresses.stream().map(a -> IpText.format(a.address()) + "/" + a.prefixLength()).toList());
    }
}
