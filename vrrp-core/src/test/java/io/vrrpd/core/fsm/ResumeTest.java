package io.vrrpd.core.fsm;

import static io.vrrpd.core.fsm.ConformanceDsl.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Event.Resume}: a router taken over from another process enters its state without an election. */
class ResumeTest {

    @Test
    void aResumedMasterAdvertisesAtOnceWithoutPassingThroughBackup() {
        VirtualRouter r = new VirtualRouter(config(100));
        List<Effect> out = r.handle(new Event.Resume(ProtocolState.MASTER, null, 100), 0);
        assertEquals(List.of(send(100), announce(), armAdver(SEC),
                change(ProtocolState.INITIALIZE, ProtocolState.MASTER, TransitionReason.RESUMED)), out);
        assertArrayEquals(SELF, r.masterAddress());
    }

    @Test
    void aResumedBackupKeepsItsMasterAndTheAdoptedInterval() {
        VirtualRouter r = new VirtualRouter(config(100));
        List<Effect> out = r.handle(new Event.Resume(ProtocolState.BACKUP, HIGHER_ADDRESS, 50), 0);
        assertEquals(ProtocolState.BACKUP, r.state());
        assertEquals(50, r.masterAdverIntervalCs());
        assertArrayEquals(HIGHER_ADDRESS, r.masterAddress());
        assertEquals(List.of(armMd(MDI_100_HALF_SECOND),
                change(ProtocolState.INITIALIZE, ProtocolState.BACKUP, TransitionReason.RESUMED)), out);
    }

    @Test
    void resumeIsIgnoredOnceRunning() {
        VirtualRouter r = new VirtualRouter(config(100));
        r.handle(startup(), 0);
        assertEquals(List.of(), r.handle(new Event.Resume(ProtocolState.MASTER, null, 100), 1));
        assertEquals(ProtocolState.BACKUP, r.state());
    }

    @Test
    void resumeIntoInitializeOrAnImpossibleIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Event.Resume(ProtocolState.INITIALIZE, null, 100));
        assertThrows(IllegalArgumentException.class, () -> new Event.Resume(ProtocolState.BACKUP, null, 0));
        assertThrows(IllegalArgumentException.class, () -> new Event.Resume(ProtocolState.BACKUP, new byte[3], 100));
    }
}
