package io.vrrpd.daemon.runtime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;

import static io.vrrpd.daemon.runtime.RuntimeOnFakes.BOUND;
import static io.vrrpd.daemon.runtime.RuntimeOnFakes.LAN0;
import static io.vrrpd.daemon.runtime.RuntimeOnFakes.UP0;
import static io.vrrpd.daemon.runtime.RuntimeOnFakes.ip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An instance's held addresses in the runtime: held with mastership on other interfaces, never advertised. */
class HeldAddressesRuntimeTest {
    private RuntimeOnFakes fakes;

    @AfterEach
    void close() {
        if (fakes != null) {
            fakes.close();
        }
    }

    @Test
    void heldWhileMasterOnAnotherInterfaceRestoredWhenDeletedAndRemovedOnStop() throws Exception {
        fakes = new RuntimeOnFakes();
        InetAddress held4 = ip("203.0.113.5");
        InetAddress held6 = ip("2001:db8:5::1");
        fakes.apply("""
                instances:
                  gw4:
                    family: ipv4
                    interface: lan0
                    vrid: 51
                    priority: 100
                    virtual-addresses: [192.0.2.1/24]
                    held-addresses: [{address: 203.0.113.5/25, interface: up0}, {address: 2001:db8:5::1/64, interface: up0}]
                """);
        assertFalse(fakes.kernel.has(UP0, held4), "a backup holds nothing");
        fakes.becomeMaster("gw4");
        fakes.loop.runUntil(() -> fakes.kernel.has(UP0, held4) && fakes.kernel.has(UP0, held6), BOUND);
        assertFalse(fakes.kernel.has(LAN0, held4), "on the interface it names, not the instance's");
        assertEquals(1, fakes.instance("gw4").spec().virtualAddresses().size(), "never advertised");

        fakes.loop.runAndWait(() -> fakes.runtime.onKernelEvent(fakes.kernel.removeBehindOurBack(UP0, held4)), 1,
                TimeUnit.SECONDS);
        fakes.loop.runUntil(() -> fakes.kernel.has(UP0, held4), BOUND);
        assertEquals("MASTER", fakes.state("gw4"));

        fakes.runtime.stop("test");
        fakes.loop.runUntil(() -> !fakes.kernel.has(UP0, held4) && !fakes.kernel.has(UP0, held6), BOUND);
        assertTrue(fakes.kernel.has(LAN0, ip("192.0.2.2")), "the router's own address stays");
    }
}
