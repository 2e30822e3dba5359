package io.vrrpd.daemon.runtime;

import io.vrrpd.hooks.ReportedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.vrrpd.hooks.ReportedState.ACTIVATING;
import static io.vrrpd.hooks.ReportedState.BACKUP;
import static io.vrrpd.hooks.ReportedState.EGRESS_FAILED;
import static io.vrrpd.hooks.ReportedState.FAULT;
import static io.vrrpd.hooks.ReportedState.MASTER;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A sync group moves as one: its reported state, and what its members advertise when one is lost. */
class SyncGroupPolicyTest {
    private static final String GROUP = """
            instances:
              gw4: {family: ipv4, interface: lan0, vrid: 51, priority: 150, virtual-addresses: [192.0.2.1/24]}
              up4: {family: ipv4, interface: up0, vrid: 52, priority: 150, virtual-addresses: [198.51.100.1/24]}
              solo: {family: ipv4, interface: lan0, vrid: 53, priority: 150, virtual-addresses: [192.0.2.5/24]}
            sync-groups:
              gw: {members: [gw4, up4]}
            """;
    private static final byte[] PEER_LAN = {(byte) 192, 0, 2, 3};
    private static final byte[] PEER_UP = {(byte) 198, 51, 100, 3};

    private RuntimeOnFakes fakes;

    @AfterEach
    void close() {
        if (fakes != null) {
            fakes.close();
        }
    }

    @Test
    void masterOnlyWhenEveryMemberIs() {
        assertEquals(MASTER, SyncGroupPolicy.stateOf(List.of(MASTER, MASTER)));
        assertEquals(ACTIVATING, SyncGroupPolicy.stateOf(List.of(MASTER, ACTIVATING)));
        assertEquals(ACTIVATING, SyncGroupPolicy.stateOf(List.of(MASTER, BACKUP)));
    }

    @Test
    void theStateThatNeedsAttentionWins() {
        assertEquals(FAULT, SyncGroupPolicy.stateOf(List.of(MASTER, FAULT)));
        assertEquals(EGRESS_FAILED, SyncGroupPolicy.stateOf(List.of(MASTER, EGRESS_FAILED)));
        assertEquals(BACKUP, SyncGroupPolicy.stateOf(List.of(BACKUP, BACKUP)));
        assertEquals(ReportedState.INIT, SyncGroupPolicy.stateOf(List.of()));
    }

    @Test
    void aMemberThatLosesToAPeerTakesItsMatesAlongAndReleasesThemOnceAllHaveMoved() throws Exception {
        fakes = new RuntimeOnFakes();
        fakes.apply(GROUP);
        fakes.becomeMaster("gw4", "up4", "solo");
        assertEquals("MASTER", fakes.board.snapshot().syncGroups().get(0).state());

        // a better router appears on the LAN: gw4 goes to backup at its own priority
        fakes.instance("gw4").advertReceived(PEER_LAN, 200, 100);
        assertEquals("BACKUP", fakes.state("gw4"));
        assertEquals(1, fakes.advertised("up4"), "its mate is held at 1 so the peer takes it over too");
        assertEquals(150, fakes.advertised("solo"), "an instance in no group is not held");
        assertEquals(150, fakes.advertised("gw4"), "the member that lost keeps its own priority");

        // the peer takes up4 over as well: the group has moved as one, nothing is held any more
        fakes.instance("up4").advertReceived(PEER_UP, 200, 100);
        assertEquals("BACKUP", fakes.state("up4"));
        assertEquals(150, fakes.advertised("up4"));
        assertEquals("BACKUP", fakes.board.snapshot().syncGroups().get(0).state());
    }

    @Test
    void aMemberRemovedByAReloadHoldsNobody() throws Exception {
        fakes = new RuntimeOnFakes();
        fakes.apply(GROUP);
        fakes.becomeMaster("gw4", "up4", "solo");
        fakes.instance("gw4").advertReceived(PEER_LAN, 200, 100);
        assertEquals(1, fakes.advertised("up4"));
        fakes.apply("""
                instances:
                  up4: {family: ipv4, interface: up0, vrid: 52, priority: 150, virtual-addresses: [198.51.100.1/24]}
                """);
        assertEquals(150, fakes.advertised("up4"));
        assertEquals("MASTER", fakes.state("up4"));
    }
}
