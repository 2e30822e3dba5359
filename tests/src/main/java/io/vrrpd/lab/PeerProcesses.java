package io.vrrpd.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** What every router peer does to its process and its addresses, written once. */
final class PeerProcesses {
    private PeerProcesses() {
    }

    /** SIGKILL of {@code process}, then waits for it; throws naming {@code what} if it survives. */
    static void kill(Process process, Duration bound, String what) {
        process.destroyForcibly();
        try {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(what + " " + process.pid() + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code kill -SIGNAL PID}, bounded; only ever for a PID the kit started (or a child it checked). */
    static void signal(long pid, String signal) {
        try {
            Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code ip -n NS addr del CIDR dev IFNAME}, ignoring an address that is already gone. */
    static void deleteAddress(String ns, String ifname, String cidr) {
        try {
            new ProcessBuilder("ip", "-n", ns, "addr", "del", cidr, "dev", ifname)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
