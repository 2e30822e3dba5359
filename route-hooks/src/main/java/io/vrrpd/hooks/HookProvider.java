package io.vrrpd.hooks;

import io.vrrpd.hooks.kernel.Link;

import java.util.List;

/**
 * A kind of hook, found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.vrrpd.hooks.HookProvider}), on the classpath or in a jar in the
 * plugin directory ({@link HookProviders}). The built-ins, {@code default-gateway}, {@code exec}
 * and {@code routes}, are providers like any other.
 *
 * <p>The daemon reads each {@code hooks:} entry whose {@code type} is {@link #type()} into
 * {@link #configType()} (a plugin's record is bound with Jackson: kebab-case names, unknown fields
 * refused, durations from {@code "2s"} / {@code "100ms"}), resolves its instance and sync-group
 * names, then calls {@link #validate} — and, on the host it will run on, {@link #checkOnHost} — at
 * load and at {@code vrrpd --check}; only a config without problems is passed to {@link #create}.
 * Everything that can be wrong with a config must be found there, never when a failover happens.
 *
 * @param <C> the config record
 */
public interface HookProvider<C extends Record & HookConfig> {
    /** The {@code type:} value in the config, e.g. {@code default-gateway}; unique among providers. */
    String type();

    /** The record the hook's YAML node is read into. */
    Class<C> configType();

    /**
     * Problems with {@code config} for hooks bound to {@code instances} (already resolved);
     * empty when it can be created. Judges the values alone: must not look at the machine
     * (interfaces, files, the network), since {@code vrrpd --check --offline} runs it on another.
     */
    List<HookConfigProblem> validate(C config, List<InstanceRef> instances);

    /**
     * Problems that only the machine the daemon runs on can reveal: an interface the config names
     * that is not among {@code links} (the interfaces present), a program that does not exist.
     * Called after {@link #validate} found none, at load and by {@code vrrpd --check} on the router;
     * {@code --check --offline} skips it and says so.
     */
    default List<HookConfigProblem> checkOnHost(C config, List<Link> links) {
        return List.of();
    }

    /** Builds the hook; called only with a config {@link #validate} accepted. */
    Hook create(C config, HookContext context);

    /** {@link #validate} for a record read by the daemon as {@link #configType()}. */
    default List<HookConfigProblem> validateBound(Record config, List<InstanceRef> instances) {
        return validate(cast(config), instances);
    }

    /** {@link #checkOnHost} for a record read by the daemon as {@link #configType()}. */
    default List<HookConfigProblem> checkOnHostBound(Record config, List<Link> links) {
        return checkOnHost(cast(config), links);
    }

    /** {@link #create} for a record read by the daemon as {@link #configType()}. */
    default Hook createBound(Record config, HookContext context) {
        return create(cast(config), context);
    }

    private C cast(Record config) {
        if (!configType().isInstance(config)) {
            throw new IllegalArgumentException("hook type " + type() + " takes " + configType().getName()
                    + " (got: " + (config == null ? "null" : config.getClass().getName()) + ")");
        }
        return configType().cast(config);
    }
}
