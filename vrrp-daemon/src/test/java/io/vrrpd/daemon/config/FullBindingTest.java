package io.vrrpd.daemon.config;

import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig;
import io.vrrpd.hooks.builtin.ExecHookConfig;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import static io.vrrpd.daemon.config.Configs.base;
import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every optional field, set to a non-default value, binds to what was written. */
class FullBindingTest {

    @Test
    void everyInstanceFieldBinds() throws Exception {
        VrrpdConfig c = Configs.load("""
                instances:
                  lb4:
                    family: ipv4
                    interface: {mac: "52:54:00:12:34:56"}
                    vrid: 7
                    priority: 255
                    advert-interval: 2.5s
                    preempt: false
                    preempt-delay: 30s
                    accept-mode: true
                    virtual-addresses: [192.0.2.10, 192.0.2.11/25]
                    ipv4-checksum: rfc9568
                    garp: {master-delay: 0s, master-repeat: 2, master-refresh: 60s}
                    track-interfaces: [up0, eth1]
                """);
        InstanceConfig i = c.instances().get("lb4");
        assertEquals(InterfaceSelector.ByMac.parse("52:54:00:12:34:56"), i.interfaceSelector());
        assertTrue(i.isAddressOwner());
        assertEquals(250, i.advertIntervalCentis());
        assertFalse(i.preempt());
        assertEquals(Duration.ofSeconds(30), i.preemptDelay());
        assertTrue(i.acceptMode());
        assertEquals("[192.0.2.10/32, 192.0.2.11/25]", i.virtualAddresses().toString());
        assertEquals(Ipv4Checksum.RFC9568, i.ipv4Checksum());
        assertEquals(new GarpConfig(Duration.ZERO, 2, Optional.of(Duration.ofMinutes(1))), i.garp());
        assertEquals(List.of("up0", "eth1"), i.trackInterfaces());
        assertTrue(c.syncGroupOf("lb4").isEmpty());
    }

    @Test
    void garpRefreshOffIsEmpty() throws Exception {
        VrrpdConfig c = Configs.load("""
                instances:
                  lb4: {family: ipv4, interface: lan0, vrid: 7, virtual-addresses: [192.0.2.10],
                        garp: {master-refresh: off}}
                """);
        assertEquals(Optional.empty(), c.instances().get("lb4").garp().masterRefresh());
    }

    @Test
    void everyDefaultGatewayFieldBinds() throws Exception {
        VrrpdConfig c = Configs.load(base("""
                hooks:
                  - type: default-gateway
                    instances: [gw6]
                    gateway: 2001:db8:ff::1
                    interface: {mac: "52:54:00:ab:cd:ef"}
                    table: 100
                    metric: 10
                    verify:
                      fib: false
                      neighbor: true
                      probe: {type: tcp, target: 2001:db8:ff::53, port: 53, source: vip}
                      timeout: 500ms
                      interval: 5s
                    on-failure: hold
                    demote-by: 20
                    on-backup: {via: {gateway: 2001:db8:1::2}}
                    hold-down: 1m
                  - type: exec
                    sync-groups: [gw]
                    command: [/bin/true, --event]
                    timeout: 2s
                """));
        DefaultGatewayConfig h = c.hooks().get(0).config(DefaultGatewayConfig.class);
        assertEquals(new DefaultGatewayConfig(List.of("gw6"), List.of(),
                InetAddress.getByName("2001:db8:ff::1"),
                InterfaceSelector.ByMac.parse("52:54:00:ab:cd:ef"),
                100L, 10L,
                new DefaultGatewayConfig.Verify(false, true, new DefaultGatewayConfig.Probe(
                        DefaultGatewayConfig.ProbeType.TCP, InetAddress.getByName("2001:db8:ff::53"), 53,
                        DefaultGatewayConfig.ProbeSource.VIP), Duration.ofMillis(500), Duration.ofSeconds(5)),
                FailurePolicy.Action.HOLD, 20,
                DefaultGatewayConfig.OnBackup.via(InetAddress.getByName("2001:db8:1::2")),
                Duration.ofMinutes(1)), h);
        assertEquals(new ExecHookConfig(List.of(), List.of("gw"), List.of("/bin/true", "--event"), Duration.ofSeconds(2)),
                c.hooks().get(1).config(ExecHookConfig.class));
        assertEquals(1, c.hooks().get(1).index());
        assertEquals(List.of("gw4", "gw6"),
                c.boundInstances(c.hooks().get(1)).stream().map(InstanceConfig::name).toList());
        assertEquals(254L, Configs.load(base("""
                hooks:
                  - {type: default-gateway, instances: [gw4], gateway: 198.51.100.1, interface: up0, table: main,
                     on-backup: keep}
                """)).hooks().get(0).config(DefaultGatewayConfig.class).table());
    }

    @Test
    void defaultGatewayFieldRulesAreAllReported() {
        List<ConfigProblem> p = problems(base("""
                hooks:
                  - type: default-gateway
                    instances: [gw4]
                    gateway: 198.51.100.1
                    interface: up0
                    table: 255
                    verify:
                      probe: {type: icmp, target: 2001:db8::53, port: 7}
                      timeout: 20s
                    demote-by: 255
                    on-backup: {via: {gateway: 2001:db8::2}}
                  - type: default-gateway
                    instances: [gw4]
                    gateway: 198.51.100.1
                    interface: up0
                    verify: {probe: {type: tcp, target: 203.0.113.1}}
                    on-backup: drop
                """));
        assertEquals(List.of(
                "hooks[0].table",
                "hooks[0].verify.probe.target",
                "hooks[0].verify.probe.port",
                "hooks[0].verify.timeout",
                "hooks[0].demote-by",
                "hooks[0].on-backup.via.gateway",
                "hooks[1].verify.probe.port",
                "hooks[1].on-backup"), paths(p), p::toString);
        assertTrue(p.get(0).message().contains("local table"), p.get(0).message());
        assertTrue(p.get(3).message().contains("longer than interval 10s"), p.get(3).message());
        assertTrue(p.get(6).message().contains("a tcp probe needs a port"), p.get(6).message());
    }

    @Test
    void probeAndViaFamiliesMustMatchTheGateway() {
        List<ConfigProblem> p = problems(base("""
                hooks:
                  - type: default-gateway
                    instances: [gw4]
                    gateway: 198.51.100.1
                    interface: up0
                    verify: {probe: {type: icmp, target: 2001:db8::53}}
                    on-backup: {via: {gateway: 2001:db8::2}}
                """));
        assertEquals(List.of("hooks[0].verify.probe.target", "hooks[0].on-backup.via.gateway"), paths(p));
    }
}
