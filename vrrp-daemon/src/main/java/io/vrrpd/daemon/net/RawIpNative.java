package io.vrrpd.daemon.net;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.vrrpd.hooks.kernel.KernelException;

import java.nio.charset.StandardCharsets;

/**
 * The whole native surface of {@link UnicastSocket} and {@link RawSockets}: {@code socket}, {@code setsockopt},
 * {@code bind}, {@code sendto} and {@code close} over JNA direct mapping. Setup calls turn errno
 * into a {@link KernelException} naming the call (route-hooks' convention); {@link #sendTo}, the
 * per-advert call, returns the errno instead, so a peer the kernel cannot reach costs no exception
 * and no allocation. Assumes an LP64 Linux (size_t is a Java long).
 */
final class RawIpNative {
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int AF_PACKET = 17;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;

    static final int SOL_SOCKET = 1;
    static final int SO_BINDTODEVICE = 25;
    static final int SO_ATTACH_FILTER = 26;
    static final int IPPROTO_IP = 0;
    static final int IP_TOS = 1;
    static final int IP_TTL = 2;
    static final int IP_MTU_DISCOVER = 10;

    static final int IP_PMTUDISC_DONT = 0;
    static final int IPPROTO_IPV6 = 41;
    static final int IPV6_UNICAST_HOPS = 16;
    static final int IPV6_TCLASS = 67;

    static final int MSG_DONTWAIT = 0x40;

    private static final int EINTR = 4;

    private RawIpNative() {
    }

    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int socket(int domain, int type, int protocol);

        static native int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

        static native int bind(int fd, Pointer addr, int addrlen);

        static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

        static native int close(int fd);
    }

    /** {@code socket(family, SOCK_RAW|SOCK_CLOEXEC, protocol)}. */
    static int socket(int family, int protocol) throws KernelException {
        int fd = LibC.socket(family, SOCK_RAW | SOCK_CLOEXEC, protocol);
        if (fd < 0) {
            throw new KernelException("socket(" + familyName(family) + ", SOCK_RAW, "
                    + protocol + ")", Native.getLastError());
        }
        return fd;
    }

    private static String familyName(int family) {
        return switch (family) {
            case AF_INET -> "AF_INET";
            case AF_INET6 -> "AF_INET6";
            case AF_PACKET -> "AF_PACKET";
            default -> Integer.toString(family);
        };
    }

    static void setInt(int fd, int level, int option, int value, String name) throws KernelException {
        Memory v = new Memory(4);
        v.setInt(0, value);
        if (LibC.setsockopt(fd, level, option, v, 4) != 0) {
            throw new KernelException("setsockopt(" + name + ")", Native.getLastError());
        }
    }

    /** {@code SO_BINDTODEVICE}: the socket sends (and would receive) on {@code ifname} only. */
    static void bindToDevice(int fd, String ifname) throws KernelException {
        byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
        Memory v = new Memory(name.length + 1L);
        v.clear();
        v.write(0, name, 0, name.length);
        if (LibC.setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, v, name.length + 1) != 0) {
            throw new KernelException("setsockopt(SO_BINDTODEVICE, " + ifname + ")", Native.getLastError());
        }
    }

    /**
     * Attaches the classic BPF program {@code ret #0}: the socket accepts no packet. A raw socket
     * of protocol 112 would otherwise queue a copy of every advert on the host (receive is pcap's
     * job), as keepalived's send sockets do not either.
     */
    static void receiveNothing(int fd) throws KernelException {
        Memory filter = new Memory(8);       // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }
        filter.setShort(0, (short) 0x06);    // BPF_RET | BPF_K
        filter.setByte(2, (byte) 0);
        filter.setByte(3, (byte) 0);
        filter.setInt(4, 0);
        Memory prog = new Memory(16);        // struct sock_fprog { u16 len; (pad) struct sock_filter *filter; }
        prog.clear();
        prog.setShort(0, (short) 1);
        prog.setPointer(8, filter);
        if (LibC.setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, prog, 16) != 0) {
            throw new KernelException("setsockopt(SO_ATTACH_FILTER)", Native.getLastError());
        }
    }

    static void bind(int fd, byte[] sockaddr, String what) throws KernelException {
        Memory a = new Memory(sockaddr.length);
        a.write(0, sockaddr, 0, sockaddr.length);
        if (LibC.bind(fd, a, sockaddr.length) != 0) {
            throw new KernelException("bind(" + what + ")", Native.getLastError());
        }
    }

    /** Sends one datagram without blocking; returns 0, or the errno (EAGAIN when the queue is full). */
    static int sendTo(int fd, byte[] buf, int length, byte[] sockaddr) {
        while (true) {
            long n = LibC.sendto(fd, buf, length, MSG_DONTWAIT, sockaddr, sockaddr.length);
            if (n >= 0) {
                return 0;
            }
            int errno = Native.getLastError();
            if (errno != EINTR) {
                return errno;
            }
        }
    }

    static void close(int fd) {
        LibC.close(fd);
    }
}
