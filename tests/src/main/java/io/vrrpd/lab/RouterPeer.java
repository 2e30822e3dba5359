package io.vrrpd.lab;

import java.nio.file.Path;

/**
 * A VRRP daemon running on one router of the lab, as tests and benchmarks drive it. keepalived
 * implements it today ({@link KeepalivedPeer}); vrrpd will, so that the same test runs against
 * either, side by side.
 */
public interface RouterPeer extends AutoCloseable {
    /** The namespace it runs in. */
    String namespace();

    /** Whether its process still runs. */
    boolean isRunning();

    /** Whether every virtual address it is configured with is on its interface now. */
    boolean holdsVip();

    /** SIGTERM and wait (bounded): the peer sends priority 0 and gives its addresses up. */
    void gracefulStop();

    /** Ends it without any chance to react: no priority 0, addresses left behind. */
    void crash();

    /** Removes its virtual addresses by hand, as after the host went away. */
    void removeVips();

    /** Its log, for diagnosis. */
    Path logFile();

    /** Stops it if still running; never throws. */
    @Override
    void close();
}
