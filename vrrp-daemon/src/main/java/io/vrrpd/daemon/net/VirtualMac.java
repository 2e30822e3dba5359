package io.vrrpd.daemon.net;

import io.vrrpd.core.AddressFamily;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The virtual router MAC address of RFC 9568 section 7.3: {@code 00:00:5e:00:01:VRID} for IPv4
 * and {@code 00:00:5e:00:02:VRID} for IPv6. Immutable.
 */
public final class VirtualMac {
    private final AddressFamily family;
    private final int vrid;
    private final byte[] bytes;

    private VirtualMac(AddressFamily family, int vrid) {
        this.family = family;
        this.vrid = vrid;
        this.bytes = new byte[] {0x00, 0x00, 0x5e, 0x00, (byte) (family == AddressFamily.IPV4 ? 0x01 : 0x02), (byte) vrid};
    }

    /** The virtual MAC of {@code vrid} (1..255) in {@code family}. */
    public static VirtualMac of(AddressFamily family, int vrid) {
        if (family == null) {
            throw new NullPointerException("family");
        }
        if (vrid < 1 || vrid > 255) {
            throw new IllegalArgumentException("vrid " + vrid + " (expected: 1..255)");
        }
        return new VirtualMac(family, vrid);
    }

    /** True when the six bytes at {@code offset} are a VRRP virtual MAC of either family. */
    public static boolean isVirtualMac(byte[] frame, int offset) {
        return frame.length >= offset + 6 && frame[offset] == 0 && frame[offset + 1] == 0 && frame[offset + 2] == 0x5e
                && frame[offset + 3] == 0 && (frame[offset + 4] == 1 || frame[offset + 4] == 2) && frame[offset + 5] != 0;
    }

    public AddressFamily family() {
        return family;
    }

    public int vrid() {
        return vrid;
    }

    /** The six bytes, as a fresh copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VirtualMac v && v.family == family && v.vrid == vrid;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Colon-separated lower-case hex, e.g. {@code 00:00:5e:00:01:33}. */
    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
