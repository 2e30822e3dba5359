package io.vrrpd.daemon.config;

import java.util.List;

/** Registered in test resources under META-INF/services, as a plugin jar would be. */
public final class TestHookTypeProvider implements HookTypeProvider {

    /** Settings of the {@code test-log} hook type. */
    public record LogHook(String prefix) implements HookSettings {}

    @Override
    public List<HookType<?>> hookTypes() {
        return List.of(new HookType<LogHook>() {
            @Override
            public String name() {
                return "test-log";
            }

            @Override
            public Class<LogHook> settingsType() {
                return LogHook.class;
            }
        });
    }
}
