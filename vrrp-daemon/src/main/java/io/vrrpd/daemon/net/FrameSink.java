package io.vrrpd.daemon.net;

/** Where complete Ethernet frames go out; {@link PacketChannel} is the real one. */
@FunctionalInterface
public interface FrameSink {
    /** Puts {@code frame} on the wire as it is. */
    void send(byte[] frame) throws PacketIoException;
}
