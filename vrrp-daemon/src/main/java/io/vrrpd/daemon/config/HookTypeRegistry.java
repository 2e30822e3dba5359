package io.vrrpd.daemon.config;

import io.vrrpd.hooks.HookProvider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/** Maps a hook's {@code type} to its {@link HookType}. Immutable; {@link #with} makes a new one. */
public final class HookTypeRegistry {

    private final Map<String, HookType<?>> types;

    private HookTypeRegistry(Map<String, HookType<?>> types) {
        this.types = types;
    }

    /** {@code default-gateway} and {@code exec}. */
    public static HookTypeRegistry builtIns() {
        return new HookTypeRegistry(new LinkedHashMap<>())
                .with(DefaultGatewayHook.TYPE)
                .with(ExecHook.TYPE);
    }

    /**
     * The built-ins and every third-party {@link HookProvider} visible to {@code loader}
     * (ServiceLoader, {@code META-INF/services/io.vrrpd.hooks.HookProvider}).
     */
    public static HookTypeRegistry discover(ClassLoader loader) {
        HookTypeRegistry r = builtIns();
        for (HookProvider<?> p : ServiceLoader.load(HookProvider.class, loader)) {
            if (!r.types.containsKey(p.type())) {
                r = r.with(new PluginHookType(p));
            }
        }
        return r;
    }

    /** The built-ins and the given third-party providers (e.g. from a plugin directory). */
    public static HookTypeRegistry of(java.util.Collection<? extends HookProvider<?>> providers) {
        HookTypeRegistry r = builtIns();
        for (HookProvider<?> p : providers) {
            if (!r.types.containsKey(p.type())) {
                r = r.with(new PluginHookType(p));
            }
        }
        return r;
    }

    /** This registry plus {@code type}; a name registered twice is a programming error. */
    public HookTypeRegistry with(HookType<?> type) {
        if (types.containsKey(type.name())) {
            throw new IllegalArgumentException("hook type \"" + type.name() + "\" is registered twice");
        }
        Map<String, HookType<?>> copy = new LinkedHashMap<>(types);
        copy.put(type.name(), type);
        return new HookTypeRegistry(copy);
    }

    public Optional<HookType<?>> lookup(String name) {
        return Optional.ofNullable(types.get(name));
    }

    /** Registered names, built-ins first. */
    public Set<String> names() {
        return types.keySet();
    }
}
