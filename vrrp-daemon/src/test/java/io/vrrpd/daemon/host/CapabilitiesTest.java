package io.vrrpd.daemon.host;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapabilitiesTest {
    @Test
    void readsTheEffectiveSetFromProcStatus() {
        assertEquals(List.of(), Capabilities.missing("Name:\tjava\nCapEff:\t000001ffffffffff\n"));
        assertEquals(List.of(), Capabilities.missing("CapEff:\t0000000000003000\n"));
        assertEquals(List.of("CAP_NET_RAW"), Capabilities.missing("CapEff:\t0000000000001000\n"));
        assertEquals(List.of("CAP_NET_ADMIN"), Capabilities.missing("CapEff:\t0000000000002000\n"));
        assertEquals(List.of("CAP_NET_RAW", "CAP_NET_ADMIN"), Capabilities.missing("CapEff:\t0000000000000000\n"));
        assertEquals(List.of(), Capabilities.missing("no such line\n"), "unknown is not missing");
    }

    @Test
    void theMessageNamesWhatIsMissingAndHowToGrantIt() {
        String m = Capabilities.problem(List.of("CAP_NET_RAW")).line();
        assertTrue(m.startsWith("vrrpd: missing capability CAP_NET_RAW "), m);
        assertTrue(m.contains("AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN"), m);
    }
}
