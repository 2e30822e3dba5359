package io.vrrpd.daemon.status;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop publishes and returns: subscribers run on their own executor, and cannot make it queue without bound. */
class TransitionFeedTest {
    private static TransitionFeed.Entry entry(int n) {
        return new TransitionFeed.Entry("gw" + n, "ipv4", 51, new InstanceStatus.Transition("t", "BACKUP", "MASTER", "r"));
    }

    @Test
    void subscribersAreCalledOnTheirExecutorNeverOnThePublisher() throws Exception {
        TransitionFeed feed = new TransitionFeed();
        AtomicReference<Thread> ran = new AtomicReference<>();
        ExecutorService control = Executors.newSingleThreadExecutor();
        try {
            feed.subscribe(control, e -> ran.set(Thread.currentThread()));
            feed.publish(entry(1));
            control.shutdown();
            assertTrue(control.awaitTermination(5, TimeUnit.SECONDS));
            assertNotEquals(Thread.currentThread(), ran.get());
        } finally {
            control.shutdownNow();
        }
    }

    @Test
    void aSubscriberThatFallsBehindLosesEntriesInsteadOfQueueingThem() {
        TransitionFeed feed = new TransitionFeed();
        List<Runnable> neverRun = new ArrayList<>();
        feed.subscribe(neverRun::add, e -> { });
        for (int i = 0; i < TransitionFeed.MAX_PENDING + 10; i++) {
            feed.publish(entry(i));
        }
        assertEquals(TransitionFeed.MAX_PENDING, neverRun.size());
        assertEquals(10, feed.dropped());
        neverRun.forEach(Runnable::run);
        feed.publish(entry(0));
        assertEquals(TransitionFeed.MAX_PENDING + 1, neverRun.size(), "once it caught up it gets entries again");
    }
}
