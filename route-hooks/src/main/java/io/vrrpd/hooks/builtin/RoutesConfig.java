package io.vrrpd.hooks.builtin;

import io.vrrpd.hooks.HookConfig;

import java.util.List;

/**
 * The settings of the {@code routes} hook, as the YAML has them: any routes and policy rules,
 * installed while a bound instance is master. Values are kept as written (text), so that
 * {@link RoutesProvider#validate} can report every bad one at once, each at its own path;
 * {@link WantedRoutes#of} turns an accepted config into kernel objects. docs/hooks.md and
 * docs/configuration.md describe every field.
 *
 * @param instances  instance names the hook is bound to
 * @param syncGroups sync-group names (all members are bound)
 * @param routes     the routes, at least one of routes and rules
 * @param rules      the policy rules
 */
public record RoutesConfig(List<String> instances, List<String> syncGroups, List<Route> routes, List<Rule> rules)
        implements HookConfig {
    public RoutesConfig {
        instances = instances == null ? List.of() : List.copyOf(instances);
        syncGroups = syncGroups == null ? List.of() : List.copyOf(syncGroups);
        routes = routes == null ? List.of() : List.copyOf(routes);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /**
     * One route ({@code ip route replace TO [via VIA] [dev DEV] table TABLE metric METRIC}).
     *
     * @param to     destination prefix, {@code 203.0.113.0/25} (an address alone is a host route), or
     *               {@code default} with a {@code via}
     * @param via    next hop, of the destination's family (unicast only)
     * @param dev    outgoing interface by name (unicast only); {@code via}, {@code dev} or both
     * @param table  {@code main} (default) or 1-4294967295 other than 255
     * @param metric 0 (default) to 4294967295
     * @param type   {@code unicast} (default), {@code blackhole}, {@code unreachable} or {@code prohibit}
     */
    public record Route(String to, String via, String dev, String table, String metric, String type) {
    }

    /**
     * One policy rule ({@code ip rule add from FROM to TO table TABLE priority PRIORITY}).
     *
     * @param from     source prefix; {@code from}, {@code to} or both
     * @param to       destination prefix, of the same family as {@code from}
     * @param table    the table looked up: {@code main} or 1-4294967295 other than 255 (required)
     * @param priority 1 to 4294967295; absent: the kernel chooses (just before its first rule)
     */
    public record Rule(String from, String to, String table, String priority) {
    }
}
