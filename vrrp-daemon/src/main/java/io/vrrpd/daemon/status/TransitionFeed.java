package io.vrrpd.daemon.status;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Reported-state transitions as they happen, for {@code vrrpctl watch}. The event loop publishes;
 * each subscriber is called on the executor it gave, never on the loop, so nothing a subscriber
 * does (serialising, writing to sockets) can delay an advert. A subscriber that falls
 * {@value #MAX_PENDING} entries behind loses the newer ones, counted, rather than growing a queue.
 */
public final class TransitionFeed {
    /** Entries handed to a subscriber's executor and not yet delivered, at most. */
    public static final int MAX_PENDING = 1024;

    /** One line of {@code vrrpctl watch}: which instance, and its last-transition record. */
    public record Entry(String instance, String family, int vrid, InstanceStatus.Transition transition) {
    }

    private record Subscriber(Executor executor, Consumer<Entry> consumer, AtomicInteger pending) {
    }

    private final CopyOnWriteArrayList<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final LongAdder dropped = new LongAdder();

    /** Subscribes {@code consumer}, to be called on {@code executor}; close the result to stop. */
    public AutoCloseable subscribe(Executor executor, Consumer<Entry> consumer) {
        Subscriber s = new Subscriber(executor, consumer, new AtomicInteger());
        subscribers.add(s);
        return () -> subscribers.remove(s);
    }

    /** Loop thread: hands {@code entry} to every subscriber's executor, and returns. */
    public void publish(Entry entry) {
        for (Subscriber s : subscribers) {
            if (s.pending.incrementAndGet() > MAX_PENDING) {
                s.pending.decrementAndGet();
                dropped.increment();
                continue;
            }
            try {
                s.executor.execute(() -> {
                    s.pending.decrementAndGet();
                    s.consumer.accept(entry);
                });
            } catch (RejectedExecutionException e) { // the executor is shutting down
                s.pending.decrementAndGet();
                subscribers.remove(s);
            }
        }
    }

    public int subscribers() {
        return subscribers.size();
    }

    /** Entries a subscriber lost because it was {@value #MAX_PENDING} behind. */
    public long dropped() {
        return dropped.sum();
    }
}
