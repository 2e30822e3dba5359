package io.vrrpd.daemon.config;

/**
 * A kind of hook the config may name in {@code type}. Its settings bind to a record class
 * with kebab-case field names; fields the record does not have are refused. Built-ins are
 * {@code default-gateway} and {@code exec}; others are route-hooks {@link io.vrrpd.hooks.HookProvider}s
 * adapted by {@link PluginHookType}.
 *
 * @param <S> the settings record
 */
public interface HookType<S extends HookSettings> {

    /** The {@code type} value, e.g. {@code default-gateway}. */
    String name();

    /** The record the settings bind to. */
    Class<S> settingsType();

    /**
     * Checks that need the rest of the config (the bound instances, the interfaces present),
     * reporting each problem through {@code context}. Runs only when the settings bound.
     */
    default void check(S settings, HookContext context) {}

    /** The class the YAML is bound to; the settings record itself unless {@link #wrap} adapts it. */
    default Class<?> bindType() {
        return settingsType();
    }

    /** Turns the bound {@link #bindType()} object into the settings. */
    default S wrap(Object bound) {
        return settingsType().cast(bound);
    }
}
