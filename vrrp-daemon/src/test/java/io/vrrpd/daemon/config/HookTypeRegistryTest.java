package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.base;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A third-party hook type binds its own record, with unknown fields refused and its own checks run. */
class HookTypeRegistryTest {

    /** What a provider jar would contribute. */
    record SlackHook(String channel, InetAddress relay, Duration timeout, int retries) implements HookSettings {
        SlackHook {
            if (!channel.startsWith("#")) {
                throw new IllegalArgumentException("channel \"" + channel + "\" does not start with #");
            }
        }
    }

    static final HookType<SlackHook> SLACK = new HookType<>() {
        @Override
        public String name() {
            return "slack";
        }

        @Override
        public Class<SlackHook> settingsType() {
            return SlackHook.class;
        }

        @Override
        public void check(SlackHook s, HookContext context) {
            if (context.boundInstances().size() > 1) {
                context.problem("channel", "one channel per instance", "bind a single instance");
            }
        }
    };

    private final ConfigLoader loader = new ConfigLoader(HookTypeRegistry.builtIns().with(SLACK));

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
        assertEquals(new SlackHook("#noc", InetAddress.getByName("192.0.2.50"), Duration.ofMillis(1500), 3),
                c.hooks().get(0).settings(SlackHook.class));
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
    void thirdPartyConstructorAndCheckProblemsAreReported() {
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
    }

    @Test
    void unknownTypeListsRegisteredTypesIncludingThirdParty() {
        List<ConfigProblem> p = Configs.problems(loader, base("""
                hooks:
                  - type: slak
                    instances: [gw4]
                """));
        assertEquals("one of the hook types: default-gateway, exec, slack", p.get(0).hint());
        assertTrue(p.get(0).message().contains("did you mean slack?"), p.get(0).message());
    }

    @Test
    void providersOnTheClassPathAreDiscovered(@TempDir Path dir) throws Exception {
        HookTypeRegistry r = HookTypeRegistry.discover(getClass().getClassLoader());
        List<String> names = List.copyOf(r.names());
        assertEquals(List.of("default-gateway", "exec"), names.subList(0, 2), "built-ins first: " + names);
        assertTrue(names.contains("test-log"), names.toString());
        Path f = Files.writeString(dir.resolve("gw.yaml"), base("""
                hooks:
                  - type: test-log
                    sync-groups: [gw]
                    prefix: "vrrp: "
                """));
        VrrpdConfig c = ConfigLoader.load(f, Configs.LAB);
        PluginHookSettings settings = c.hooks().get(0).settings(PluginHookSettings.class);
        assertEquals("test-log", settings.provider().type());
        assertEquals("vrrp: ", ((TestLogHookProvider.LogConfig) settings.config()).prefix());
        assertEquals(2, c.boundInstances(c.hooks().get(0)).size());
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
        assertTrue(e.problems().get(0).message().contains("empty prefix"), e.problems().get(0).message());
    }

    @Test
    void aTypeCannotBeRegisteredTwice() {
        assertThrows(IllegalArgumentException.class, () -> HookTypeRegistry.builtIns().with(ExecHook.TYPE));
    }
}
