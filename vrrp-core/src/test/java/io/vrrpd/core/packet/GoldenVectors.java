package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the golden vectors (pcaps captured from keepalived and FRR, each with the tshark
 * dissection beside it) and parses the tshark text into expected values. Test-only.
 *
 * <p>Location: the system property {@code vrrpd.vectors} if set, else the project's own copy,
 * {@code vrrp-core/src/test/resources/vectors} (on the test class path as {@code vectors/}). The
 * VRRPv3 captures are at its top level ({@link #pcaps()}); the VRRPv2 ones in {@code v2/}
 * ({@link #v2Pcaps()}), which {@link #pcaps()} never lists, so no v3 test takes them.
 */
final class GoldenVectors {
    /**
     * What tshark showed for one advert. {@code interval} is the field as tshark shows it
     * (centiseconds for v3, seconds for v2); {@code authType} is -1 and {@code authString} null
     * for v3, which has neither.
     */
    record Expected(int version, int type, int vrid, int priority, int count, int interval, int checksum,
            List<InetAddress> addresses, byte[] frameHex, int authType, String authString, int frameLength) {
    }

    private GoldenVectors() {
    }

    static Path directory() {
        String override = System.getProperty("vrrpd.vectors");
        if (override != null && !override.isBlank()) {
            return requireDir(Paths.get(override));
        }
        URL readme = GoldenVectors.class.getClassLoader().getResource("vectors/README.md");
        if (readme == null || !readme.getProtocol().equals("file")) {
            throw new IllegalStateException("golden vectors not found on the test class path (expected: "
                    + "vrrp-core/src/test/resources/vectors/README.md beside the pcaps; or -Dvrrpd.vectors=DIR)");
        }
        try {
            return requireDir(Paths.get(readme.toURI()).getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("golden vectors at " + readme + ": " + e.getMessage(), e);
        }
    }

    private static Path requireDir(Path p) {
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("golden vectors: " + p + " is not a directory (set by -Dvrrpd.vectors, or"
                    + " vrrp-core/src/test/resources/vectors and its v2/)");
        }
        return p;
    }

    /** The VRRPv3 captures: the top level of the vectors folder only. */
    static List<Path> pcaps() {
        return pcapsIn(directory());
    }

    /** The VRRPv2 captures, in {@code v2/}. */
    static List<Path> v2Pcaps() {
        return pcapsIn(requireDir(directory().resolve("v2")));
    }

    private static List<Path> pcapsIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
            if (l.isEmpty()) {
                throw new IllegalStateException("no *.pcap in " + dir);
            }
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Expected expected(Path pcap) {
        Path txt = pcap.resolveSibling(pcap.getFileName().toString().replaceFirst("\\.pcap$", ".txt"));
        try {
            return parse(Files.readAllLines(txt));
        } catch (IOException e) {
            throw new UncheckedIOException("tshark text beside " + pcap, e);
        }
    }

    static Expected parse(List<String> lines) {
        boolean inVrrp = false;
        int version = -1;
        int type = -1;
        int vrid = -1;
        int priority = -1;
        int count = -1;
        int interval = -1;
        int checksum = -1;
        int authType = -1;
        String authString = null;
        int frameLength = -1;
        List<InetAddress> addresses = new ArrayList<>();
        StringBuilder hex = new StringBuilder();
        for (String raw : lines) {
            String line = raw.trim();
            if (line.startsWith("Frame Length: ")) {
                frameLength = Integer.parseInt(after(line, "Frame Length: ").split(" ")[0]);
                continue;
            }
            if (raw.startsWith("Virtual Router Redundancy Protocol")) {
                inVrrp = true;
                continue;
            }
            if (raw.matches("^[0-9a-f]{4}  .*")) {
                hex.append(raw, 6, Math.min(raw.length(), 6 + 48));
                continue;
            }
            if (!inVrrp) {
                continue;
            }
            if (line.contains("= VRRP protocol version: ")) {
                version = Integer.parseInt(after(line, "= VRRP protocol version: "));
            } else if (line.contains("= VRRP packet type: ")) {
                String t = after(line, "= VRRP packet type: ");
                type = Integer.parseInt(t.substring(t.indexOf('(') + 1, t.indexOf(')')));
            } else if (line.startsWith("Virtual Rtr ID: ")) {
                vrid = Integer.parseInt(after(line, "Virtual Rtr ID: "));
            } else if (line.startsWith("Priority: ")) {
                priority = Integer.parseInt(after(line, "Priority: ").split(" ")[0]);
            } else if (line.startsWith("Addr Count: ")) {
                count = Integer.parseInt(after(line, "Addr Count: "));
            } else if (line.contains("= Adver Int: ")) {
                interval = Integer.parseInt(after(line, "= Adver Int: "));
            } else if (line.startsWith("Adver Int: ")) { // VRRPv2: a whole byte, no bit field
                interval = Integer.parseInt(after(line, "Adver Int: "));
            } else if (line.startsWith("Auth Type: ")) {
                authType = Integer.parseInt(line.substring(line.lastIndexOf('(') + 1, line.lastIndexOf(')')));
            } else if (line.startsWith("Authentication String: ")) {
                authString = after(line, "Authentication String: ");
            } else if (line.startsWith("Checksum: 0x")) {
                checksum = Integer.parseInt(after(line, "Checksum: 0x").substring(0, 4), 16);
            } else if (line.startsWith("IP Address: ") || line.startsWith("IPv6 Address: ")) {
                addresses.add(literal(line.substring(line.indexOf(": ") + 2).trim()));
            }
        }
        String h = hex.toString().replace(" ", "");
        byte[] frame = new byte[h.length() / 2];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return new Expected(version, type, vrid, priority, count, interval, checksum, List.copyOf(addresses), frame,
                authType, authString, frameLength);
    }

    /** The one VRRP frame of a capture. */
    static PcapReader.VrrpFrame onlyFrame(Path pcap, byte[] file) {
        List<PcapReader.VrrpFrame> frames = PcapReader.read(file);
        assertEquals(1, frames.size(), "frames in " + pcap);
        return frames.get(0);
    }

    /** The decoded advert has the fields tshark showed, and the payload its checksum. */
    static void assertFields(Expected want, Advertisement a, byte[] payload) {
        assertEquals(1, want.type());
        assertEquals(want.version(), a.version().number());
        assertEquals(want.vrid(), a.vrid());
        assertEquals(want.priority(), a.priority());
        assertEquals(want.count(), a.addresses().size());
        assertEquals(want.interval(), a.wireInterval(), "tshark's Adver Int: centiseconds (v3), seconds (v2)");
        assertEquals(want.addresses(), a.addresses());
        assertEquals(want.checksum(), ((payload[6] & 0xff) << 8) | (payload[7] & 0xff));
    }

    /** {@code a} encodes to the captured payload, alone and inside a larger buffer. */
    static void assertReencodes(Advertisement a, PcapReader.VrrpFrame f, ChecksumForm form) {
        byte[] again = AdvertEncoder.encode(a, f.src(), f.dst(), form);
        assertArrayEquals(f.payload(), again);
        byte[] padded = new byte[again.length + 7];
        assertEquals(again.length, AdvertEncoder.encode(a, f.src(), f.dst(), form, padded, 3));
        assertArrayEquals(f.payload(), java.util.Arrays.copyOfRange(padded, 3, 3 + again.length));
    }

    /** The first captured frame of a classic pcap, as the tshark hex dump shows it. */
    static byte[] frameBytes(byte[] pcapFile) {
        int incl = java.nio.ByteBuffer.wrap(pcapFile).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(24 + 8);
        if (incl < 0 || incl > pcapFile.length) {
            incl = java.nio.ByteBuffer.wrap(pcapFile).getInt(24 + 8);
        }
        return java.util.Arrays.copyOfRange(pcapFile, 40, 40 + incl);
    }

    private static String after(String line, String marker) {
        return line.substring(line.indexOf(marker) + marker.length()).trim();
    }

    private static InetAddress literal(String s) {
        if (!s.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("not an address literal: " + s); // never resolve names
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
