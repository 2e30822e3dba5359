package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.hooks.kernel.Link;

import java.util.ArrayList;
import java.util.List;

/**
 * The built-in {@code routes} hook type: any routes ({@code routes:}) and policy rules
 * ({@code rules:}) held while a bound instance is master, as keepalived's {@code virtual_routes}
 * and {@code virtual_rules} are. Routes and rules may be of either family, whatever the family of
 * the instances.
 */
public final class RoutesProvider implements HookProvider<RoutesConfig> {
    public static final String TYPE = "routes";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Class<RoutesConfig> configType() {
        return RoutesConfig.class;
    }

    @Override
    public List<HookConfigProblem> validate(RoutesConfig c, List<InstanceRef> instances) {
        List<HookConfigProblem> problems = new ArrayList<>();
        if (c.instances().isEmpty() && c.syncGroups().isEmpty()) {
            problems.add(new HookConfigProblem("instances", "the hook is bound to nothing",
                    "instances or sync-groups naming at least one instance"));
        }
        if (c.routes().isEmpty() && c.rules().isEmpty()) {
            problems.add(new HookConfigProblem("routes", "the hook has neither routes nor rules",
                    "routes: [{to: 203.0.113.0/25, via: 198.51.100.1}], rules: [{from: 192.0.2.0/24, table: 100}], or both"));
        }
        WantedRoutes.read(c, problems);
        return problems;
    }

    /** Every {@code dev} must be an interface of this host. */
    @Override
    public List<HookConfigProblem> checkOnHost(RoutesConfig c, List<Link> links) {
        List<HookConfigProblem> problems = new ArrayList<>();
        for (int i = 0; i < c.routes().size(); i++) {
            String dev = c.routes().get(i).dev();
            if (dev != null) {
                String at = "routes[" + i + "].dev";
                new InterfaceSelector.ByName(dev).mismatchIn(links)
                        .ifPresent(m -> problems.add(new HookConfigProblem(at, m.message(), m.expected())));
            }
        }
        return problems;
    }

    @Override
    public Hook create(RoutesConfig config, HookContext context) {
        return new RoutesHook(WantedRoutes.of(config), context.kernel());
    }
}
