package io.vrrpd.daemon.loop;

import java.util.Objects;

/**
 * A task that carries its owner, so that whoever schedules it (a port posting a completion, a
 * timer) need not know whom it runs for: {@link EventLoop} attributes a failure of {@code task}
 * to {@code owner}. Build one once and reuse it where the task repeats (timers, advert delivery).
 */
public record OwnedTask(TaskOwner owner, Runnable task) implements Runnable {
    public OwnedTask {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(task, "task");
    }

    @Override
    public void run() {
        task.run();
    }
}
