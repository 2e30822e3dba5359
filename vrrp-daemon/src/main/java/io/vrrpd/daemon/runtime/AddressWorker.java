package io.vrrpd.daemon.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that adds and removes virtual addresses through rtnetlink, so that the event
 * loop never waits for the kernel. Each request is synchronous in the kernel (about a millisecond
 * on a loaded machine with hundreds of addresses on the interface): done on the loop, a daemon
 * taking over 510 instances at once held its timers for half a second, longer than the peer's
 * master-down interval (bench/results/scale-255x2.md).
 *
 * <p>Jobs run one at a time in submission order, for every instance of the daemon: an add
 * followed by a remove of the same addresses (master, then backup again) reaches the kernel in
 * that order. After {@link #drain} (daemon stopping) jobs run on the caller's thread.
 */
final class AddressWorker {
    private static final Logger LOG = LoggerFactory.getLogger(AddressWorker.class);

    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vrrpd-addresses");
        t.setDaemon(true);
        return t;
    });

    /** Runs {@code job} after every job submitted before it. */
    void submit(Runnable job) {
        try {
            executor.execute(() -> {
                try {
                    job.run();
                } catch (RuntimeException e) {
                    LOG.error("virtual-address job failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            job.run();   // drained: the daemon is stopping and waits for its addresses anyway
        }
    }

    /** Runs what is queued and stops, waiting at most {@code bound}: VIPs are gone before the daemon exits. */
    void drain(Duration bound) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("virtual addresses still being changed after {} ms; exiting anyway", bound.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
