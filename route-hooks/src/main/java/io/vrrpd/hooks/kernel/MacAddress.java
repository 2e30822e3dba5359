package io.vrrpd.hooks.kernel;

import java.util.Arrays;
import java.util.HexFormat;

/** A link-layer address (6 bytes for Ethernet), immutable; text form {@code 52:54:00:12:34:56}. */
public final class MacAddress {
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; any non-empty length is accepted (links other than Ethernet exist). */
    public static MacAddress of(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("link-layer address of " + (bytes == null ? "null" : "0 bytes")
                    + " (expected: 1+ bytes, 6 for Ethernet)");
        }
        return new MacAddress(bytes.clone());
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (case-insensitive; '-' also accepted as separator). */
    public static MacAddress parse(String text) {
        String[] parts = text.trim().split("[:-]");
        byte[] b = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].length() != 2) {
                throw new IllegalArgumentException("link-layer address '" + text + "': octet '" + parts[i]
                        + "' (expected: two hex digits, e.g. 52:54:00:12:34:56)");
            }
            try {
                b[i] = (byte) Integer.parseInt(parts[i], 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("link-layer address '" + text + "': octet '" + parts[i]
                        + "' is not hex (expected: e.g. 52:54:00:12:34:56)", e);
            }
        }
        return new MacAddress(b);
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress m && Arrays.equals(bytes, m.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.ofDelimiter(":").formatHex(bytes);
    }
}
