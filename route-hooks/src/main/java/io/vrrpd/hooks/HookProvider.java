package io.vrrpd.hooks;

import java.util.List;

/**
 * A kind of hook, found with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/io.vrrpd.hooks.HookProvider}), on the classpath or in a jar in the
 * plugin directory ({@link HookProviders}).
 *
 * <p>The daemon binds each {@code hooks:} entry whose {@code type} is {@link #type()} to
 * {@link #configType()} with Jackson (kebab-case names, unknown fields refused, durations from
 * {@code "2s"} / {@code "100ms"}), resolves its instance and sync-group names, then calls
 * {@link #validate} at load and at {@code vrrpd --check}; only a config without problems is
 * passed to {@link #create}. Everything that can be wrong with a config must be found there,
 * never when a failover happens.
 *
 * @param <C> the config record
 */
public interface HookProvider<C extends Record & HookConfig> {
    /** The {@code type:} value in the config, e.g. {@code default-gateway}; unique among providers. */
    String type();

    /** The record the hook's YAML node is bound to. */
    Class<C> configType();

    /**
     * Problems with {@code config} for hooks bound to {@code instances} (already resolved);
     * empty when it can be created. Must not touch the kernel or the network: {@code --check}
     * may run on another host.
     */
    List<ConfigProblem> validate(C config, List<InstanceRef> instances);

    /** Builds the hook; called only with a config {@link #validate} accepted. */
    Hook create(C config, HookContext context);

    /** {@link #validate} for a record bound by the daemon as {@link #configType()}. */
    default List<ConfigProblem> validateBound(Record config, List<InstanceRef> instances) {
        return validate(cast(config), instances);
    }

    /** {@link #create} for a record bound by the daemon as {@link #configType()}. */
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
