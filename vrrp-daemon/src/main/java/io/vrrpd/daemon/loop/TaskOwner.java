package io.vrrpd.daemon.loop;

/**
 * Who an event-loop task runs for. A task that throws is its owner's failure alone: the loop
 * tells the owner (an instance goes to FAULT with the reason) and carries on serving everyone
 * else. Tasks without an owner are the daemon's own; their failures are logged and counted.
 */
public interface TaskOwner {
    /** The owner's name, for the log line (an instance's config name). */
    String name();

    /**
     * Loop thread: one of this owner's tasks threw {@code failure}. Must not throw; whatever it
     * does is guarded like a task.
     */
    void taskFailed(Throwable failure);
}
