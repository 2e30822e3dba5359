package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.Evidence;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookResult.Failed;
import io.vrrpd.hooks.HookResult.FailureReason;
import io.vrrpd.hooks.HookResult.Verified;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelEvent;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.RouteSpec;
import io.vrrpd.hooks.kernel.RuleSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code routes} hook: while a bound instance is master, its routes (of any type) and policy
 * rules are in the kernel, tagged with vrrpd's protocol (200); when no instance that names one is
 * master any more ({@link RouteClaims}), it is removed. What the kernel loses is restored by
 * {@link #reverify}, which the daemon calls periodically and at once when {@link #affectedBy}
 * sees a deletion; verification is that each one is listed by the kernel as installed.
 * See docs/hooks.md.
 */
final class RoutesHook extends HeldWhileMaster {
    private final Kernel kernel;
    private final WantedRoutes wanted;
    private final RouteClaims claims;
    /** Indexes of the interfaces the routes name, when last looked up; read without the lock by {@link #affectedBy}. */
    private final Set<Integer> devIndexes = ConcurrentHashMap.newKeySet();

    RoutesHook(WantedRoutes wanted, Kernel kernel) {
        this.kernel = kernel;
        this.wanted = wanted;
        this.claims = RouteClaims.of(kernel);
    }

    @Override
    public String describe() {
        return "routes (" + wanted.routes().size() + " routes, " + wanted.rules().size() + " rules)";
    }

    @Override
    void claim(String instance) {
        wanted.routes().forEach(r -> claims.claim(r, instance));
        wanted.rules().forEach(r -> claims.claim(r, instance));
    }

    /**
     * One of our routes or rules deleted, a route of another program put in the place of one of
     * ours, a change to an interface our routes use (the kernel drops routes over a link that goes
     * down or loses its address, without always saying so), or lost events.
     */
    @Override
    public boolean affectedBy(KernelEvent event) {
        if (event instanceof KernelEvent.RouteDeleted d) {
            return d.route().installedByVrrpd() && wanted.routes().stream().anyMatch(w -> w.samePlace(d.route()));
        } else if (event instanceof KernelEvent.RouteAdded a) {
            return !a.route().installedByVrrpd() && wanted.routes().stream().anyMatch(w -> w.samePlace(a.route()));
        } else if (event instanceof KernelEvent.RuleDeleted d) {
            return d.rule().installedByVrrpd() && wanted.rules().stream().anyMatch(w -> sameRule(w, d.rule()));
        } else if (event instanceof KernelEvent.LinkChanged c) {
            return devIndexes.contains(c.link().index());
        } else if (event instanceof KernelEvent.LinkRenamed r) {
            return devIndexes.contains(r.index()) || wanted.routes().stream().anyMatch(w -> r.newName().equals(w.dev()));
        } else if (event instanceof KernelEvent.LinkDeleted d) {
            return devIndexes.contains(d.index());
        } else if (event instanceof KernelEvent.LinkAdded a) {
            return wanted.routes().stream().anyMatch(w -> a.link().name().equals(w.dev()));
        } else if (event instanceof KernelEvent.AddressDeleted d) {
            return devIndexes.contains(d.address().ifindex());
        } else if (event instanceof KernelEvent.AddressAdded a) {
            return devIndexes.contains(a.address().ifindex());
        }
        return event instanceof KernelEvent.EventsLost;
    }

    // ---------------------------------------------------------------- install, verify, remove

    /** Verified when the kernel lists all of it (tagged 200, same place, type, gateway and, when named, dev). */
    @Override
    HookResult ensure(String instance, boolean takingOver) {
        List<WantedRoute> routes = wanted.routes().stream().filter(r -> claims.holds(r, instance)).toList();
        List<RuleSpec> rules = wanted.rules().stream().filter(r -> claims.holds(r, instance)).toList();
        if (routes.isEmpty() && rules.isEmpty()) {
            return new Verified("nothing held: " + instance + " is not master");
        }
        List<String> restored = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<RouteSpec> present;
        List<RuleSpec> presentRules;
        try {
            present = routes.isEmpty() ? List.of() : kernel.routes();
            presentRules = rules.isEmpty() ? List.of() : kernel.rules();
        } catch (KernelException e) {
            return new Failed(FailureReason.ROUTE_NOT_INSTALLED, "cannot list the kernel's routes and rules: "
                    + e.getMessage(), Evidence.NONE);
        }
        for (WantedRoute w : routes) {
            try {
                int ifindex = ifindexOf(w);
                RouteSpec spec = w.spec(ifindex);
                Optional<RouteSpec> listed = present.stream()
                        .filter(r -> r.installedByVrrpd() && w.isListedAs(r, ifindex)).findFirst();
                if (listed.isPresent()) {
                    devIndexes.add(listed.get().ifindex());   // via a gateway alone: the interface the kernel chose
                    continue;
                }
                Optional<RouteSpec> foreign = present.stream().filter(r -> !r.installedByVrrpd() && w.samePlace(r)).findFirst();
                if (foreign.isPresent()) {
                    if (!w.isListedAs(foreign.get(), ifindex)) {
                        failures.add(foreign.get() + " was not added by vrrpd and is in the place of " + w
                                + ": it is neither replaced nor removed; remove it, or give this route another metric");
                    }
                    continue;   // the same route, added by someone else: used as it is
                }
                kernel.replaceRoute(spec);
                if (!takingOver) {
                    restored.add(w + " (was missing from the kernel)");
                }
            } catch (KernelException | MissingInterface e) {
                failures.add("cannot install " + w + ": " + e.getMessage());
            }
        }
        for (RuleSpec rule : rules) {
            if (presentRules.stream().anyMatch(r -> r.installedByVrrpd() && sameRule(rule, r))) {
                continue;
            }
            try {
                kernel.addRule(rule);
                if (!takingOver) {
                    restored.add("rule " + rule + " (was missing from the kernel)");
                }
            } catch (KernelException e) {
                failures.add("cannot add rule " + rule + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            return new Failed(FailureReason.ROUTE_NOT_INSTALLED, String.join("; ", failures),
                    new Evidence(String.join("; ", failures), null, null), restored);
        }
        return new Verified(routes.size() + " routes and " + rules.size() + " rules " + (takingOver ? "installed" : "verified") + " for " + instance
                + (routes.isEmpty() ? "" : ": " + String.join(", ", routes.stream().map(WantedRoute::toString).toList())),
                restored);
    }

    @Override
    HookResult release(String instance) {
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (WantedRoute w : wanted.routes()) {
            if (!claims.release(w, instance)) {
                kept.add(w + " (still needed by " + String.join(", ", claims.holders(w)) + ")");
                continue;
            }
            try {
                Optional<Link> dev = w.dev() == null ? Optional.empty() : kernel.link(w.dev());
                if (w.dev() != null && dev.isEmpty()) {
                    continue;   // the interface is gone, and its routes with it
                }
                kernel.deleteRoute(w.spec(dev.map(Link::index).orElse(0)));
                removed.add(w.toString());
            } catch (KernelException e) {
                if (e.errno() != Errno.ESRCH && e.errno() != Errno.ENOENT) {
                    failures.add("cannot remove " + w + ": " + e.getMessage());
                }
            }
        }
        for (RuleSpec rule : wanted.rules()) {
            if (!claims.release(rule, instance)) {
                kept.add("rule " + rule + " (still needed by " + String.join(", ", claims.holders(rule)) + ")");
                continue;
            }
            try {
                kernel.deleteRule(rule);
                removed.add("rule " + rule);
            } catch (KernelException e) {
                if (e.errno() != Errno.ENOENT && e.errno() != Errno.ESRCH) {
                    failures.add("cannot remove rule " + rule + ": " + e.getMessage());
                }
            }
        }
        if (!failures.isEmpty()) {
            return new Failed(FailureReason.WITHDRAW_FAILED, String.join("; ", failures), Evidence.NONE);
        }
        return new Verified((removed.isEmpty() ? "nothing to remove" : "removed " + String.join(", ", removed))
                + (kept.isEmpty() ? "" : "; kept " + String.join(", ", kept)));
    }

    /** A rule as the kernel lists it: with the priority it chose when ours gave none. */
    private static boolean sameRule(RuleSpec ours, RuleSpec listed) {
        return ours.equals(listed) || (ours.priority() == 0 && ours.equals(new RuleSpec(listed.family(), listed.from(),
                listed.fromLength(), listed.to(), listed.toLength(), listed.table(), 0, listed.protocol())));
    }

    private static final class MissingInterface extends Exception {
        private static final long serialVersionUID = 1L;

        MissingInterface(String dev) {
            super("interface " + dev + " does not exist (renamed or removed?)");
        }
    }

    private int ifindexOf(WantedRoute w) throws KernelException, MissingInterface {
        if (w.dev() == null) {
            return 0;
        }
        Link link = kernel.link(w.dev()).orElseThrow(() -> new MissingInterface(w.dev()));
        devIndexes.add(link.index());
        return link.index();
    }
}
