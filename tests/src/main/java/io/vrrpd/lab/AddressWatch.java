package io.vrrpd.lab;

import io.vrrpd.hooks.kernel.NamespaceLab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Every address deletion the kernel of one namespace reports, as {@code ip -o monitor address}
 * prints it: a VIP that leaves the interface for a moment, however short, is on record. The
 * watch is ready only once it has seen a marker address come and go on {@code lo}.
 */
public final class AddressWatch implements AutoCloseable {
    private static final Duration READY_BOUND = Duration.ofSeconds(5);
    /** Added to and removed from {@code lo} to know the monitor is listening; a documentation address. */
    private static final String MARKER = "203.0.113.254/32";

    private final String ns;
    private final Process monitor;
    private final List<String> deletions = new ArrayList<>();
    private volatile boolean markerSeen;

    private AddressWatch(String ns, Process monitor) {
        this.ns = ns;
        this.monitor = monitor;
    }

    /** Starts watching {@code ns}; returns once the monitor is listening (bounded). */
    public static AddressWatch start(String ns) {
        LabFiles.requireTool("ip", "iproute2");
        Process p;
        try {
            p = new ProcessBuilder("ip", "-n", ns, "-o", "monitor", "address").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start ip monitor in " + ns + ": " + e.getMessage(), e);
        }
        AddressWatch w = new AddressWatch(ns, p);
        Thread reader = new Thread(w::read, "address-watch-" + ns);
        reader.setDaemon(true);
        reader.start();
        await("ip monitor in " + ns + " listening").atMost(READY_BOUND).pollInterval(Duration.ofMillis(20)).until(() -> {
            NamespaceLab.run("ip", "-n", ns, "addr", "replace", MARKER, "dev", "lo");
            return w.markerSeen;
        });
        NamespaceLab.run("ip", "-n", ns, "addr", "del", MARKER, "dev", "lo");
        return w;
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(monitor.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.contains(MARKER.substring(0, MARKER.indexOf('/')))) {
                    markerSeen = true;
                    continue;
                }
                if (line.startsWith("Deleted")) {
                    synchronized (deletions) {
                        deletions.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // the monitor was stopped
        }
    }

    /** The deletions of {@code address} (as {@code ip} prints it, without prefix length) seen so far. */
    public List<String> deletionsOf(String address) {
        synchronized (deletions) {
            return deletions.stream().filter(l -> l.contains(" " + address + "/")).toList();
        }
    }

    @Override
    public void close() {
        monitor.destroy();
    }

    @Override
    public String toString() {
        return "AddressWatch[" + ns + "]";
    }
}
