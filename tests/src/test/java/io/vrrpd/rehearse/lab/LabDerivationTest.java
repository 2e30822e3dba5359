package io.vrrpd.rehearse.lab;

import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.lab.LabPlan;
import io.vrrpd.rehearse.builtin.BuiltinScenarios;
import io.vrrpd.rehearse.measure.Topology;
import io.vrrpd.rehearse.scenario.InvalidScenarioException;
import io.vrrpd.rehearse.scenario.ScenarioReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lab a scenario's blade configs make, and the configs a rehearsal refuses. */
class LabDerivationTest {
    @TempDir
    Path dir;

    private static LabDerivation.Derived derive(Path scenario) throws InvalidScenarioException {
        return LabDerivation.derive(ScenarioReader.read(scenario));
    }

    private List<ConfigProblem> problems(String scenario) throws IOException {
        Path s = dir.resolve("s.yaml");
        Files.writeString(s, scenario);
        return assertThrows(InvalidScenarioException.class, () -> derive(s)).problems();
    }

    @Test
    void theBytemarkKeepalivedPairMakesTheLabOfItsConfigs() throws Exception {
        LabDerivation.Derived d = derive(BuiltinScenarios.extract("bytemark-keepalived").orElseThrow());
        LabPlan.Blade a = d.plan().blade("a");
        assertEquals("eth0", a.port(LabPlan.Segment.LAN).ifname());
        assertEquals("eth1", a.port(LabPlan.Segment.UPLINK).ifname());
        assertEquals(List.of("192.0.2.2/24", "2001:db8:1::2/64"), a.port(LabPlan.Segment.LAN).addresses());
        assertEquals(List.of("198.51.100.3/24", "2001:db8:ff::3/64"),
                d.plan().blade("b").port(LabPlan.Segment.UPLINK).addresses());
        assertEquals("192.0.2.1", d.plan().client().gateway4());
        assertEquals("fe80::1", d.plan().client().gateway6(), "the link-local VIP first");
        assertEquals(List.of("198.51.100.1/24", "2001:db8:ff::1/64"), d.plan().upstream().addresses());
        assertEquals(List.of(List.of("198.51.100.254"), List.of("2001:db8:ff::254")),
                d.plan().upstream().returnRoutes().stream().map(LabPlan.ReturnRoute::via).toList(),
                "replies come back through the VIPs on the uplink");
        Topology t = d.topology();
        assertEquals(List.of("192.0.2.1", "fe80::1", "2001:db8:1::1", "198.51.100.254", "fe80::254", "2001:db8:ff::254"),
                t.vips().stream().map(Topology.Vip::address).toList());
        assertTrue(t.facesHosts("a", "GW4"));
        assertFalse(t.facesHosts("a", "UP6"), "the return path's instance needs no default route");
    }

    @Test
    void withoutUplinkVipsRepliesComeBackOverBothBladesAndGatewaysComeFromTheHooks() throws Exception {
        for (String b : List.of("a", "b")) {
            Files.writeString(dir.resolve(b + ".yaml"), """
                    instances:
                      gw4: { family: ipv4, interface: lan0, vrid: 7, priority: %d, virtual-addresses: [192.0.2.1/24] }
                    hooks:
                      - { type: default-gateway, instances: [gw4], gateway: 198.51.100.9, interface: up0 }
                    """.formatted(b.equals("a") ? 150 : 100));
        }
        Path s = dir.resolve("s.yaml");
        Files.writeString(s, "blades: { a: {daemon: vrrpd, config: a.yaml}, b: {daemon: vrrpd, config: b.yaml} }\n"
                + "steps: [converge: {}]\n");
        LabDerivation.Derived d = derive(s);
        assertEquals("lan0", d.plan().blade("a").port(LabPlan.Segment.LAN).ifname(), "the production names");
        assertEquals("up0", d.plan().blade("a").port(LabPlan.Segment.UPLINK).ifname());
        assertEquals("198.51.100.9/24", d.plan().upstream().addresses().get(0));
        assertEquals(List.of("198.51.100.2", "198.51.100.3"), d.plan().upstream().returnRoutes().get(0).via(), "ECMP");
        assertEquals(null, d.plan().client().gateway6(), "no IPv6 VIP: the client probes IPv4 only");
        assertEquals(List.of(io.vrrpd.lab.Family.IPV4), d.topology().probedFamilies());
    }

    @Test
    void aVrrpdConfigIsRefusedWithVrrpdsOwnProblemsAtItsOwnLines() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), """
                instances:
                  gw4:
                    family: ipv4
                    interface: eth0
                    vrid: 300
                    virtual-addresses: [192.0.2.1/24]
                hooks:
                  - { type: default-gateway, instances: [gw5], gateway: 198.51.100.1, interface: eth1 }
                """);
        Files.writeString(dir.resolve("b.yaml"), """
                instances:
                  gw4: { family: ipv4, interface: eth0, vrid: 51, virtual-addresses: [10.0.0.1/24] }
                """);
        List<ConfigProblem> p = problems("blades: { a: {daemon: vrrpd, config: a.yaml}, b: {daemon: vrrpd, config: b.yaml} }\n"
                + "steps: [converge: {}]\n");
        ConfigProblem vrid = p.stream().filter(x -> x.path().equals("instances.gw4.vrid")).findFirst().orElseThrow(
                () -> new AssertionError(p.toString()));
        assertEquals(dir.resolve("a.yaml"), vrid.file());
        assertEquals(5, vrid.line());
        assertTrue(p.stream().anyMatch(x -> x.path().startsWith("hooks[0].instances") && x.message().contains("gw5")), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.file().equals(dir.resolve("b.yaml"))
                && x.message().contains("10.0.0.1/24 is not in a documentation prefix")), p.toString());
    }

    @Test
    void aKeepalivedConfigThatDoesNotParseIsRefusedAtItsLine() throws IOException {
        Files.writeString(dir.resolve("a.conf"), "vrrp_instance GW {\n    interface eth0\n");
        Files.writeString(dir.resolve("b.conf"), "vrrp_instance GW {\n    interface eth0\n    virtual_ipaddress {\n    }\n}\n");
        List<ConfigProblem> p = problems("blades: { a: {daemon: keepalived, config: a.conf}, b: {daemon: keepalived, config: b.conf} }\n"
                + "steps: [converge: {}]\n");
        assertTrue(p.stream().anyMatch(x -> x.file().equals(dir.resolve("a.conf")) && x.line() > 0), p.toString());
        assertTrue(p.stream().anyMatch(x -> x.file().equals(dir.resolve("b.conf")) && x.message().equals("no virtual_router_id")),
                p.toString());
        assertTrue(p.stream().anyMatch(x -> x.message().equals("no virtual_ipaddress")), p.toString());
    }

    @Test
    void instancesOnTwoInterfacesWithoutAGatewayNeedTheScenarioToSayWhichIsTheUplink() throws IOException {
        for (String b : List.of("a", "b")) {
            Files.writeString(dir.resolve(b + ".conf"), """
                    vrrp_instance GW { interface eth0
                        virtual_router_id 51
                        virtual_ipaddress { 192.0.2.1/24 } }
                    vrrp_instance UP { interface eth1
                        virtual_router_id 52
                        virtual_ipaddress { 198.51.100.254/24 } }
                    """);
        }
        List<ConfigProblem> p = problems("blades: { a: {daemon: keepalived, config: a.conf}, b: {daemon: keepalived, config: b.conf} }\n"
                + "steps: [converge: {}]\n");
        assertEquals(2, p.size(), p.toString());
        assertTrue(p.get(0).message().contains("instances run on eth0, eth1"), p.toString());
        assertEquals("lab: {lan: NAME, uplink: NAME} in the scenario", p.get(0).hint());
    }
}
