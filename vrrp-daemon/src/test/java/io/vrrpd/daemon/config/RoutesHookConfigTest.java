package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.base;
import static io.vrrpd.daemon.config.Configs.load;
import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.hooks.builtin.RoutesConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code routes} hook in a config file: the design's example loads, and every bad value is listed at its line. */
class RoutesHookConfigTest {

    @Test
    void theDesignExampleLoads() throws Exception {
        VrrpdConfig c = load(base("""
                hooks:
                  - type: routes
                    instances: [gw4]
                    routes: [{ to: 203.0.113.0/25, via: 198.51.100.1, dev: eth1, table: 100, metric: 10 },
                             { to: 198.51.100.128/25, type: blackhole }]
                    rules: [{ from: 192.0.2.0/24, table: 100, priority: 100 }]
                """));
        RoutesConfig r = assertInstanceOf(RoutesConfig.class, c.hooks().get(0).config());
        assertEquals(2, r.routes().size());
        assertEquals("100", r.routes().get(0).table());
        assertEquals("blackhole", r.routes().get(1).type());
        assertEquals("100", r.rules().get(0).priority());
    }

    @Test
    void everyBadValueIsListedWithItsLine() {
        List<ConfigProblem> p = problems(base("""
                hooks:
                  - type: routes
                    instances: [gw4]
                    routes:
                      - { to: 203.0.113.5/25, via: 198.51.100.1, table: 255 }
                      - { to: 198.51.100.128/25, type: blackhole, dev: eth1 }
                      - { to: 2001:db8:5::/48, dev: eth7 }
                    rules:
                      - { from: 192.0.2.0/24, to: 2001:db8::/32, table: 100, priority: 0 }
                """));
        assertEquals(List.of(
                "hooks[0].routes[0].to",
                "hooks[0].routes[0].table",
                "hooks[0].routes[1].dev",
                "hooks[0].rules[0].to",
                "hooks[0].rules[0].priority"), paths(p), () -> String.join("\n", p.stream().map(Object::toString).toList()));
        assertEquals(List.of(18, 18, 19, 22, 22), p.stream().map(ConfigProblem::line).toList(), p::toString);
        assertTrue(p.get(0).toString().contains("203.0.113.0/25"), p.get(0)::toString);
    }

    @Test
    void aDevThatIsNotOnThisHostIsRefusedOnceTheValuesAreGood() {
        List<ConfigProblem> p = problems(base("""
                hooks:
                  - type: routes
                    instances: [gw4]
                    routes: [{ to: 2001:db8:5::/48, dev: eth7 }]
                """));
        assertEquals(List.of("hooks[0].routes[0].dev"), paths(p), p::toString);
        assertTrue(p.get(0).toString().contains("\"eth7\" does not exist"), p.get(0)::toString);
    }

    @Test
    void offlineTheDevsAreListedAsUnchecked() {
        ConfigReport report = ConfigLoader.withBuiltInHooks().check(Configs.FILE, base("""
                hooks:
                  - type: routes
                    instances: [gw4]
                    routes: [{ to: 2001:db8:5::/48, dev: eth7 }, { to: 203.0.113.0/25, type: blackhole }]
                """), Host.OFFLINE);
        assertTrue(report.valid(), report.problems()::toString);
        assertEquals(List.of("hooks[0].routes[0].dev"), report.skipped().stream()
                .filter(s -> s.fact().equals(SkippedCheck.INTERFACES) && s.path().startsWith("hooks")).map(SkippedCheck::path)
                .toList(), report.skipped()::toString);
    }

    @Test
    void anUnknownFieldIsNamed() {
        List<ConfigProblem> p = problems(base("""
                hooks:
                  - type: routes
                    instances: [gw4]
                    routes: [{ to: 203.0.113.0/25, gateway: 198.51.100.1 }]
                """));
        assertEquals(1, p.size(), p::toString);
        assertTrue(p.get(0).path().startsWith("hooks[0].routes[0]"), p::toString);
        assertTrue(p.get(0).toString().contains("gateway"), p::toString);
    }
}
