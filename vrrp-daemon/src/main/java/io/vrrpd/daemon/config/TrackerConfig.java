package io.vrrpd.daemon.config;

import io.vrrpd.hooks.builtin.ExecHookConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * One entry of an instance's {@code track} list (docs/configuration.md, "Tracking"). A weight of
 * 0 (none written) puts the instance in FAULT while the tracker fails; any other weight changes
 * the priority instead, as keepalived's weights do: a negative one is added while the tracker
 * fails, a positive one while it succeeds. A file tracker's weight multiplies the integer it reads.
 */
public sealed interface TrackerConfig {
    /** The most a weight may be, either way: a weight of 254 or more can only mean FAULT. */
    int MAX_WEIGHT = 253;

    /** 0: FAULT while failing; otherwise the priority change. */
    int weight();

    /** How status, metrics and logs name it: {@code interface eth1}, {@code file /run/x}, {@code exec /usr/bin/check}. */
    String describe();

    /** Whether this tracker puts the instance in FAULT rather than changing its priority. */
    default boolean faults() {
        return weight() == 0;
    }

    /** Failing while the interface is missing or down. */
    record Interface(String name, int weight) implements TrackerConfig {
        public Interface {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return "interface " + name;
        }
    }

    /**
     * The integer written in {@code path} (decimal, blank lines and surrounding space ignored) times
     * {@code weight} is added to the priority; with weight 0 a value other than 0 means FAULT. A
     * file that is missing or holds no integer counts as failing (FAULT with weight 0, else ignored as 0).
     */
    record File(Path path, int weight) implements TrackerConfig {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String describe() {
            return "file " + path;
        }
    }

    /** Failing while no process has this name ({@code /proc/PID/comm}, or the first argument's file name). */
    record Process(String name, int weight) implements TrackerConfig {
        public Process {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String describe() {
            return "process " + name;
        }
    }

    /**
     * A program run every {@code interval}, isolated as an exec hook is; exit 0 is a success. It
     * turns failing after {@code fall} failures in a row and succeeding after {@code rise} successes.
     */
    record Exec(ExecHookConfig exec, Duration interval, int rise, int fall, int weight) implements TrackerConfig {
        public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
        public static final int DEFAULT_RISE = 1;
        public static final int DEFAULT_FALL = 1;

        public Exec {
            Objects.requireNonNull(exec, "exec");
            Objects.requireNonNull(interval, "interval");
        }

        @Override
        public String describe() {
            return "exec " + exec.command().get(0);
        }
    }
}
