package io.vrrpd.daemon.net;

import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import io.vrrpd.hooks.testlab.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;

/** Lab helpers for the packet I/O tests: hosts on a veth pair, channels opened in a namespace, tcpdump. */
final class NetLab {
    private NetLab() {
    }

    /** Two hosts {@code a} and {@code b} joined by a veth pair, with IPv4 192.0.2.11 / .12. */
    record Pair(String nsA, String ifA, String nsB, String ifB) {
    }

    static Pair pair(Lab lab) {
        assumeLibpcap();
        String a = lab.addHost("a", false);
        String b = lab.addHost("b", false);
        String ifA = lab.prefix() + "a";
        String ifB = lab.prefix() + "b";
        lab.veth(a, ifA, b, ifB);
        lab.in(a, "ip", "addr", "add", "192.0.2.11/24", "dev", ifA);
        lab.in(b, "ip", "addr", "add", "192.0.2.12/24", "dev", ifB);
        return new Pair(a, ifA, b, ifB);
    }

    /** Skips the calling test, naming the package, when libpcap cannot be loaded. */
    static void assumeLibpcap() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Libpcap.isAvailable(),
                () -> "lab test needs libpcap (" + Libpcap.FIX + "): " + Libpcap.unavailabilityCause());
    }

    /** Interface facts read inside {@code ns}, once the link-local address exists. */
    static PacketInterface info(String ns, String ifName) {
        assumeLibpcap();
        PacketInterface[] holder = new PacketInterface[1];
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            holder[0] = NetNamespace.callIn(ns, () -> PacketInterface.lookup(ifName));
            return holder[0].linkLocalIpv6() != null && holder[0].primaryIpv4() != null;
        });
        return holder[0];
    }

    static PacketChannel open(String ns, PacketInterface info, PacketChannel.Options options, PacketChannel.Listener l)
            throws Exception {
        assumeLibpcap();
        return NetNamespace.callIn(ns, () -> PacketChannel.open(info, options, l));
    }

    /** Records what a channel delivers. */
    static final class Recorder implements PacketChannel.Listener {
        final List<ReceivedAdvert> adverts = new CopyOnWriteArrayList<>();
        final List<DropReason> drops = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();
        volatile long lastArrivalNanos = System.nanoTime();
        private final java.util.Map<io.vrrpd.core.AddressFamily, Long> lastByFamily = new java.util.concurrent.ConcurrentHashMap<>();
        private final long created = System.nanoTime();

        @Override
        public void onAdvert(ReceivedAdvert advert) {
            adverts.add(advert);
            threads.add(Thread.currentThread().getName());
            lastArrivalNanos = System.nanoTime();
            lastByFamily.put(advert.family(), lastArrivalNanos);
        }

        long lastArrivalNanos(io.vrrpd.core.AddressFamily family) {
            return lastByFamily.getOrDefault(family, created);
        }

        final List<PacketIoException> failures = new CopyOnWriteArrayList<>();

        @Override
        public void onDropped(DropReason reason, byte[] frame) {
            drops.add(reason);
        }

        @Override
        public void onFailure(PacketIoException failure) {
            failures.add(failure);
        }

        long count(io.vrrpd.core.AddressFamily family) {
            return adverts.stream().filter(a -> a.family() == family).count();
        }
    }

    /** tcpdump writing a pcap file in a namespace; ended by PID. */
    static final class Capture implements AutoCloseable {
        final Path file;
        final Process process;
        final Path log;

        Capture(String ns, String ifName, int count, String filter) throws IOException {
            Lab.assumeTool("tcpdump", "tcpdump");
            Lab.assumeTool("tshark", "tshark");
            file = Files.createTempFile("vrrpd-pk-", ".pcap");
            log = Files.createTempFile("vrrpd-pk-", ".log");
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "tcpdump", "-i", ifName, "-n", "-U",
                    "--immediate-mode", "-w", file.toString(), "-c", Integer.toString(count)));
            cmd.addAll(Arrays.asList(filter.split(" ")));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("listening on"));
        }

        /** Waits for tcpdump to have captured its count and exit. */
        void awaitDone(Duration bound) {
            await().atMost(bound).until(() -> !process.isAlive());
        }

        /** {@code tshark -r file -T fields -E separator=| -e ...}: one line per frame. */
        List<String> fields(String... fields) {
            List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(), "-o", "ip.check_checksum:TRUE",
                    "-T", "fields", "-E", "separator=|"));
            for (String f : fields) {
                cmd.add("-e");
                cmd.add(f);
            }
            return Arrays.stream(Lab.run(cmd.toArray(String[]::new)).split("\n")).filter(s -> !s.isBlank()).toList();
        }

        @Override
        public void close() {
            process.destroy();
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // temp files
            }
        }
    }
}
