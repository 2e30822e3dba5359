package io.vrrpd.daemon.instance;

import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.daemon.loop.OwnedTask;
import io.vrrpd.daemon.loop.TaskOwner;

import java.util.concurrent.ScheduledFuture;

/**
 * One re-armable deadline on the event loop. A backup re-arms its master-down timer on every
 * advert, always later than before; instead of cancelling and scheduling a task each time, the
 * scheduled task is left in place and, when it fires before the current deadline, re-schedules
 * itself once for the deadline. So the advert path only stores a number. Loop thread only.
 * The task carries its owner: an expiry that throws is the owner's failure.
 */
final class LoopTimer {
    private final EventLoop loop;
    private final Runnable onExpiry;
    private final Runnable fire;
    private ScheduledFuture<?> future;
    private long scheduledNanos;
    private long deadlineNanos;
    private boolean armed;

    LoopTimer(EventLoop loop, TaskOwner owner, Runnable onExpiry) {
        this.loop = loop;
        this.onExpiry = onExpiry;
        this.fire = new OwnedTask(owner, this::fired);
    }

    /** Expires at {@code deadline} (loop nanoTime), replacing any earlier deadline. */
    void arm(long deadline) {
        deadlineNanos = deadline;
        armed = true;
        if (future != null && scheduledNanos - deadline <= 0) {
            return;   // the task already scheduled fires first and will re-schedule itself
        }
        if (future != null) {
            future.cancel(false);
        }
        schedule(deadline);
    }

    void cancel() {
        armed = false;
        if (future != null) {
            future.cancel(false);
            future = null;
        }
    }

    private void schedule(long at) {
        scheduledNanos = at;
        future = loop.at(at, fire);
    }

    private void fired() {
        future = null;
        if (!armed) {
            return;
        }
        if (loop.nanoTime() - deadlineNanos < 0) {
            schedule(deadlineNanos);   // re-armed later since this task was scheduled
            return;
        }
        armed = false;
        onExpiry.run();
    }
}
