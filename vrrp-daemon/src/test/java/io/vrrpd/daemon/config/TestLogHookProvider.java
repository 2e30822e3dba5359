package io.vrrpd.daemon.config;

import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.Deadline;
import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookConfig;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.TransitionEvent;

import java.time.Duration;
import java.util.List;

/** A third-party provider, registered in test resources under META-INF/services as a plugin jar would be. */
public final class TestLogHookProvider implements HookProvider<TestLogHookProvider.LogConfig> {

    /** Settings of the {@code test-log} hook type. */
    public record LogConfig(List<String> instances, List<String> syncGroups, String prefix) implements HookConfig {
        public LogConfig {
            instances = instances == null ? List.of() : List.copyOf(instances);
            syncGroups = syncGroups == null ? List.of() : List.copyOf(syncGroups);
        }
    }

    @Override
    public String type() {
        return "test-log";
    }

    @Override
    public Class<LogConfig> configType() {
        return LogConfig.class;
    }

    @Override
    public List<HookConfigProblem> validate(LogConfig config, List<InstanceRef> instances) {
        return config.prefix() == null || config.prefix().isBlank()
                ? List.of(new HookConfigProblem("prefix", "an empty prefix", "some text")) : List.of();
    }

    @Override
    public Hook create(LogConfig config, HookContext context) {
        return new Hook() {
            @Override
            public HookResult onTransition(TransitionEvent event, Deadline deadline) {
                return new HookResult.Verified(config.prefix() + event.to());
            }

            @Override
            public HookResult reverify(InstanceRef instance, Deadline deadline) {
                return new HookResult.Verified(config.prefix() + "still fine");
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public String describe() {
                return "test-log " + config.prefix();
            }
        };
    }
}
