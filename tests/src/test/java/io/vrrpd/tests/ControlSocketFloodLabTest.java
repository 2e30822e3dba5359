package io.vrrpd.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vrrpd.daemon.control.ControlClient;
import io.vrrpd.daemon.control.ControlProtocol;
import io.vrrpd.lab.AdvertCapture;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.Family;
import io.vrrpd.lab.VrrpdPeer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A local user who may only read the control socket floods it: 50 connections send 200
 * {@code watch} lines each (10,000 requests), 40 more send one each, and none of them ever
 * reads a byte, while the master's other
 * instances are drained and undrained so that it publishes transitions. The master's adverts
 * must keep their cadence on the wire (no gap reaches the backup's master-down interval, and the
 * backup never takes over), and the daemon's memory must not grow with what it cannot send.
 */
class ControlSocketFloodLabTest extends SharedLabSupport {
    private static final Duration INTERVAL = Duration.ofMillis(100);
    private static final int CLIENTS = 50;
    private static final int LINES_EACH = 200;
    private static final int BUSY_INSTANCES = 10;
    private static final int WATCHERS = 40;
    private static final int CYCLES = 20;

    @Test
    void tenThousandWatchRequestsFromClientsThatNeverReadDoNotDelayAdverts() throws Exception {
        VrrpdPeer.Config gw4 = VrrpdPeer.Config.ipv4("gw4", 150).withAdvertInterval(INTERVAL);
        List<VrrpdPeer.Config> busy = new ArrayList<>();
        for (int i = 0; i < BUSY_INSTANCES; i++) {
            busy.add(new VrrpdPeer.Config("busy" + i, Family.IPV4, BladeLab.LAN_IF, null, 60 + i, 150, INTERVAL,
                    List.of("192.0.2." + (150 + i) + "/24"), null, null));
        }
        VrrpdPeer v1 = vrrpd(bl.r1(), gw4, busy.toArray(VrrpdPeer.Config[]::new));
        VrrpdPeer v2 = vrrpd(bl.r2(), gw4.withPriority(100));
        awaitState(v1, "gw4", "MASTER");
        awaitState(v2, "gw4", "BACKUP");
        for (VrrpdPeer.Config b : busy) {
            awaitState(v1, b.name(), "MASTER");
        }
        String master = bl.lanAddress(bl.r1(), Family.IPV4);
        long rssBefore = rssKb(v1.pid());
        String heapBefore = heap(v1.pid());

        List<SocketChannel> flood = new ArrayList<>();
        try (AdvertCapture capture = AdvertCapture.start(bl.r2(), BladeLab.LAN_IF)) {
            double floodStart = epochSeconds();
            byte[] lines = ("{\"version\":1,\"command\":\"watch\",\"args\":{}}\n").repeat(LINES_EACH)
                    .getBytes(StandardCharsets.UTF_8);
            for (int c = 0; c < CLIENTS; c++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                flood.add(ch);
                try {
                    ch.connect(UnixDomainSocketAddress.of(v1.socket()));
                    ch.configureBlocking(false);
                    ch.write(ByteBuffer.wrap(lines)); // what does not fit stays unsent; nobody ever reads
                } catch (IOException refused) {
                    // a server that limits connections may refuse some: that is allowed
                }
            }
            for (int w = 0; w < WATCHERS; w++) {
                SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                flood.add(ch);
                try {
                    ch.connect(UnixDomainSocketAddress.of(v1.socket()));
                    ch.write(ByteBuffer.wrap("{\"version\":1,\"command\":\"watch\",\"args\":{}}\n".getBytes(StandardCharsets.UTF_8)));
                } catch (IOException refused) {
                    // beyond the connection limit
                }
            }
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                act(v1.socket(), "drain");
                awaitAll(v1, busy, "INIT");
                act(v1.socket(), "undrain");
                awaitAll(v1, busy, "MASTER");
            }
            double floodEnd = epochSeconds();
            long rssAfter = rssKb(v1.pid());
            String heapAfter = heap(v1.pid());
            capture.stop();

            double maxGap = 0;
            double last = -1;
            int counted = 0;
            for (AdvertCapture.Advert a : capture.adverts()) {
                if (a.vrid() != 51 || !a.source().equals(master) || a.time() < floodStart || a.time() > floodEnd) {
                    continue;
                }
                if (last >= 0) {
                    maxGap = Math.max(maxGap, a.time() - last);
                }
                last = a.time();
                counted++;
            }
            double masterDown = 3 * INTERVAL.toMillis() / 1000.0 + (256 - 100) * INTERVAL.toMillis() / 1000.0 / 256;
            System.out.printf("flood: %d clients x %d watch lines and %d watchers, none reading; %d drain/undrain cycles"
                            + " of %d instances over %.1f s; gw4 adverts %d, longest gap %.1f ms (master-down %.1f ms);"
                            + " daemon RSS %d -> %d MiB, heap %s -> %s%n",
                    CLIENTS, LINES_EACH, WATCHERS, CYCLES, BUSY_INSTANCES, floodEnd - floodStart, counted, maxGap * 1000,
                    masterDown * 1000, rssBefore / 1024, rssAfter / 1024, heapBefore, heapAfter);
            assertTrue(counted > (floodEnd - floodStart) / (INTERVAL.toMillis() / 1000.0) / 2,
                    "too few adverts on record to judge: " + counted);
            assertTrue(maxGap < masterDown, String.format("an advert gap of %.1f ms reached the backup's master-down"
                    + " interval (%.1f ms)", maxGap * 1000, masterDown * 1000));
            assertEquals("BACKUP", v2.state("gw4"), "the backup took over");
            assertEquals(0, v2.instance("gw4").path("counters").path("master-transitions").asInt(), "the backup was master");
            // what the daemon keeps, after a full collection: RSS is no measure under ZGC, which maps its
            // heap three times, so a heap whose capacity grew by 26 MiB shows as 78 MiB more RSS
            long keptBefore = liveHeapKb(v1.pid());
            assertTrue(keptBefore - heapUsedKb(heapBefore) < 64 * 1024, "the daemon keeps "
                    + (keptBefore - heapUsedKb(heapBefore)) / 1024 + " MiB more than before the flood: " + heap(v1.pid()));
            JsonNode status = ControlClient.call(v1.socket(), "status", null);
            assertTrue(status.path("ok").asBoolean(), "status still answers: " + status);
        } finally {
            for (SocketChannel ch : flood) {
                ch.close();
            }
        }
    }

    /** Every instance of {@code busy} in {@code state}, within one bound for them all. */
    private static void awaitAll(VrrpdPeer peer, List<VrrpdPeer.Config> busy, String state) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(POLL).until(() -> busy.stream()
                .allMatch(b -> state.equals(peer.stateOrDown(b.name()))));
    }

    private static void act(Path socket, String command) throws IOException {
        ObjectNode args = ControlProtocol.JSON.createObjectNode();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < BUSY_INSTANCES; i++) {
            names.add("busy" + i);
        }
        names.forEach(args.putArray("instances")::add);
        JsonNode answer = ControlClient.call(socket, command, args);
        assertTrue(answer.path("ok").asBoolean(), command + ": " + answer);
    }

    private static double epochSeconds() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** The daemon's heap as its JVM reports it ({@code jcmd PID GC.heap_info}, first line), for the record. */
    private static String heap(long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().filter(l -> l.contains("used")).findFirst().map(String::strip).orElse("?");
        } catch (IOException | InterruptedException e) {
            return "?";
        }
    }

    /** The heap in use after a full collection, in KiB. */
    private static long liveHeapKb(long pid) {
        try {
            Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), "GC.run").redirectErrorStream(true).start();
            gc.getInputStream().readAllBytes();
            gc.waitFor();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("jcmd GC.run failed", e);
        }
        return heapUsedKb(heap(pid));
    }

    /** "used 34M" (or K/G) of a GC.heap_info line, in KiB. */
    private static long heapUsedKb(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("used (\\d+)([KMG])").matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("no heap use in: " + line);
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "K" -> n;
            case "M" -> n * 1024;
            default -> n * 1024 * 1024;
        };
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }
}
