package io.vrrpd.daemon.takeover;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.core.fsm.ProtocolState;
import io.vrrpd.daemon.config.ConfigLoader;
import io.vrrpd.daemon.config.InterfaceDirectory;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.hooks.kernel.Link;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.OperState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class TakeOverPlanTest {
    private static final InterfaceDirectory LAB = InterfaceDirectory.of(List.of(
            new Link(2, "lan0", MacAddress.parse("52:54:00:12:34:56"), true, true, true, OperState.UP, 1500)));

    private static VrrpdConfig load(String gw4Priority, String extra) throws Exception {
        return ConfigLoader.withBuiltInHooks().parse(Path.of("gw.yaml"), """
                instances:
                  gw4:
                    family: ipv4
                    interface: lan0
                    vrid: 51
                    priority: %s
                    virtual-addresses: [192.0.2.1/24]
                  lb4:
                    family: ipv4
                    interface: lan0
                    vrid: 52
                    virtual-addresses: [192.0.2.2/24]
                """.formatted(gw4Priority) + extra, LAB);
    }

    private static HandoverState.Instance running(VrrpdConfig c, String name, String state, String master) {
        return new HandoverState.Instance(name, state, master, 50, ConfigDigest.of(c.instances().get(name)),
                List.of(), List.of());
    }

    @Test
    void theSameConfigIsAdoptedInTheStateItRan() throws Exception {
        VrrpdConfig c = load("150", "");
        TakeOverPlan plan = TakeOverPlan.of(new HandoverState(1, "vrrpd 1", List.of(running(c, "gw4", "MASTER", "192.0.2.10"),
                running(c, "lb4", "BACKUP", "192.0.2.20"))), load("150", ""));
        assertEquals(List.of(), plan.afresh());
        assertEquals(new Adoption(ProtocolState.MASTER, new byte[] {(byte) 192, 0, 2, 10}, 50, false), plan.adopted().get("gw4"));
        Adoption backup = plan.adopted().get("lb4");
        assertEquals(ProtocolState.BACKUP, backup.state());
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 20}, backup.masterAddress());
        assertEquals(50, backup.masterAdverIntervalCs());
    }

    @Test
    void aChangedConfigStartsAfreshAndSaysWhy() throws Exception {
        VrrpdConfig old = load("150", "");
        TakeOverPlan plan = TakeOverPlan.of(new HandoverState(1, "vrrpd 1", List.of(running(old, "gw4", "MASTER", null),
                running(old, "lb4", "MASTER", null))), load("120", ""));
        assertEquals(List.of("lb4"), List.copyOf(plan.adopted().keySet()));
        assertEquals(List.of("gw4: its configuration changed; it starts afresh (a re-election for it)"), plan.afresh());
    }

    @Test
    void drainedIsKeptInitAndUnknownStatesStartAfresh() throws Exception {
        VrrpdConfig c = load("150", "");
        TakeOverPlan plan = TakeOverPlan.of(new HandoverState(1, "vrrpd 1", List.of(running(c, "gw4", "DRAINED", null),
                running(c, "lb4", "INITIALIZE", null))), c);
        assertTrue(plan.adopted().get("gw4").drained());
        assertEquals(List.of("lb4: it was in INITIALIZE; it starts afresh"), plan.afresh());
    }

    @Test
    void instancesOnOneSideOnlyAreNamed() throws Exception {
        VrrpdConfig c = load("150", "");
        HandoverState.Instance gone = new HandoverState.Instance("old4", "MASTER", null, 100, "sha256:00", List.of(), List.of());
        TakeOverPlan plan = TakeOverPlan.of(new HandoverState(1, "vrrpd 1", List.of(gone, running(c, "gw4", "MASTER", null))), c);
        assertEquals(List.of("old4: not in this configuration; the old vrrpd releases it (priority 0)",
                "lb4: new in this configuration; it starts afresh"), plan.afresh());
    }

    @Test
    void twoLoadsOfOneFileHaveOneDigest() throws Exception {
        assertEquals(ConfigDigest.of(load("150", "").instances().get("gw4")), ConfigDigest.of(load("150", "").instances().get("gw4")));
    }
}
