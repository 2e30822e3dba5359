package io.vrrpd.daemon.config;

import static io.vrrpd.daemon.config.Configs.load;
import static io.vrrpd.daemon.config.Configs.paths;
import static io.vrrpd.daemon.config.Configs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.hooks.builtin.HeldAddress;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code held-addresses} on an instance: any interface, either family; every bad entry listed at its line. */
class HeldAddressesConfigTest {
    private static final String GW4 = """
            instances:
              gw4:
                family: ipv4
                interface: lan0
                vrid: 51
                virtual-addresses: [192.0.2.1/24]
                held-addresses:
            """;

    @Test
    void addressesOfEitherFamilyOnOtherInterfacesLoad() throws Exception {
        VrrpdConfig c = load(GW4 + """
                      - {address: 203.0.113.5/25, interface: eth1}
                      - {address: "2001:db8:5::1/64", interface: eth1}
                      - {address: fe80::5/64, interface: up0}
                """);
        assertEquals(List.of(new HeldAddress(InetAddress.getByName("203.0.113.5"), 25, "eth1"),
                new HeldAddress(InetAddress.getByName("2001:db8:5::1"), 64, "eth1"),
                new HeldAddress(InetAddress.getByName("fe80::5"), 64, "up0")), c.instances().get("gw4").heldAddresses());
    }

    @Test
    void everyBadEntryIsListedAtItsLine() {
        List<ConfigProblem> p = problems(GW4 + """
                      - {address: 203.0.113.500/25, interface: eth1}
                      - {address: 203.0.113.6/25}
                      - {address: 203.0.113.7/25, interface: eth9}
                      - {address: 203.0.113.8/25, interface: eth1, label: x}
                      - {address: 192.0.2.1/24, interface: eth1}
                      - {address: 203.0.113.7/25, interface: eth1}
                """);
        assertEquals(List.of(
                "instances.gw4.held-addresses[0].address",
                "instances.gw4.held-addresses[1].interface",
                "instances.gw4.held-addresses[2].interface",
                "instances.gw4.held-addresses[3].label",
                "instances.gw4.held-addresses[4].address",
                "instances.gw4.held-addresses[5].address"), paths(p), () -> String.join("\n", p.stream().map(Object::toString).toList()));
        assertEquals(List.of(8, 9, 10, 11, 12, 13), p.stream().map(ConfigProblem::line).toList());
        assertTrue(p.get(2).toString().contains("\"eth9\" does not exist"), p.get(2)::toString);
        assertTrue(p.get(4).toString().contains("one of the instance's virtual-addresses"), p.get(4)::toString);
        assertTrue(p.get(5).toString().contains("listed twice"), p.get(5)::toString);
    }
}
