package io.vrrpd.hooks;

import java.time.Duration;
import java.util.List;

/** A provider on the test classpath, found through src/test/resources/META-INF/services. */
public final class TestEchoProvider implements HookProvider<TestEchoProvider.Config> {
    public record Config(List<String> instances, List<String> syncGroups, String say) implements HookConfig {
    }

    @Override
    public String type() {
        return "test-echo";
    }

    @Override
    public Class<Config> configType() {
        return Config.class;
    }

    @Override
    public List<HookConfigProblem> validate(Config config, List<InstanceRef> instances) {
        return config.say() == null ? List.of(new HookConfigProblem("say", "missing", "any text")) : List.of();
    }

    @Override
    public Hook create(Config config, HookContext context) {
        return new Hook() {
            @Override
            public HookResult onTransition(TransitionEvent event, Deadline deadline) {
                return new HookResult.Verified(config.say() + " " + event.to().jsonName());
            }

            @Override
            public HookResult reverify(InstanceRef instance, Deadline deadline) {
                return new HookResult.Verified(config.say());
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(1);
            }

            @Override
            public String describe() {
                return "test-echo";
            }
        };
    }
}
