package io.vrrpd.daemon.control;

import java.time.Duration;

/**
 * What one local client may cost the daemon. Each bound keeps a client that is slow, stuck or
 * hostile from holding memory or threads: connections open at once; time to send the request;
 * time for an answer to be taken; bytes queued for a {@code watch} client before it is dropped
 * as too slow. A client that needs more is refused or disconnected, with a reason where it can
 * still be told. Callers who may act are never refused for the number of connections.
 */
public record ControlLimits(int maxConnectionsPerUser, int maxConnections, Duration requestTimeout, Duration writeTimeout,
                            int watchBufferBytes) {
    /**
     * 16 connections per reading user and 64 in all (those who may act are not counted), 10 s to
     * ask, 10 s to take an answer, 64 KiB queued per watcher.
     */
    public static final ControlLimits DEFAULTS = new ControlLimits(16, 64, Duration.ofSeconds(10), Duration.ofSeconds(10),
            64 * 1024);

    public ControlLimits {
        if (maxConnectionsPerUser < 1 || maxConnections < maxConnectionsPerUser || watchBufferBytes < 1024 || requestTimeout.isNegative() || requestTimeout.isZero()
                || writeTimeout.isNegative() || writeTimeout.isZero()) {
            throw new IllegalArgumentException("control limits out of range: " + maxConnectionsPerUser + ", " + maxConnections
                    + ", " + requestTimeout
                    + ", " + writeTimeout + ", " + watchBufferBytes);
        }
    }
}
