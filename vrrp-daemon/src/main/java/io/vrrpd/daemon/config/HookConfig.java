package io.vrrpd.daemon.config;

import java.util.List;
import java.util.Objects;

/**
 * One entry of the {@code hooks} list: which instances it is bound to, directly or through
 * sync groups (every name checked at load time), and its typed settings.
 *
 * @param index      position in the {@code hooks} list, as in {@code hooks[1]}
 * @param type       the {@code type} discriminator, e.g. {@code default-gateway}
 * @param instances  instance names bound directly
 * @param syncGroups sync-group names whose members are bound
 * @param settings   the settings, an instance of the type's {@link HookType#settingsType()}
 */
public record HookConfig(int index, String type, List<String> instances, List<String> syncGroups,
        HookSettings settings) {

    public HookConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(settings, "settings");
        instances = List.copyOf(instances);
        syncGroups = List.copyOf(syncGroups);
    }

    /** The settings as {@code type}, e.g. {@code hook.settings(DefaultGatewayHook.class)}. */
    public <S extends HookSettings> S settings(Class<S> type) {
        return type.cast(settings);
    }
}
