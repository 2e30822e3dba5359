package io.vrrpd.rehearse.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What one step does to the lab (docs/rehearsal.md lists them with their forms). */
public sealed interface Action {

    /** The blade the action is done to, or null when it is done to the lab (converge, loss, partition, wait). */
    default String blade() {
        return null;
    }

    /** Wait until the lab has converged: one master per VIP, the client out. */
    record Converge() implements Action {
    }

    /** Power loss: the blade's links cut, then every process of the blade killed. */
    record Crash(String blade) implements Action {
    }

    /**
     * Power back on after {@code after}: the kernel state a reboot loses is gone (virtual
     * addresses, and with {@code flushRoutes} the routes), interfaces come back under the names
     * of {@code rename} (old name to new), the links come up and the daemon starts.
     */
    record Boot(String blade, Duration after, Map<String, String> rename, boolean flushRoutes) implements Action {
        public Boot {
            rename = Map.copyOf(rename);
        }
    }

    /** Start the blade's daemon again (after a stop). */
    record Start(String blade) implements Action {
    }

    /**
     * {@code kill -9} of the daemon's (main) process, the blade and its links left as they are: vrrpd
     * dies without a word, its addresses and routes left in the kernel; keepalived's VRRP child sees
     * its parent die and shuts down as on SIGTERM (docs/lab.md).
     */
    record Kill(String blade) implements Action {
    }

    /** Graceful stop: SIGTERM, and wait for the daemon to exit. */
    record Stop(String blade) implements Action {
    }

    /**
     * Stop, swap what is given (daemon, config, command; null keeps it), start. With
     * {@code takeOver} (vrrpd only) nothing is stopped: the new process starts beside the running
     * one with {@code vrrpd --take-over} and retires it without a re-election.
     */
    record Upgrade(String blade, Daemon daemon, Path config, List<String> command, boolean takeOver) implements Action {
        public Upgrade {
            command = command == null ? null : List.copyOf(command);
        }

        /** Stop, swap, start. */
        public Upgrade(String blade, Daemon daemon, Path config, List<String> command) {
            this(blade, daemon, config, command, false);
        }
    }

    /**
     * Point the blade at {@code config} (null: keep it), then SIGHUP. With {@code refused} the
     * config is invalid on purpose (a bad reload): it is not checked with the scenario, and the
     * daemon is expected to refuse it and keep running on the one it has.
     */
    record Reload(String blade, Path config, boolean refused) implements Action {
    }

    /** {@code vrrpctl drain --all}: hand mastership over before maintenance. */
    record Drain(String blade) implements Action {
    }

    /** {@code vrrpctl undrain}: take part in the election again. */
    record Undrain(String blade) implements Action {
    }

    /** One interface of the blade down or up, inside the blade. */
    record Link(String blade, String ifname, boolean up) implements Action {
    }

    /** The blades stop hearing each other (while everyone else still hears them) for {@code duration}. */
    record Partition(List<String> blades, Duration duration) implements Action {
        public Partition {
            blades = List.copyOf(blades);
        }
    }

    /** {@code percent} of the frames on the LAN are lost, for {@code duration}. */
    record Loss(int percent, Duration duration) implements Action {
    }

    /** Deletes the default route(s) ({@code route}: {@code default}, {@code 0.0.0.0/0} or {@code ::/0}) or an address. */
    record Delete(String blade, String route, String address) implements Action {
    }

    /** Another process overwrites the blade's network settings: addresses and routes flushed, its own re-applied. */
    record Flush(String blade) implements Action {
    }

    /** Nothing happens for {@code duration}. */
    record Wait(Duration duration) implements Action {
    }

    /**
     * Shows what a blade reports ({@code vrrpctl status}, its default routes, log lines and
     * metrics lines matching a pattern) and whether the client gets out, as an operator would look.
     */
    record Show(String blade, boolean status, boolean routes, Pattern log, Pattern metrics, boolean client)
            implements Action {
    }
}
