package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every problem of a file is reported in one load, in file order, each with its own location. */
class AllProblemsAtOnceTest {

    @Test
    void manyErrorsAreAllReported() {
        List<ConfigProblem> p = problems("""
                instances:
                  gw4:
                    family: ipv5
                    interface: lan9
                    vrid: 0
                    priority: 256
                    advert-interval: 5ms
                    preempt: maybe
                    virtual-addresses: [192.0.2.1/24, 2001:db8::1]
                  gw6:
                    family: ipv6
                    interface: lan0
                    vrid: 51
                    virtual-addresses: [2001:db8:1::1/64]
                    colour: blue
                sync-groups:
                  gw: {members: [gw4, gw5]}
                hooks:
                  - type: default-gateway
                    instances: [gw]
                    gateway: 198.51.100.1
                    interface: up0
                    verify: {timeout: 2}
                  - type: exec
                    instances: [gw6]
                    command: [notify]
                """);
        assertEquals(List.of(
                "instances.gw4.family",
                "instances.gw4.interface",
                "instances.gw4.vrid",
                "instances.gw4.priority",
                "instances.gw4.advert-interval",
                "instances.gw4.preempt",
                "instances.gw6.virtual-addresses[0]",
                "instances.gw6.colour",
                "sync-groups.gw.members[1]",
                "hooks[0].instances[0]",
                "hooks[0].verify.timeout",
                "hooks[1].command[0]"), paths(p), () -> String.join("\n", p.stream().map(Object::toString).toList()));
        assertEquals(12, p.size());
        assertTrue(p.stream().allMatch(x -> x.line() > 0 && x.column() > 0), p::toString);
        // file order: lines never go backwards
        for (int i = 1; i < p.size(); i++) {
            assertTrue(p.get(i).line() >= p.get(i - 1).line(), p::toString);
        }
    }

    @Test
    void unknownFieldsAreRefusedAtEveryLevel() {
        List<ConfigProblem> p = problems("""
                global: {}
                instances:
                  gw4:
                    family: ipv4
                    interface: {mac: "52:54:00:12:34:56", name: lan0}
                    vrid: 51
                    virtual-addresses: [192.0.2.1/24]
                    garp: {master-delay: 5s, master_repeat: 3}
                    advert_interval: 1s
                  gw6:
                    family: ipv6
                    interface: lan0
                    vrid: 51
                    virtual-addresses: [fe80::1]
                sync-groups:
                  gw: {members: [gw4, gw6], policy: all}
                hooks:
                  - type: default-gateway
                    instances: [gw4]
                    gateway: 198.51.100.1
                    interface: up0
                    gatway: 198.51.100.2
                    verify: {fib: true, probe: {type: icmp, target: 203.0.113.1, ttl: 3}, retries: 2}
                    on-backup: {via: {gateway: 198.51.100.2, metric: 5}}
                  - type: exec
                    instances: [gw6]
                    command: [/bin/true]
                    shell: true
                """);
        assertEquals(List.of(
                "global",
                "instances.gw4.interface.name",
                "instances.gw4.garp.master_repeat",
                "instances.gw4.advert_interval",
                "sync-groups.gw.policy",
                "hooks[0].gatway",
                "hooks[0].verify.probe.ttl",
                "hooks[0].verify.retries",
                "hooks[0].on-backup.via.metric",
                "hooks[1].shell"), paths(p), p::toString);
        ConfigProblem typo = p.get(3);
        assertEquals("unknown field \"advert_interval\"; did you mean advert-interval?", typo.message());
        assertTrue(typo.hint().startsWith("one of family, interface, vrid"), typo.hint());
        assertEquals(9, typo.line());
        assertEquals(5, typo.column());
        assertTrue(p.get(5).message().contains("did you mean gateway?"), p.get(5).message());
    }
}
