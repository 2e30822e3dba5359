package io.vrrpd.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Captures VRRP adverts (IP protocol 112) on one interface of one namespace with tcpdump
 * ({@code -U -w FILE}), then decodes them independently with tshark.
 *
 * <p>{@link #start} returns only once tcpdump reports {@code listening on}, so an event
 * triggered afterwards is in the capture. {@link #packetCount()} reads the pcap file itself,
 * so a test can wait for adverts to be on record before and after an event.
 *
 * <p>Without tcpdump (or with {@code -Dlab.capture=dumpcap}) it captures with dumpcap, which
 * comes with tshark: ready at {@code Capturing on}, pcap format ({@code -P}), microsecond
 * timestamps. dumpcap writes the file in batches, so {@link #packetCount()} lags by up to about
 * a second there; the timestamps are the kernel's either way.
 */
public final class AdvertCapture implements AutoCloseable {
    private static final Duration READY_BOUND = Duration.ofSeconds(5);
    private static final String FILTER = "ip proto 112 or ip6 proto 112";

    private final String ns;
    private final String ifname;
    private final Path dir;
    private final Path pcap;
    private final Process capturer;
    private final StringBuffer stderr;
    private List<Advert> adverts;

    /**
     * A VRRP advert as tshark decoded it. {@code time} is the capture time in epoch seconds;
     * {@code intervalCentis} is the interval field as sent (whole seconds for VRRPv2);
     * {@code authType} VRRPv2's auth type (0 none, 1 simple password), -1 for VRRPv3.
     */
    public record Advert(double time, String source, int version, int vrid, int priority,
                         int intervalCentis, String checksumStatus, String destination, int hopLimit, int authType) {
        /** tshark's verdict on the checksum (its default IPv4 form includes the pseudo-header). */
        public boolean checksumGood() {
            return checksumStatus.equals("1") || checksumStatus.equalsIgnoreCase("Good");
        }
    }

    private AdvertCapture(String ns, String ifname, Path dir, Process capturer, StringBuffer stderr) {
        this.ns = ns;
        this.ifname = ifname;
        this.dir = dir;
        this.pcap = dir.resolve("adverts.pcap");
        this.capturer = capturer;
        this.stderr = stderr;
    }

    /** Starts tcpdump on {@code ifname} in {@code ns}; returns when it is listening (bounded). */
    public static AdvertCapture start(String ns, String ifname) {
        LabFiles.requireTool("tshark", "tshark");
        String tool = System.getProperty("lab.capture", LabFiles.installed("tcpdump") ? "tcpdump" : "dumpcap");
        Path dir = LabFiles.newDir("adverts-" + ns + "-");
        Path pcap = dir.resolve("adverts.pcap");
        List<String> cmd;
        String ready;
        if (tool.equals("tcpdump")) {
            LabFiles.requireTool("tcpdump", "tcpdump");
            cmd = List.of("ip", "netns", "exec", ns, "tcpdump", "-i", ifname, "-n", "-U", "-Z", "root",
                    "-s", "256", "--time-stamp-precision=nano", "-w", pcap.toString(), FILTER);
            ready = "listening on";
        } else if (tool.equals("dumpcap")) {
            LabFiles.requireTool("dumpcap", "wireshark-common");
            cmd = List.of("ip", "netns", "exec", ns, "dumpcap", "-i", ifname, "-P", "-q", "-s", "256",
                    "-f", FILTER, "-w", pcap.toString());
            ready = "Capturing on";
        } else {
            throw new IllegalArgumentException("lab.capture=" + tool + " (expected: tcpdump or dumpcap)");
        }
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + tool + " in " + ns, e);
        }
        StringBuffer err = new StringBuffer();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    err.append(line).append('\n');
                    if (line.contains(ready)) {
                        listening.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process went away
            }
            listening.completeExceptionally(new IllegalStateException(tool + " ended"));
        }, tool + "-stderr-" + ns);
        reader.setDaemon(true);
        reader.start();
        AdvertCapture capture = new AdvertCapture(ns, ifname, dir, p, err);
        try {
            listening.get(READY_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            p.destroyForcibly();
            throw new IllegalStateException(tool + " on " + ifname + " in " + ns + " not capturing within "
                    + READY_BOUND + ": " + err, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException(e);
        }
        return capture;
    }

    public Path pcapFile() {
        return pcap;
    }

    /** Packets written to the pcap file so far (tcpdump flushes each one with {@code -U}; dumpcap in batches). */
    public int packetCount() {
        byte[] bytes;
        try {
            bytes = Files.exists(pcap) ? Files.readAllBytes(pcap) : new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length < 24) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int magic = b.getInt(0);
        b.order(magic == 0xa1b2c3d4 || magic == 0xa1b23c4d ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        int count = 0;
        int pos = 24;
        while (pos + 16 <= bytes.length) {
            int inclLen = b.getInt(pos + 8);
            if (inclLen < 0 || pos + 16 + inclLen > bytes.length) {
                break;
            }
            pos += 16 + inclLen;
            count++;
        }
        return count;
    }

    /** Stops the capture (SIGTERM, so it flushes) and waits for it, bounded. Idempotent. */
    public void stop() {
        if (!capturer.isAlive()) {
            return;
        }
        capturer.destroy();
        try {
            if (!capturer.waitFor(5, TimeUnit.SECONDS)) {
                capturer.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            capturer.destroyForcibly();
        }
    }

    /** Stops the capture if needed and decodes it with tshark (once; the result is cached). */
    public synchronized List<Advert> adverts() {
        if (adverts != null) {
            return adverts;
        }
        stop();
        List<String> cmd = List.of("tshark", "-r", pcap.toString(), "-Y", "vrrp", "-T", "fields",
                "-E", "separator=|", "-E", "occurrence=f",
                "-e", "frame.time_epoch", "-e", "ip.src", "-e", "ipv6.src", "-e", "vrrp.version",
                "-e", "vrrp.virt_rtr_id", "-e", "vrrp.prio", "-e", "vrrp.short_adver_int", "-e", "vrrp.adver_int",
                "-e", "vrrp.checksum.status", "-e", "ip.dst", "-e", "ipv6.dst", "-e", "ip.ttl", "-e", "ipv6.hlim",
                "-e", "vrrp.auth_type");
        String out;
        try {
            Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("tshark.err").toFile()).start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("tshark failed on " + pcap + ": "
                        + Files.readString(dir.resolve("tshark.err")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<Advert> result = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\\|", -1);
            String src = !f[1].isEmpty() ? f[1] : f[2];
            String interval = !f[6].isEmpty() ? f[6] : f[7];
            result.add(new Advert(Double.parseDouble(f[0]), src, parseInt(f[3]), parseInt(f[4]), parseInt(f[5]),
                    parseInt(interval), f[8], !f[9].isEmpty() ? f[9] : f[10], parseInt(!f[11].isEmpty() ? f[11] : f[12]),
                    f.length > 13 ? parseInt(f[13]) : -1));
        }
        adverts = Collections.unmodifiableList(result);
        return adverts;
    }

    private static int parseInt(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        return s.startsWith("0x") ? Integer.parseInt(s.substring(2), 16) : Integer.parseInt(s);
    }

    /** Adverts to one destination address (a unicast peer, or the group), in capture order. */
    public List<Advert> to(String destination) {
        return adverts().stream().filter(a -> a.destination().equals(destination)).toList();
    }

    /** Adverts from one source address, in capture order. */
    public List<Advert> from(String source) {
        return adverts().stream().filter(a -> a.source().equals(source)).toList();
    }

    /**
     * The time between {@code oldMaster}'s last advert (priority 0 included) and
     * {@code newMaster}'s first advert after it. Throws, naming what was seen, when either is missing.
     */
    public Duration failoverGap(String oldMaster, String newMaster) {
        List<Advert> all = adverts();
        Advert last = null;
        for (Advert a : all) {
            if (a.source().equals(oldMaster)) {
                last = a;
            }
        }
        if (last == null) {
            throw new IllegalStateException("no advert from " + oldMaster + " in the capture; " + summary());
        }
        for (Advert a : all) {
            if (a.source().equals(newMaster) && a.time() > last.time()) {
                return Duration.ofNanos(Math.round((a.time() - last.time()) * 1e9));
            }
        }
        throw new IllegalStateException("no advert from " + newMaster + " after " + oldMaster + "'s last at "
                + last.time() + "; " + summary());
    }

    /**
     * The longest time between two consecutive adverts from {@code source} (whichever process
     * sent them); throws when fewer than two were captured.
     */
    public Duration largestGap(String source) {
        List<Advert> seen = from(source);
        if (seen.size() < 2) {
            throw new IllegalStateException(seen.size() + " advert(s) from " + source + "; " + summary());
        }
        double largest = 0;
        for (int n = 1; n < seen.size(); n++) {
            largest = Math.max(largest, seen.get(n).time() - seen.get(n - 1).time());
        }
        return Duration.ofNanos(Math.round(largest * 1e9));
    }

    /** Counts per source, for failure messages. */
    public String summary() {
        StringBuilder b = new StringBuilder("captured on " + ifname + " in " + ns + ": ");
        adverts().stream().collect(java.util.stream.Collectors.groupingBy(Advert::source,
                java.util.TreeMap::new, java.util.stream.Collectors.counting()))
                .forEach((src, n) -> b.append(src).append('=').append(n).append(' '));
        return b.append("(file ").append(pcap).append(')').toString();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "capture[" + ns + " " + ifname + " " + pcap + "]";
    }
}
