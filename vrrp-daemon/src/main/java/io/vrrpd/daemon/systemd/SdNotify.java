package io.vrrpd.daemon.systemd;

import com.sun.jna.LastErrorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * {@code sd_notify(3)} without libsystemd: one datagram per message to {@code $NOTIFY_SOCKET}.
 * A no-op when there is no socket (not started by systemd with {@code Type=notify}). Never
 * blocks and never throws: a lost notification is logged, once per kind of failure.
 */
public final class SdNotify implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SdNotify.class);

    private final String path;
    private UnixDatagram socket;
    private volatile String lastError;

    private SdNotify(String path) {
        this.path = path == null || path.isEmpty() ? null : path;
    }

    /** Notifies the socket systemd names in {@code $NOTIFY_SOCKET}, or nothing when it is unset. */
    public static SdNotify fromEnvironment() {
        return to(System.getenv("NOTIFY_SOCKET"));
    }

    /** Notifies {@code path} ({@code @name}: abstract socket); null or empty: a no-op notifier. */
    public static SdNotify to(String path) {
        return new SdNotify(path);
    }

    /** Whether messages go anywhere. */
    public boolean enabled() {
        return path != null;
    }

    /** Sends {@code state} (newline-separated {@code KEY=VALUE} lines); false when it could not. */
    public synchronized boolean send(String state) {
        if (path == null) {
            return false;
        }
        try {
            if (socket == null) {
                socket = UnixDatagram.open();
            }
            socket.send(path, state.getBytes(StandardCharsets.UTF_8));
            lastError = null;
            return true;
        } catch (LastErrorException | IllegalArgumentException | LinkageError e) {
            String error = String.valueOf(e.getMessage());
            if (!error.equals(lastError)) {
                LOG.warn("cannot notify systemd at {}: {}", path, error);
                lastError = error;
            }
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
