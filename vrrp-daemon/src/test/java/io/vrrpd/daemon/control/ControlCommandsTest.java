package io.vrrpd.daemon.control;

import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.status.DaemonStatus;
import io.vrrpd.daemon.status.StatusBoard;
import io.vrrpd.daemon.status.TransitionFeed;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Status is served from snapshots: a stuck event loop does not stop operators from looking. */
class ControlCommandsTest {
    @Test
    void statusAnswersWhileTheEventLoopIsBlocked() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (EventLoop loop = EventLoop.start("blocked-loop")) {
            loop.post(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            ControlCommands control = new ControlCommands(new StatusBoard(), new TransitionFeed(), loop, null);
            var status = control.handle(ControlCommand.STATUS, null);
            assertTrue(status.isDone(), "status must not wait for the loop");
            assertInstanceOf(DaemonStatus.class, status.get());
            assertEquals(DaemonStatus.SCHEMA, ((DaemonStatus) status.get()).schema());

            release.countDown();
        }
    }

    @Test
    void unknownCommandsNameTheKnownOnes() {
        assertTrue(ControlCommand.named("frobnicate").isEmpty());
        assertEquals("status, watch, drain, undrain, hand-over, retire", ControlCommand.known());
    }

    @Test
    void drainAndUndrainActStatusAndWatchRead() {
        assertEquals(ControlRole.READ, ControlCommand.STATUS.role());
        assertEquals(ControlRole.READ, ControlCommand.WATCH.role());
        assertEquals(ControlRole.ACT, ControlCommand.DRAIN.role());
        assertEquals(ControlRole.ACT, ControlCommand.UNDRAIN.role());
    }
}
