package io.vrrpd.core.packet;

import io.vrrpd.core.AddressFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Minimal classic-pcap reader for the golden vectors: global header, record headers, Ethernet
 * (with optional 802.1Q tags), IPv4 or IPv6, down to the VRRP payload. Test-only.
 */
final class PcapReader {
    /** One captured VRRP packet: what the IP header said and the payload after it. */
    record VrrpFrame(AddressFamily family, int hopLimit, byte[] src, byte[] dst, byte[] payload) {
    }

    private PcapReader() {
    }

    static List<VrrpFrame> read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file);
        int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw new IllegalArgumentException("pcap magic " + Integer.toHexString(magic)
                    + " (expected: a1b2c3d4 or a1b23c4d in either byte order; pcapng is not supported)");
        }
        int linkType = b.getInt(20);
        if (linkType != 1) {
            throw new IllegalArgumentException("link type " + linkType + " (expected: 1, Ethernet)");
        }
        List<VrrpFrame> frames = new ArrayList<>();
        int p = 24;
        while (p + 16 <= file.length) {
            int incl = b.getInt(p + 8);
            int start = p + 16;
            frames.add(frame(Arrays.copyOfRange(file, start, start + incl)));
            p = start + incl;
        }
        return frames;
    }

    private static VrrpFrame frame(byte[] f) {
        ByteBuffer b = ByteBuffer.wrap(f);
        int p = 12;
        int etherType = b.getShort(p) & 0xffff;
        while (etherType == 0x8100 || etherType == 0x88a8) {
            p += 4;
            etherType = b.getShort(p) & 0xffff;
        }
        p += 2;
        if (etherType == 0x0800) {
            int ihl = (f[p] & 0x0f) * 4;
            int total = b.getShort(p + 2) & 0xffff;
            requireProto(f[p + 9] & 0xff);
            return new VrrpFrame(AddressFamily.IPV4, f[p + 8] & 0xff,
                    Arrays.copyOfRange(f, p + 12, p + 16), Arrays.copyOfRange(f, p + 16, p + 20),
                    Arrays.copyOfRange(f, p + ihl, p + total));
        }
        if (etherType == 0x86dd) {
            int payloadLength = b.getShort(p + 4) & 0xffff;
            requireProto(f[p + 6] & 0xff);
            return new VrrpFrame(AddressFamily.IPV6, f[p + 7] & 0xff,
                    Arrays.copyOfRange(f, p + 8, p + 24), Arrays.copyOfRange(f, p + 24, p + 40),
                    Arrays.copyOfRange(f, p + 40, p + 40 + payloadLength));
        }
        throw new IllegalArgumentException("ethertype 0x" + Integer.toHexString(etherType)
                + " (expected: 0x0800 or 0x86dd)");
    }

    private static void requireProto(int proto) {
        if (proto != AddressFamily.IP_PROTOCOL_VRRP) {
            throw new IllegalArgumentException("IP protocol " + proto + " (expected: 112 without extension headers)");
        }
    }
}
