package io.vrrpd.daemon;

import io.vrrpd.daemon.config.ConfigProblem;
import io.vrrpd.daemon.config.InvalidConfigException;
import io.vrrpd.daemon.config.VrrpdConfig;
import io.vrrpd.daemon.loop.EventLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * SIGHUP: the configuration file is read and validated on a thread of its own, never on the event
 * loop (a large file, slow plugin code or a slow disk would otherwise hold every advert); only a
 * valid result is handed to the loop and applied there. A bad file is refused whole and the running
 * configuration stays. Reloads run one at a time, and SIGHUPs that arrive while one runs are
 * folded into one more.
 */
final class ConfigReload implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReload.class);

    /** Reads and validates the file: the same call as at start-up. */
    @FunctionalInterface
    interface Loader {
        VrrpdConfig load() throws InvalidConfigException;
    }

    private final Path file;
    private final Loader loader;
    private final EventLoop loop;
    private final Consumer<VrrpdConfig> apply;
    private final Runnable started;
    private final Runnable finished;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vrrpd-reload");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param apply    loop thread: applies a valid configuration
     * @param started  reload thread: a reload begins (systemd RELOADING=1)
     * @param finished any thread: it ended, applied or refused (systemd READY=1)
     */
    ConfigReload(Path file, Loader loader, EventLoop loop, Consumer<VrrpdConfig> apply, Runnable started,
                 Runnable finished) {
        this.file = file;
        this.loader = loader;
        this.loop = loop;
        this.apply = apply;
        this.started = started;
        this.finished = finished;
    }

    /** Any thread (the signal handler): reload soon; returns at once. */
    void request() {
        if (requested.getAndSet(true)) {
            return;   // one is queued already and will read the file as it is then
        }
        try {
            thread.execute(this::reload);
        } catch (RejectedExecutionException e) {
            LOG.info("reload of {} not started: the daemon is stopping", file);
        }
    }

    private void reload() {
        requested.set(false);
        started.run();
        VrrpdConfig next;
        try {
            next = loader.load();
        } catch (InvalidConfigException e) {
            LOG.error("reload refused, keeping the running configuration; {} problem(s) in {}:", e.problems().size(), file);
            for (ConfigProblem p : e.problems()) {
                LOG.error("  {}", p);
            }
            finished.run();
            return;
        } catch (RuntimeException e) {
            LOG.error("reload of {} failed, keeping the running configuration", file, e);
            finished.run();
            return;
        }
        LOG.info("reloading {}", file);
        loop.post(() -> {
            try {
                apply.accept(next);
                LOG.info("reloaded: {} instance(s)", next.instances().size());
            } finally {
                finished.run();
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
