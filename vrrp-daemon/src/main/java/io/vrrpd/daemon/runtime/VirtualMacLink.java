package io.vrrpd.daemon.runtime;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.daemon.net.VirtualMac;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.Macvlan;
import io.vrrpd.hooks.kernel.MacvlanMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * The macvlan of one instance with {@code virtual-mac: true}: the link with the virtual router MAC
 * that holds its VIPs, so that ARP and ND are answered with that MAC (docs/configuration.md,
 * Virtual MAC). Up while the instance holds its VIPs, down otherwise, deleted when it stops.
 *
 * <p>Runs on the {@link AddressWorker} thread only, in order with the VIP changes; {@link #index()}
 * may be read from the loop.
 */
final class VirtualMacLink {
    private static final Logger LOG = LoggerFactory.getLogger(VirtualMacLink.class);
    /** keepalived's default: the macvlan talks to no other macvlan of its parent. */
    private static final MacvlanMode MODE = MacvlanMode.PRIVATE;

    private final String instance;
    private final AddressFamily family;
    private final String name;
    private final MacAddress mac;
    private final Kernel kernel;
    /** The parent it was made on (worker thread); 0 before. */
    private int parent;
    /** Its ifindex, 0 while there is none. Written on the worker, read on the loop. */
    private volatile int index;

    VirtualMacLink(String instance, AddressFamily family, int vrid, String name, Kernel kernel) {
        this.instance = instance;
        this.family = family;
        this.name = name;
        this.mac = MacAddress.of(VirtualMac.of(family, vrid).bytes());
        this.kernel = kernel;
    }

    /** Its ifindex now, or 0 while it does not exist (any thread). */
    int index() {
        return index;
    }

    /**
     * Worker: makes sure the macvlan exists on {@code parentIndex} (called {@code parentName}),
     * with the settings it needs, down unless {@code up}. One of ours (the same parent and MAC,
     * left by a crashed run) is adopted; a macvlan that is not is replaced; a link of another kind
     * with the name is left alone and logged.
     *
     * @return its ifindex, or 0 when it cannot be had
     */
    int ensure(int parentIndex, String parentName, boolean up) {
        try {
            Optional<Macvlan> present = kernel.macvlan(name);
            if (present.isPresent() && !(present.get().parent() == parentIndex && present.get().mac().equals(mac))) {
                LOG.info("{}: replacing macvlan {} ({} on ifindex {}) with one of {} on {}", instance, name,
                        present.get().mac(), present.get().parent(), mac, parentName);
                kernel.deleteLink(present.get().index());
                present = Optional.empty();
            }
            if (present.isEmpty() && kernel.link(name).isPresent()) {
                LOG.error("{}: {} exists and is not a macvlan: vrrpd leaves it alone, and the virtual addresses have"
                        + " no interface to go on (rename or delete it)", instance, name);
                index = 0;
                return 0;
            }
            int i = present.isPresent() ? present.get().index() : kernel.addMacvlan(name, parentIndex, mac, MODE);
            if (present.isEmpty()) {
                LOG.info("{}: created {} ({}) on {}", instance, name, mac, parentName);
            }
            configure(parentName);
            kernel.setLinkUp(i, up);
            parent = parentIndex;
            index = i;
            return i;
        } catch (KernelException e) {
            LOG.error("{}: cannot set up the virtual MAC interface {} on {}: {}", instance, name, parentName,
                    e.getMessage());
            index = 0;
            return 0;
        }
    }

    /** The settings that keep the parent from answering for the macvlan, and the macvlan from answering for it. */
    private void configure(String parentName) throws KernelException {
        if (family == AddressFamily.IPV4) {
            kernel.setInterfaceSetting(family, parentName, "arp_ignore", 1);
            kernel.setInterfaceSetting(family, parentName, "arp_filter", 1);
            kernel.setInterfaceSetting(family, parentName, "arp_announce", 2);
            kernel.setInterfaceSetting(family, name, "arp_ignore", 1);
            kernel.setInterfaceSetting(family, name, "arp_announce", 2);
            kernel.setInterfaceSetting(family, name, "rp_filter", 0);
            if (kernel.interfaceSetting(family, "all", "rp_filter") == 1) {
                LOG.warn("{}: net.ipv4.conf.all.rp_filter is 1 (strict), which overrides {}'s 0: traffic the hosts"
                        + " send to the virtual MAC arrives on {} and is dropped; set it to 2 (loose) or 0", instance,
                        name, name);
            }
        } else {
            kernel.setInterfaceSetting(family, name, "accept_ra", 0);
        }
    }

    /**
     * Worker: the macvlan up, made afresh on {@code parentIndex} if it is gone (its parent was
     * deleted and came back); returns its ifindex, or 0 when there is none to hold the VIPs.
     */
    int up(int parentIndex, String parentName) {
        if (index != 0 && parent == parentIndex) {
            try {
                kernel.setLinkUp(index, true);
                return index;
            } catch (KernelException e) {
                if (e.errno() != Errno.ENODEV) {
                    LOG.error("{}: cannot set {} up: {}", instance, name, e.getMessage());
                    return index;
                }
            }
        }
        return ensure(parentIndex, parentName, true);
    }

    /** Worker: the macvlan down, so that it answers nothing (backup). */
    void down() {
        int i = index;
        if (i == 0) {
            return;
        }
        try {
            kernel.setLinkUp(i, false);
        } catch (KernelException e) {
            LOG.debug("{}: cannot set {} down: {}", instance, name, e.getMessage());
        }
    }

    /** Worker: deletes the macvlan (the instance stops). */
    void delete() {
        int i = index;
        index = 0;
        parent = 0;
        if (i == 0) {
            return;
        }
        try {
            kernel.deleteLink(i);
            LOG.info("{}: deleted {}", instance, name);
        } catch (KernelException e) {
            LOG.debug("{}: {} already gone: {}", instance, name, e.getMessage());
        }
    }
}
