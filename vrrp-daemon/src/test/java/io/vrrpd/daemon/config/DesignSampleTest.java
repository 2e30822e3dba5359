package io.vrrpd.daemon.config;

import io.vrrpd.hooks.FailurePolicy;
import io.vrrpd.hooks.builtin.DefaultGatewayConfig;
import io.vrrpd.hooks.kernel.InterfaceSelector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.core.AddressFamily;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample config of DESIGN.md (the contract) loads and binds to what it says. */
class DesignSampleTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(DesignSampleTest.class.getResource("/config/" + name).toURI());
    }

    @Test
    void designSampleBindsToExpectedValues() throws Exception {
        VrrpdConfig c = ConfigLoader.load(resource("design-sample.yaml"), Configs.LAB);

        assertEquals(List.of("gw4", "gw6"), List.copyOf(c.instances().keySet()));
        InstanceConfig gw4 = c.instances().get("gw4");
        assertEquals(AddressFamily.IPV4, gw4.family());
        assertEquals(new InterfaceSelector.ByName("lan0"), gw4.interfaceSelector());
        assertEquals(51, gw4.vrid());
        assertEquals(150, gw4.priority());
        assertEquals(10, gw4.advertIntervalCentis());
        assertEquals(Duration.ofMillis(100), gw4.advertInterval());
        assertTrue(gw4.preempt());
        assertEquals(Duration.ZERO, gw4.preemptDelay());
        assertTrue(gw4.acceptMode());
        assertEquals(List.of(new VirtualAddress(InetAddress.getByName("192.0.2.1"), 24)), gw4.virtualAddresses());
        assertEquals(Ipv4Checksum.RFC5798, gw4.ipv4Checksum());
        assertEquals(GarpConfig.DEFAULT, gw4.garp());
        assertEquals(List.of(), gw4.trackInterfaces());

        InstanceConfig gw6 = c.instances().get("gw6");
        assertEquals(AddressFamily.IPV6, gw6.family());
        assertEquals(List.of("fe80::1/64", "2001:db8:1::1/64"),
                gw6.virtualAddresses().stream().map(VirtualAddress::toString).toList());
        assertTrue(gw6.virtualAddresses().get(0).isLinkLocal());

        assertEquals(List.of("gw4", "gw6"), c.syncGroups().get("gw").members());
        assertEquals("gw", c.syncGroupOf("gw6").orElseThrow().name());

        assertEquals(2, c.hooks().size());
        HookEntry h0 = c.hooks().get(0);
        assertEquals("default-gateway", h0.type());
        assertEquals(List.of("gw4"), h0.instances());
        assertEquals(List.of(gw4), c.boundInstances(h0));
        DefaultGatewayConfig dg = h0.config(DefaultGatewayConfig.class);
        assertEquals(InetAddress.getByName("198.51.100.1"), dg.gateway());
        assertEquals(new InterfaceSelector.ByName("up0"), dg.uplink());
        assertEquals(254L, dg.table());
        assertEquals(0L, dg.metric());
        assertEquals(new DefaultGatewayConfig.Verify(true, true, null, Duration.ofSeconds(2),
                Duration.ofSeconds(10)), dg.verify());
        assertEquals(FailurePolicy.Action.DEMOTE, dg.onFailure());
        assertEquals(100, dg.demoteBy());
        assertEquals(DefaultGatewayConfig.OnBackup.WITHDRAW, dg.onBackup());
        assertEquals(Duration.ofSeconds(10), dg.holdDown());

        DefaultGatewayConfig dg6 = c.hooks().get(1).config(DefaultGatewayConfig.class);
        assertEquals(InetAddress.getByName("2001:db8:ff::1"), dg6.gateway());
        assertEquals(FailurePolicy.DEFAULT_DEMOTE_BY, dg6.demoteBy());
        assertEquals(List.of(c.hooks().get(1)), c.hooksOf("gw6"));
        assertFalse(c.hooksOf("gw4").contains(c.hooks().get(1)));
    }
}
