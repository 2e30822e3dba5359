package io.vrrpd.daemon.runtime;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.IpText;
import io.vrrpd.daemon.instance.InstanceSpec;
import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.RouteSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One instance's virtual addresses in the kernel, and which of them vrrpd added: it removes
 * only those, never an address that was on the interface before it (the address owner's own
 * address, RFC 9568's owner, or one an operator configured).
 *
 * <p>Every address vrrpd adds carries the tag {@link #TAG} (IFA_PROTO), so that after a crash
 * the next run can tell a VIP it left behind (tagged: removed at start-up) from an address of
 * the router's own (untagged: never touched). Kernels before Linux 6.1 do not keep the tag; there
 * vrrpd still removes only what this process added, and leaves a VIP of a crashed run in place
 * (the start-up log says so).
 *
 * <p>Runs on the {@link AddressWorker} thread only: its record of what was added is confined to
 * it, and jobs reach it in submission order, so an add followed by a remove sees its own result.
 */
final class VirtualAddresses {
    /** The IFA_PROTO tag of every address vrrpd adds: the protocol tag of its routes. */
    static final int TAG = RouteSpec.PROTOCOL_VRRPD;

    private static final Logger LOG = LoggerFactory.getLogger(VirtualAddresses.class);

    private final InstanceSpec spec;
    private final Kernel kernel;
    /** The ifindex each VIP was added on by vrrpd, or 0 while it is not ours to remove. Worker thread. */
    private final int[] addedOn;
    /** Whether a VIP that was already on the interface has been logged (once per instance). Worker thread. */
    private final boolean[] foreignLogged;

    VirtualAddresses(InstanceSpec spec, Kernel kernel) {
        this.spec = spec;
        this.kernel = kernel;
        this.addedOn = new int[spec.virtualAddresses().size()];
        this.foreignLogged = new boolean[addedOn.length];
    }

    /**
     * Worker: makes sure every VIP is on interface {@code ifindex}. One that is there already
     * stays as it is; it is ours to remove later only if it carries our tag (left by an earlier
     * run, or re-added by us).
     */
    void addAll(int ifindex) {
        for (int i = 0; i < addedOn.length; i++) {
            InetAddress vip = spec.virtualAddresses().get(i);
            try {
                if (kernel.addAddress(ifindex, vip, spec.prefixLengths().get(i), spec.family() == AddressFamily.IPV6, TAG)) {
                    addedOn[i] = ifindex;
                } else if (addedOn[i] != ifindex) {
                    adoptIfOurs(ifindex, i);
                }
            } catch (KernelException e) {
                LOG.error("{}: cannot add {} to {}: {}", spec.name(), IpText.format(vip), spec.interfaceName(),
                        e.getMessage());
            }
        }
    }

    /** An address already present: ours if tagged, else someone else's, kept and never removed. */
    private void adoptIfOurs(int ifindex, int i) throws KernelException {
        InetAddress vip = spec.virtualAddresses().get(i);
        Address present = kernel.addresses(ifindex).stream().filter(a -> a.address().equals(vip)).findFirst()
                .orElse(null);
        if (present != null && present.protocol() == TAG) {
            addedOn[i] = ifindex;
            return;
        }
        addedOn[i] = 0;
        if (!foreignLogged[i]) {
            foreignLogged[i] = true;
            LOG.info("{}: {} was on {} already and vrrpd did not add it{}: it is used as it is and never removed",
                    spec.name(), IpText.format(vip), spec.interfaceName(),
                    spec.owner() ? " (the address owner's own address)" : "");
        }
    }

    /**
     * Worker: adds the VIPs that are not in {@code present} (the interface's addresses now) and
     * returns them; each is vrrpd's from now on.
     */
    List<InetAddress> restoreMissing(int ifindex, Set<InetAddress> present) {
        List<InetAddress> restored = new ArrayList<>();
        for (int i = 0; i < addedOn.length; i++) {
            InetAddress vip = spec.virtualAddresses().get(i);
            if (present.contains(vip)) {
                continue;
            }
            try {
                if (kernel.addAddress(ifindex, vip, spec.prefixLengths().get(i), spec.family() == AddressFamily.IPV6, TAG)) {
                    addedOn[i] = ifindex;
                    restored.add(vip);
                }
            } catch (KernelException e) {
                LOG.error("{}: cannot put back {} on {}: {}", spec.name(), IpText.format(vip), spec.interfaceName(),
                        e.getMessage());
            }
        }
        return restored;
    }

    /** Worker: removes the VIPs vrrpd added, and only those. */
    void removeAdded() {
        for (int i = 0; i < addedOn.length; i++) {
            if (addedOn[i] == 0) {
                continue;
            }
            InetAddress vip = spec.virtualAddresses().get(i);
            try {
                kernel.deleteAddress(addedOn[i], vip, spec.prefixLengths().get(i));
            } catch (KernelException e) {
                LOG.debug("{}: {} already gone from {}: {}", spec.name(), IpText.format(vip), spec.interfaceName(),
                        e.getMessage());
            }
            addedOn[i] = 0;
        }
    }

    /** Whether {@code a} is one of {@code vips} left by vrrpd: tagged as ours. */
    static boolean leftByUs(Address a, List<InetAddress> vips) {
        return a.protocol() == TAG && vips.contains(a.address());
    }
}
