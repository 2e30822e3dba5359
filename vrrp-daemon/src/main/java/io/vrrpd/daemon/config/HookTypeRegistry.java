package io.vrrpd.daemon.config;

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

    /** The built-ins and every type from {@link HookTypeProvider}s visible to {@code loader}. */
    public static HookTypeRegistry discover(ClassLoader loader) {
        HookTypeRegistry r = builtIns();
        for (HookTypeProvider p : ServiceLoader.load(HookTypeProvider.class, loader)) {
            for (HookType<?> t : p.hookTypes()) {
                r = r.with(t);
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
