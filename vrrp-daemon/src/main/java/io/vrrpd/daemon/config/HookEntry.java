package io.vrrpd.daemon.config;

import io.vrrpd.hooks.HookConfig;
import io.vrrpd.hooks.HookProvider;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the {@code hooks} list: its provider (the built-in {@code default-gateway} or
 * {@code exec}, or a plugin's) and the provider's config record, read from the file and accepted
 * by the provider. Which instances it is bound to, directly or through sync groups, is the
 * record's ({@link HookConfig}); every name was checked at load.
 *
 * @param index    position in the {@code hooks} list, as in {@code hooks[1]}
 * @param provider the hook type
 * @param config   an instance of the provider's {@link HookProvider#configType()}
 */
public record HookEntry(int index, HookProvider<?> provider, Record config) {

    public HookEntry {
        Objects.requireNonNull(provider, "provider");
        if (!provider.configType().isInstance(config)) {
            throw new IllegalArgumentException("hook type " + provider.type() + " takes " + provider.configType().getName());
        }
    }

    /** Equal when of the same type, at the same place, with equal configs (providers have no equality of their own). */
    @Override
    public boolean equals(Object o) {
        return o instanceof HookEntry h && h.index == index && h.type().equals(type()) && h.config.equals(config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, type(), config);
    }

    /** The {@code type} discriminator, e.g. {@code default-gateway}. */
    public String type() {
        return provider.type();
    }

    /** Instance names bound directly (a plugin's record may leave them null: none). */
    public List<String> instances() {
        List<String> names = ((HookConfig) config).instances();
        return names == null ? List.of() : names;
    }

    /** Sync-group names whose members are bound (a plugin's record may leave them null: none). */
    public List<String> syncGroups() {
        List<String> names = ((HookConfig) config).syncGroups();
        return names == null ? List.of() : names;
    }

    /** The config as {@code type}, e.g. {@code hook.config(DefaultGatewayConfig.class)}. */
    public <C extends Record> C config(Class<C> type) {
        return type.cast(config);
    }
}
