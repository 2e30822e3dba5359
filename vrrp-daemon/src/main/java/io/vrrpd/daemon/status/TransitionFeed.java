package io.vrrpd.daemon.status;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Reported-state transitions as they happen, for {@code vrrpctl watch}. The loop publishes;
 * subscribers must not block (the control server only queues a write).
 */
public final class TransitionFeed {
    /** One line of {@code vrrpctl watch}: which instance, and its last-transition record. */
    public record Entry(String instance, String family, int vrid, InstanceStatus.Transition transition) {
    }

    private final CopyOnWriteArrayList<Consumer<Entry>> subscribers = new CopyOnWriteArrayList<>();

    /** Subscribes; close the result to stop. */
    public AutoCloseable subscribe(Consumer<Entry> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Loop thread. */
    public void publish(Entry entry) {
        for (Consumer<Entry> s : subscribers) {
            try {
                s.accept(entry);
            } catch (RuntimeException e) {
                subscribers.remove(s);
            }
        }
    }

    public int subscribers() {
        return subscribers.size();
    }
}
