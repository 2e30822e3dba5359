package io.vrrpd.daemon.config;

import io.vrrpd.core.IpText;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.hooks.kernel.Link;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The checks that look across instances once every section is read: a VRID once per interface
 * and family, a virtual address in one instance only, and no unicast peer that is another
 * instance's virtual address.
 */
final class CrossChecks {
    private final Reading r;

    CrossChecks(Reading r) {
        this.r = r;
    }

    void run() {
        checkVrids();
        checkDuplicateAddresses();
        checkPeersAreNotVips();
        checkVirtualMacLinks();
    }

    /**
     * The macvlan of a virtual MAC is named after family and VRID alone: two such instances of one
     * family and VRID (on two interfaces) would need one link name twice; nor may an instance run on it.
     */
    private void checkVirtualMacLinks() {
        Map<String, String> seen = new HashMap<>();
        for (InstanceConfig i : r.instances.values()) {
            if (!i.virtualMac()) {
                continue;
            }
            String other = seen.putIfAbsent(i.virtualMacLink(), i.name());
            if (other != null) {
                r.instanceNodes.get(i.name()).field("virtual-mac").problem("the virtual MAC's interface "
                                + i.virtualMacLink() + " is instance " + other + "'s already (one per family and vrid)",
                        "another vrid, or virtual-mac on one of the two only");
            }
        }
        for (InstanceConfig i : r.instances.values()) {
            if (i.interfaceSelector() instanceof InterfaceSelector.ByName n && seen.containsKey(n.name())) {
                r.instanceNodes.get(i.name()).field("interface").problem(n.name() + " is the virtual MAC interface of"
                        + " instance " + seen.get(n.name()) + ", which vrrpd creates and removes",
                        "the interface the macvlan sits on");
            }
        }
    }

    /** Interface identity for uniqueness: the resolved name when present, else the selector. */
    private String interfaceKey(InterfaceSelector s) {
        List<Link> found = s.matches(r.interfaces());
        return found.size() == 1 ? found.get(0).name() : s.describe();
    }

    private void checkVrids() {
        Map<String, String> seen = new HashMap<>();
        for (InstanceConfig i : r.instances.values()) {
            String key = interfaceKey(i.interfaceSelector()) + "/" + i.family() + "/" + i.vrid();
            String other = seen.putIfAbsent(key, i.name());
            if (other != null) {
                r.instanceNodes.get(i.name()).field("vrid").problem("vrid " + i.vrid() + " is already used by instance "
                                + other + " on " + interfaceKey(i.interfaceSelector()) + " ("
                                + i.family().configName() + ")",
                        "a vrid unique per interface and family; one not in use: " + freeVrid(i, seen));
            }
        }
    }

    private int freeVrid(InstanceConfig i, Map<String, String> seen) {
        String prefix = interfaceKey(i.interfaceSelector()) + "/" + i.family() + "/";
        for (int v = 1; v <= 255; v++) {
            if (!seen.containsKey(prefix + v)) {
                return v;
            }
        }
        return 0;
    }

    /** A unicast peer that is another instance's virtual address is a router address mixed up with a shared one. */
    private void checkPeersAreNotVips() {
        for (InstanceConfig i : r.instances.values()) {
            List<InetAddress> peers = i.unicast().peers();
            for (int k = 0; k < peers.size(); k++) {
                InetAddress peer = peers.get(k);
                for (InstanceConfig other : r.instances.values()) {
                    if (other != i && other.virtualAddresses().stream().anyMatch(v -> v.address().equals(peer))) {
                        r.instanceNodes.get(i.name()).field("unicast-peers").element(k).problem(
                                IpText.format(peer) + " is a virtual address of instance " + other.name(),
                                "the other routers' own addresses, not an address they share");
                    }
                }
            }
        }
    }

    private void checkDuplicateAddresses() {
        Map<String, String> seen = new HashMap<>();
        for (InstanceConfig i : r.instances.values()) {
            List<VirtualAddress> vips = i.virtualAddresses();
            for (int k = 0; k < vips.size(); k++) {
                VirtualAddress a = vips.get(k);
                // a link-local address is only unique on its link
                String key = IpText.format(a.address())
                        + (a.isLinkLocal() ? "%" + interfaceKey(i.interfaceSelector()) : "");
                String where = "instances." + i.name() + ".virtual-addresses[" + k + "]";
                String other = seen.putIfAbsent(key, where);
                if (other != null) {
                    r.instanceNodes.get(i.name()).field("virtual-addresses").element(k).problem(
                            IpText.format(a.address()) + " is also at " + other,
                            "each virtual address in one instance only");
                }
            }
        }
    }
}
