package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.base;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.hooks.Hook;
import io.vrrpd.hooks.HookConfig;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.HookContext;
import io.vrrpd.hooks.HookLoadException;
import io.vrrpd.hooks.HookProvider;
import io.vrrpd.hooks.HookProviders;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.builtin.DefaultGatewayProvider;
import io.vrrpd.hooks.builtin.ExecHookProvider;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A third-party hook type binds its own record, with unknown fields refused and its own rules run. */
class PluginHookTypesTest {

    /** What a provider jar would contribute. */
    record SlackConfig(List<String> instances, List<String> syncGroups, String channel, InetAddress relay,
                       Duration timeout, int retries) implements HookConfig {
        SlackConfig {
            if (!channel.startsWith("#")) {
                throw new IllegalArgumentException("channel \"" + channel + "\" does not start with #");
            }
        }
    }

    static final class Slack implements HookProvider<SlackConfig> {
        @Override
        public String type() {
            return "slack";
        }

        @Override
        public Class<SlackConfig> configType() {
            return SlackConfig.class;
        }

        @Override
        public List<HookConfigProblem> validate(SlackConfig c, List<InstanceRef> instances) {
            return instances.size() > 1 ? List.of(new HookConfigProblem("channel", "one channel per instance",
                    "bind a single instance")) : List.of();
        }

        @Override
        public Hook create(SlackConfig config, HookContext context) {
            throw new UnsupportedOperationException();
        }
    }

    private final ConfigLoader loader = new ConfigLoader(providers(new DefaultGatewayProvider(), new ExecHookProvider(),
            new Slack()));

    private static HookProviders providers(HookProvider<?>... providers) {
        try {
            return HookProviders.of(List.of(providers));
        } catch (HookLoadException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void thirdPartyTypeBindsKebabCaseWithDurationsAndAddresses() throws Exception {
        VrrpdConfig c = loader.parse(Configs.FILE, base("""
                hooks:
                  - type: slack
                    instances: [gw4]
                    channel: "#noc"
                    relay: 192.0.2.50
                    timeout: 1.5s
                    retries: 3
                """), Configs.LAB);
        assertEquals(new SlackConfig(List.of("gw4"), null, "#noc", InetAddress.getByName("192.0.2.50"),
                        Duration.ofMillis(1500), 3), c.hooks().get(0).config(SlackConfig.class));
        assertEquals(List.of("gw4"), c.hooks().get(0).instances());
    }

    @Test
    void thirdPartyUnknownFieldsAreAllReported() {
        List<ConfigProblem> p = Configs.problems(loader, base("""
                hooks:
                  - type: slack
                    instances: [gw4]
                    channel: "#noc"
                    chanel: "#ops"
                    retry: 2
                """));
        assertEquals(List.of("hooks[0].chanel", "hooks[0].retry"), Configs.paths(p));
        assertTrue(p.get(0).message().contains("did you mean channel?"), p.get(0).message());
    }

    @Test
    void thirdPartyBindingErrorsCarryThePathAndLine() {
        List<ConfigProblem> p = Configs.problems(loader, base("""
                hooks:
                  - type: slack
                    instances: [gw4]
                    channel: "#noc"
                    relay: 192.0.2.50
                    timeout: 100
                    retries: 3
                """));
        assertEquals(List.of("hooks[0].timeout"), Configs.paths(p));
        assertTrue(p.get(0).message().contains("\"100\" is not a duration"), p.get(0).message());
        assertEquals(13 + 6, p.get(0).line());
    }

    @Test
    void thirdPartyConstructorAndValidateProblemsAreReported() {
        List<ConfigProblem> bad = Configs.problems(loader, base("""
                hooks:
                  - type: slack
                    instances: [gw4]
                    channel: noc
                    relay: 192.0.2.50
                    timeout: 1s
                    retries: 3
                """));
        assertEquals("channel \"noc\" does not start with #", bad.get(0).message());
        assertEquals("hooks[0]", bad.get(0).path());

        List<ConfigProblem> checked = Configs.problems(loader, base("""
                hooks:
                  - type: slack
                    sync-groups: [gw]
                    channel: "#noc"
                    relay: 192.0.2.50
                    timeout: 1s
                    retries: 3
                """));
        assertEquals(List.of("hooks[0].channel"), Configs.paths(checked));
        assertEquals("bind a single instance", checked.get(0).hint());
    }

    @Test
    void unknownTypeListsTheTypesBuiltInsFirst() {
        List<ConfigProblem> p = Configs.problems(new ConfigLoader(providers(new Slack(), new DefaultGatewayProvider(),
                new ExecHookProvider())), base("""
                hooks:
                  - type: slak
                    instances: [gw4]
                """));
        assertEquals("one of the hook types: default-gateway, exec, slack", p.get(0).hint());
        assertTrue(p.get(0).message().contains("did you mean slack?"), p.get(0).message());
    }

    @Test
    void providersOnTheClassPathAreDiscovered(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("gw.yaml"), base("""
                hooks:
                  - type: test-log
                    sync-groups: [gw]
                    prefix: "vrrp: "
                """));
        VrrpdConfig c = ConfigLoader.load(f, Configs.LAB);
        HookEntry hook = c.hooks().get(0);
        assertEquals("test-log", hook.type());
        assertEquals("vrrp: ", hook.config(TestLogHookProvider.LogConfig.class).prefix());
        assertEquals(List.of("gw"), hook.syncGroups());
        assertEquals(2, c.boundInstances(hook).size());
    }

    @Test
    void aProviderRefusingItsConfigIsAProblemAtLoadNotAtFailover(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("gw.yaml"), base("""
                hooks:
                  - type: test-log
                    sync-groups: [gw]
                    prefix: " "
                """));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.load(f, Configs.LAB));
        assertEquals(List.of("hooks[0].prefix"), Configs.paths(e.problems()));
        assertEquals("an empty prefix", e.problems().get(0).message());
        assertEquals("some text", e.problems().get(0).hint());
    }

    @Test
    void aTypeCannotBeProvidedTwice() {
        assertThrows(HookLoadException.class, () -> HookProviders.of(List.of(new ExecHookProvider(), new ExecHookProvider())));
    }
}
