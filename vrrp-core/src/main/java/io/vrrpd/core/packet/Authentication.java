package io.vrrpd.core.packet;

import java.util.Objects;

/**
 * The authentication of a VRRPv2 advert (RFC 3768 section 5.3.6, RFC 2338 section 5.3.6): its
 * Auth Type and the 8 bytes of Authentication Data after the address list. VRRPv3 has none.
 *
 * <p>Two kinds exist here: {@link #NONE} (type 0) and a simple password (type 1, keepalived's
 * {@code auth_type PASS}), up to 8 bytes sent in clear and padded with zeros. Type 2 (IP
 * Authentication Header) is refused by the decoder ({@link RejectReason#AUTH_TYPE_AH}).
 *
 * <p>The password is a secret: {@link #toString()} never shows it, no accessor returns it, and
 * {@link #hashCode()} depends on the type alone. The 8 bytes are held as one {@code long}, so
 * comparing a received advert's data with ours is one comparison that allocates nothing.
 */
public final class Authentication {

    /** The Auth Type field. */
    public enum Type {
        /** 0: no authentication; the data is sent as zeros and ignored on receive. */
        NONE(0),
        /** 1: a password of up to 8 bytes in the data field (RFC 2338; reserved in RFC 3768). */
        SIMPLE_PASSWORD(1);

        private final int wireValue;

        Type(int wireValue) {
            this.wireValue = wireValue;
        }

        /** The Auth Type byte. */
        public int wireValue() {
            return wireValue;
        }
    }

    /** Bytes of Authentication Data in every VRRPv2 advert. */
    public static final int DATA_LENGTH = 8;
    /** Auth Type 2, IP Authentication Header (RFC 2338), which vrrpd does not implement. */
    public static final int TYPE_IP_AH = 2;

    /** No authentication: auth type 0, data zero. Also what every VRRPv3 advert carries. */
    public static final Authentication NONE = new Authentication(Type.NONE, 0L);

    private final Type type;
    /** The 8 data bytes, big-endian; 0 for {@link Type#NONE}. */
    private final long data;

    private Authentication(Type type, long data) {
        this.type = type;
        this.data = data;
    }

    /**
     * A simple password (auth type 1): 1 to 8 bytes, padded with zeros to 8 on the wire, as
     * keepalived does with {@code auth_pass}. The array is not kept.
     *
     * @throws IllegalArgumentException when empty or longer than 8 bytes (the message gives the
     *                                  length only)
     */
    public static Authentication simplePassword(byte[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length < 1 || password.length > DATA_LENGTH) {
            throw new IllegalArgumentException("password of " + password.length
                    + " bytes (expected: 1-" + DATA_LENGTH + " bytes)");
        }
        long d = 0;
        for (int i = 0; i < DATA_LENGTH; i++) {
            d = (d << 8) | (i < password.length ? password[i] & 0xff : 0);
        }
        return new Authentication(Type.SIMPLE_PASSWORD, d);
    }

    /**
     * What a received advert carries: type 0 is {@link #NONE} whatever its data (RFC 3768 section
     * 5.3.10: ignored on reception); type 1 keeps the 8 bytes at {@code offset}.
     */
    static Authentication fromWire(Type type, byte[] buf, int offset) {
        if (type == Type.NONE) {
            return NONE;
        }
        long d = 0;
        for (int i = 0; i < DATA_LENGTH; i++) {
            d = (d << 8) | (buf[offset + i] & 0xff);
        }
        return new Authentication(type, d);
    }

    /** The Auth Type. */
    public Type type() {
        return type;
    }

    /** Whether this is {@link #NONE}. */
    public boolean isNone() {
        return type == Type.NONE;
    }

    /** Writes the 8 data bytes at {@code offset} (zeros for {@link #NONE}). */
    void writeData(byte[] out, int offset) {
        for (int i = 0; i < DATA_LENGTH; i++) {
            out[offset + i] = (byte) (data >>> (8 * (DATA_LENGTH - 1 - i)));
        }
    }

    /** Same type and same data. Comparing passwords this way takes the same time whatever they hold. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Authentication a && type == a.type && data == a.data;
    }

    /** The type's hash alone: a hash of the password would say something about it. */
    @Override
    public int hashCode() {
        return type.ordinal();
    }

    /** {@code none} or {@code simple password (not shown)}: never the password. */
    @Override
    public String toString() {
        return type == Type.NONE ? "none" : "simple password (not shown)";
    }
}
