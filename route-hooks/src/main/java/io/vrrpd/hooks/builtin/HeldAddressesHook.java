package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.Evidence;
import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;
import io.vrrpd.hooks.HookResult.Verified;
import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.RouteSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance's {@code held-addresses}: added (tagged with vrrpd's protocol, 200) while it is
 * master, on whichever interface each names, removed when it is not, and put back when the kernel
 * loses one. Never advertised: the daemon builds this hook for an instance that has held addresses,
 * beside the hooks of its {@code hooks:} list, so they gate MASTER as a route does. An address that
 * was on its interface before vrrpd added it (untagged) is used as it is and never removed. Claims
 * are kept in the kernel's {@link RouteClaims}, so an address two instances hold stays while
 * either is master.
 */
public final class HeldAddressesHook extends HeldWhileMaster {
    /** Not meeting them is reported (EGRESS_FAILED) but hands nothing over: the VIPs themselves are held. */
    static final FailurePolicy POLICY = new FailurePolicy(FailurePolicy.Action.HOLD, 1, FailurePolicy.DEFAULT_HOLD_DOWN);

    private final String owner;
    private final List<HeldAddress> held;
    private final Kernel kernel;
    private final RouteClaims claims;
    /** What this process added (kernels before Linux 6.1 do not keep the tag that says so). */
    private final Set<HeldAddress> added = new HashSet<>();
    /** Interface indexes last seen for the held addresses; read without the lock by {@link #affectedBy}. */
    private final Set<Integer> indexes = ConcurrentHashMap.newKeySet();

    /** The hook of instance {@code instance} holding {@code held} (non-empty) in {@code kernel}. */
    public HeldAddressesHook(String instance, List<HeldAddress> held, Kernel kernel) {
        if (held.isEmpty()) {
            throw new IllegalArgumentException("no held addresses (expected: at least one)");
        }
        this.owner = instance;
        this.held = List.copyOf(held);
        this.kernel = kernel;
        this.claims = RouteClaims.of(kernel);
    }

    @Override
    public FailurePolicy failurePolicy() {
        return POLICY;
    }

    @Override
    public String describe() {
        return "held-addresses of " + owner + " (" + held.size() + ")";
    }

    @Override
    void claim(String instance) {
        held.forEach(h -> claims.claim(h, instance));
    }

    /** One of the held addresses deleted, a change to an interface holding one, one appearing, or lost events. */
    @Override
    public boolean affectedBy(KernelEvent event) {
        if (event instanceof KernelEvent.AddressDeleted d) {
            return indexes.contains(d.address().ifindex())
                    && held.stream().anyMatch(h -> h.address().equals(d.address().address()));
        } else if (event instanceof KernelEvent.LinkChanged c) {
            return indexes.contains(c.link().index()) && c.cameUp();
        } else if (event instanceof KernelEvent.LinkAdded a) {
            return held.stream().anyMatch(h -> h.interfaceName().equals(a.link().name()));
        } else if (event instanceof KernelEvent.LinkRenamed r) {
            return held.stream().anyMatch(h -> h.interfaceName().equals(r.newName()));
        }
        return event instanceof KernelEvent.EventsLost;
    }

    @Override
    HookResult ensure(String instance, boolean takingOver) {
        List<HeldAddress> mine = held.stream().filter(h -> claims.holds(h, instance)).toList();
        if (mine.isEmpty()) {
            return new Verified("nothing held: " + instance + " is not master");
        }
        List<String> restored = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (HeldAddress h : mine) {
            try {
                Link link = kernel.link(h.interfaceName()).orElse(null);
                if (link == null) {
                    failures.add("cannot hold " + h + ": interface " + h.interfaceName()
                            + " does not exist (renamed or removed?)");
                    continue;
                }
                indexes.add(link.index());
                if (kernel.addAddress(link.index(), h.address(), h.prefixLength(), h.ipv6(), RouteSpec.PROTOCOL_VRRPD)) {
                    added.add(h);
                    if (!takingOver) {
                        restored.add(h + " (was missing from the kernel)");
                    }
                }
            } catch (KernelException e) {
                failures.add("cannot hold " + h + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            return new Failed(FailureReason.ROUTE_NOT_INSTALLED, String.join("; ", failures),
                    new Evidence(null, null, null), restored);
        }
        return new Verified("held " + String.join(", ", mine.stream().map(HeldAddress::toString).toList()), restored);
    }

    @Override
    HookResult release(String instance) {
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (HeldAddress h : held) {
            if (!claims.release(h, instance)) {
                kept.add(h + " (still held by " + String.join(", ", claims.holders(h)) + ")");
                continue;
            }
            try {
                Optional<Link> link = kernel.link(h.interfaceName());
                if (link.isEmpty()) {
                    added.remove(h);
                    continue;   // the interface is gone, and its addresses with it
                }
                if (!ours(h, link.get().index())) {
                    continue;
                }
                kernel.deleteAddress(link.get().index(), h.address(), h.prefixLength());
                added.remove(h);
                removed.add(h.toString());
            } catch (KernelException e) {
                if (e.errno() != Errno.EADDRNOTAVAIL && e.errno() != Errno.ENOENT) {
                    failures.add("cannot remove " + h + ": " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            return new Failed(FailureReason.WITHDRAW_FAILED, String.join("; ", failures), Evidence.NONE);
        }
        return new Verified((removed.isEmpty() ? "nothing to remove" : "removed " + String.join(", ", removed))
                + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept)));
    }

    /** Whether vrrpd put {@code h} there: this process added it, or it carries vrrpd's tag. */
    private boolean ours(HeldAddress h, int ifindex) throws KernelException {
        if (added.contains(h)) {
            return true;
        }
        for (Address a : kernel.addresses(ifindex)) {
            if (a.address().equals(h.address())) {
                return a.protocol() == RouteSpec.PROTOCOL_VRRPD;
            }
        }
        return false;
    }
}
