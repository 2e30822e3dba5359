package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.RouteSpec;

import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The availability probe, and errors that name the call. */
class AvailabilityAndErrorsTest {

    @Test
    void probeAgreesWithItsCause() {
        if (RtNetlink.isAvailable()) {
            assertNull(RtNetlink.unavailabilityCause());
        } else {
            assertTrue(RtNetlink.unavailabilityCause() != null, "unavailable without a cause");
            UnsatisfiedLinkError e = assertThrows(UnsatisfiedLinkError.class, RtNetlink::ensureAvailability);
            assertTrue(e.getMessage().contains("rtnetlink unavailable"), e::getMessage);
        }
    }

    @Test
    void openingInMissingNamespaceNamesSetns() {
        Lab.assumeAvailable();
        KernelException e = assertThrows(KernelException.class, () -> RtNetlinkKernel.openIn("kn-missing-ns"));
        assertEquals("setns", e.call());
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("kn-missing-ns"), e::getMessage);
    }

    @Test
    void closedHandleRefusesRequests() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            k.kernel.close();
            KernelException e = assertThrows(KernelException.class, k.kernel::links);
            assertEquals("RTM_GETLINK", e.call());
        }
    }

    @Test
    void kernelRefusalCarriesErrnoAndKernelText() throws Exception {
        try (KernelLab k = KernelLab.create()) {
            int eth0 = k.ifindex(k.a, "eth0");
            // a gateway that is not on any connected network
            KernelException e = assertThrows(KernelException.class, () -> k.kernel.replaceRoute(
                    RouteSpec.defaultRoute(KernelLab.addr("203.0.113.1"), eth0, 100, 0)));
            assertEquals("RTM_NEWROUTE", e.call());
            assertEquals(Errno.ENETUNREACH, e.errno(), e::getMessage);
            assertTrue(e.getMessage().startsWith("RTM_NEWROUTE: "), e::getMessage);
            assertTrue(e.getMessage().contains("(kernel: "), () -> "no extended-ack text in: " + e.getMessage());
        }
    }
}
