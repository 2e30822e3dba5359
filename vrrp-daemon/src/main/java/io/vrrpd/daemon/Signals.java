package io.vrrpd.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM/SIGINT stop the daemon gracefully (priority 0, VIPs and routes removed); SIGHUP
 * reloads the configuration. The handlers only post to the daemon, which does the work on its
 * event loop.
 */
final class Signals {
    private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

    private Signals() {
    }

    static void install(Runnable onStop, Runnable onReload) {
        Signal.handle(new Signal("TERM"), s -> onStop.run());
        Signal.handle(new Signal("INT"), s -> onStop.run());
        try {
            Signal.handle(new Signal("HUP"), s -> onReload.run());
        } catch (IllegalArgumentException e) {
            LOG.warn("SIGHUP reload unavailable: {}", e.getMessage());
        }
    }
}
