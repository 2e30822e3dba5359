package io.vrrpd.hooks.builtin;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.HookConfigProblem;
import io.vrrpd.hooks.InstanceRef;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.OnBackup;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Probe;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeSource;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.ProbeType;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig.Verify;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.OperState;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.vrrpd.hooks.builtin.GatewayLab.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default-gateway hook's defaults and rules, on records alone: no kernel, no root. */
class DefaultGatewayProviderTest {
    private static final InstanceRef GW4 = new InstanceRef("gw4", AddressFamily.IPV4, 51, "lan0");
    private static final InstanceRef GW6 = new InstanceRef("gw6", AddressFamily.IPV6, 51, "lan0");
    private static final DefaultGatewayProvider PROVIDER = new DefaultGatewayProvider();

    private static List<String> paths(List<HookConfigProblem> problems) {
        return problems.stream().map(HookConfigProblem::path).toList();
    }

    private static DefaultGatewayConfig config(Long table, Integer demoteBy, Verify verify, OnBackup onBackup,
                                               Duration holdDown) {
        return new DefaultGatewayConfig(List.of("gw4"), null, addr("198.51.100.1"), new InterfaceSelector.ByName("up0"),
                table, null, verify, null, demoteBy, onBackup, holdDown);
    }

    @Test
    void absentFieldsTakeTheDefaultsAndPass() {
        DefaultGatewayConfig c = DefaultGatewayConfig.of(List.of("gw4"), addr("198.51.100.1"), "up0");
        assertEquals(List.of(), c.syncGroups());
        assertEquals(254L, c.table());
        assertEquals(0L, c.metric());
        assertEquals(true, c.verify().fib());
        assertEquals(true, c.verify().neighbor());
        assertEquals(null, c.verify().probe());
        assertEquals(Duration.ofSeconds(2), c.verify().timeout());
        assertEquals(Duration.ofSeconds(10), c.verify().interval());
        assertEquals(FailurePolicy.Action.DEMOTE, c.onFailure());
        assertEquals(254, c.demoteBy(), "a demoted router goes down to priority 1, whatever its peer's priority");
        assertEquals(OnBackup.WITHDRAW, c.onBackup());
        assertEquals(Duration.ofSeconds(10), c.holdDown());
        assertEquals(FailurePolicy.DEFAULT, c.failurePolicy());
        assertEquals(List.of(), PROVIDER.validate(c, List.of(GW4)));
    }

    @Test
    void theDefaultTableIsAcceptedAndTheLocalTableIsNot() {
        assertEquals(List.of(), PROVIDER.validate(config(253L, null, null, null, null), List.of(GW4)),
                "253, the kernel's 'default' table, is a fallback behind main: allowed");
        List<HookConfigProblem> local = PROVIDER.validate(config(255L, null, null, null, null), List.of(GW4));
        assertEquals(List.of("table"), paths(local));
        assertTrue(local.get(0).message().contains("local table"), local::toString);
        assertEquals(List.of("table"), paths(PROVIDER.validate(config(0L, null, null, null, null), List.of(GW4))));
        assertEquals(List.of("table"), paths(PROVIDER.validate(config(1L << 32, null, null, null, null), List.of(GW4))));
    }

    @Test
    void demoteByIsOneTo254() {
        assertEquals(List.of(), PROVIDER.validate(config(null, 1, null, null, null), List.of(GW4)));
        assertEquals(List.of(), PROVIDER.validate(config(null, 254, null, null, null), List.of(GW4)));
        assertEquals(List.of(new HookConfigProblem("demote-by", "0 is out of range", "1-254")),
                PROVIDER.validate(config(null, 0, null, null, null), List.of(GW4)));
        assertEquals(List.of("demote-by"), paths(PROVIDER.validate(config(null, 255, null, null, null), List.of(GW4))));
    }

    @Test
    void everyProblemIsNamedWithItsPath() {
        Verify verify = new Verify(null, null, new Probe(ProbeType.ICMP, addr("2001:db8:99::1"), 7, ProbeSource.VIP),
                Duration.ofSeconds(20), null);
        DefaultGatewayConfig c = new DefaultGatewayConfig(List.of("gw4", "gw6"), null, addr("198.51.100.1"),
                new InterfaceSelector.ByName("up0"), 255L, -1L, verify, null, 300, OnBackup.via(addr("2001:db8::2")),
                Duration.ofHours(2));
        List<HookConfigProblem> problems = PROVIDER.validate(c, List.of(GW4, GW6));
        assertEquals(List.of("gateway", "table", "metric", "demote-by", "hold-down", "verify.timeout",
                "verify.probe.target", "verify.probe.port", "verify.probe.source", "on-backup.via.gateway"), paths(problems),
                problems::toString);
        assertEquals(new HookConfigProblem("gateway", "gateway 198.51.100.1 is ipv4 but instance gw6 is ipv6",
                "an ipv6 gateway, or bind only ipv4 instances"), problems.get(0));
        assertTrue(problems.get(5).message().contains("longer than interval 10s"), problems.get(5)::toString);

        List<HookConfigProblem> bare = PROVIDER.validate(new DefaultGatewayConfig(null, null, null, null, null, null,
                new Verify(false, false, null, null, null), null, null, null, null), List.of());
        assertEquals(List.of("instances", "gateway", "interface", "verify"), paths(bare));

        List<HookConfigProblem> tcp = PROVIDER.validate(config(null, null,
                Verify.DEFAULT.withProbe(new Probe(ProbeType.TCP, addr("203.0.113.1"), null, null)), null, null), List.of(GW4));
        assertEquals(List.of(new HookConfigProblem("verify.probe.port", "a tcp probe needs a port", "port: 1-65535")), tcp);

        List<HookConfigProblem> slow = PROVIDER.validate(config(null, null,
                new Verify(null, null, null, Duration.ofSeconds(5), Duration.ofSeconds(1)), null, null), List.of(GW4));
        assertEquals(List.of(new HookConfigProblem("verify.timeout", "timeout 5s is longer than interval 1s",
                "a timeout no longer than verify.interval")), slow);

        assertEquals(List.of("on-backup.via.gateway"), paths(PROVIDER.validate(config(null, null, null,
                OnBackup.via(addr("198.51.100.1")), null), List.of(GW4))), "via the gateway itself changes nothing");
    }

    @Test
    void onTheHostTheUplinkMustBeOneInterfacePresent() {
        List<Link> present = List.of(
                new Link(1, "lo", MacAddress.parse("00:00:00:00:00:00"), true, true, true, OperState.UNKNOWN, 65536),
                new Link(2, "up0", MacAddress.parse("52:54:00:ab:cd:ef"), true, true, true, OperState.UP, 1500));
        assertEquals(List.of(), PROVIDER.checkOnHost(config(null, null, null, null, null), present));
        DefaultGatewayConfig byMac = new DefaultGatewayConfig(List.of("gw4"), null, addr("198.51.100.1"),
                InterfaceSelector.ByMac.parse("52:54:00:AB:CD:EF"), null, null, null, null, null, null, null);
        assertEquals(List.of(), PROVIDER.checkOnHost(byMac, present));
        DefaultGatewayConfig missing = new DefaultGatewayConfig(List.of("gw4"), null, addr("198.51.100.1"),
                new InterfaceSelector.ByName("up9"), null, null, null, null, null, null, null);
        assertEquals(List.of(new HookConfigProblem("interface", "interface \"up9\" does not exist",
                "one of the interfaces present: lo (00:00:00:00:00:00), up0 (52:54:00:ab:cd:ef)")),
                PROVIDER.checkOnHost(missing, present));
        assertEquals(List.of(), PROVIDER.validate(missing, List.of(GW4)), "validate does not look at the host");
    }
}
