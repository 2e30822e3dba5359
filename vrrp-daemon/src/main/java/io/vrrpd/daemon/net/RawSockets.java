package io.vrrpd.daemon.net;

import io.vrrpd.hooks.kernel.KernelException;

/**
 * Whether the kernel lets this process open the raw sockets packet I/O is made of, asked once
 * at start-up: {@code AF_PACKET} (what libpcap captures and sends adverts, ARP and NA through)
 * and {@code AF_INET}/{@code SOCK_RAW} for protocol 112 (unicast adverts). Capabilities in
 * {@code /proc/self/status} are not the whole answer: a user namespace that does not own the
 * network namespace, a seccomp filter (systemd's {@code RestrictAddressFamilies=}) or a security
 * module refuse the socket all the same.
 */
public final class RawSockets {
    private static final int IPPROTO_VRRP = 112;

    private RawSockets() {
    }

    /** Opens and closes one socket of each kind; the first refusal is thrown, naming the call. */
    public static void probe() throws KernelException {
        RawIpNative.close(RawIpNative.socket(RawIpNative.AF_PACKET, 0));
        RawIpNative.close(RawIpNative.socket(RawIpNative.AF_INET, IPPROTO_VRRP));
    }

    /** Whether {@code e} refused a packet socket (as opposed to a raw IP one). */
    public static boolean isPacketSocket(KernelException e) {
        return e.call().startsWith("socket(AF_PACKET");
    }
}
