package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;

import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The whole native surface of the rtnetlink layer: {@code socket}, {@code bind},
 * {@code setsockopt}, {@code sendto}, {@code recv} and {@code close} over JNA direct mapping.
 * Every call that fails becomes a {@link KernelException} naming the call; nothing else in the
 * package touches JNA. Assumes an LP64 Linux (size_t is a Java long), which the availability
 * probe checks.
 */
final class RtNetlinkNative {
    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;

    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_RCVTIMEO = 20;
    static final int SOL_NETLINK = 270;
    static final int NETLINK_CAP_ACK = 10;
    static final int NETLINK_EXT_ACK = 11;

    static final int MSG_TRUNC = 0x20;

    private static final int EINTR = 4;

    private RtNetlinkNative() {
    }

    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int socket(int domain, int type, int protocol);

        static native int bind(int fd, byte[] addr, int addrlen);

        static native int setsockopt(int fd, int level, int optname, byte[] optval, int optlen);

        static native long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen);

        static native long recv(int fd, ByteBuffer buf, long len, int flags);

        static native int close(int fd);
    }

    /** Loads the mapping; throws what prevents it (UnsatisfiedLinkError, or a 32-bit platform). */
    static void load() {
        if (!Platform.isLinux()) {
            throw new UnsupportedOperationException("rtnetlink needs Linux, this is " + System.getProperty("os.name"));
        }
        if (Native.SIZE_T_SIZE != 8) {
            throw new UnsupportedOperationException("rtnetlink mapping assumes a 64-bit platform, size_t is "
                    + Native.SIZE_T_SIZE + " bytes");
        }
        LibC.close(-1); // forces class initialisation, i.e. Native.register
    }

    /** {@code socket(AF_NETLINK, SOCK_RAW|SOCK_CLOEXEC, NETLINK_ROUTE)}. */
    static int socket() throws KernelException {
        int fd = LibC.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0) {
            throw new KernelException("socket(AF_NETLINK, NETLINK_ROUTE)", Native.getLastError());
        }
        return fd;
    }

    /** Binds to a kernel-assigned port id and the given multicast groups (RTMGRP_* bits). */
    static void bind(int fd, int groups) throws KernelException {
        if (LibC.bind(fd, sockaddrNl(groups), 12) != 0) {
            throw new KernelException("bind(AF_NETLINK, groups=0x" + Integer.toHexString(groups) + ")", Native.getLastError());
        }
    }

    static void setIntOption(int fd, int level, int option, int value, String name) throws KernelException {
        byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        if (LibC.setsockopt(fd, level, option, v, 4) != 0) {
            throw new KernelException("setsockopt(" + name + ")", Native.getLastError());
        }
    }

    /** Sets SO_RCVTIMEO, so a blocked {@link #recv} returns -1 after {@code millis}. */
    static void setReceiveTimeout(int fd, long millis) throws KernelException {
        byte[] tv = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder())
                .putLong(millis / 1000).putLong((millis % 1000) * 1000).array();
        if (LibC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) != 0) {
            throw new KernelException("setsockopt(SO_RCVTIMEO)", Native.getLastError());
        }
    }

    /** Sends one datagram (a whole request) to the kernel (port id 0). */
    static void send(int fd, byte[] message, int length, String call) throws KernelException {
        byte[] kernel = sockaddrNl(0);
        while (true) {
            long n = LibC.sendto(fd, message, length, 0, kernel, 12);
            if (n >= 0) {
                if (n != length) {
                    throw new KernelException("sendto(" + call + ")", Errno.EIO, "short send: " + n + " of " + length + " bytes");
                }
                return;
            }
            int errno = Native.getLastError();
            if (errno != EINTR) {
                throw new KernelException("sendto(" + call + ")", errno);
            }
        }
    }

    /**
     * Receives one datagram into {@code buffer} (direct) from position 0 and returns its length,
     * or -1 when the receive timeout passed first.
     */
    static int recv(int fd, ByteBuffer buffer, String call) throws KernelException {
        while (true) {
            long n = LibC.recv(fd, buffer, buffer.capacity(), MSG_TRUNC);
            if (n >= 0) {
                if (n > buffer.capacity()) {
                    throw new KernelException("recv(" + call + ")", Errno.EMSGSIZE, "message of " + n + " bytes truncated to "
                            + buffer.capacity() + " (expected: at most " + buffer.capacity() + " bytes)");
                }
                return (int) n;
            }
            int errno = Native.getLastError();
            if (errno == Errno.EAGAIN) {
                return -1;
            }
            if (errno != EINTR) {
                throw new KernelException("recv(" + call + ")", errno);
            }
        }
    }

    static void close(int fd) throws KernelException {
        if (LibC.close(fd) != 0) {
            throw new KernelException("close(netlink)", Native.getLastError());
        }
    }

    private static byte[] sockaddrNl(int groups) {
        // struct sockaddr_nl { sa_family_t nl_family; unsigned short nl_pad; __u32 nl_pid; __u32 nl_groups; }
        return ByteBuffer.allocate(12).order(ByteOrder.nativeOrder())
                .putShort((short) AF_NETLINK).putShort((short) 0).putInt(0).putInt(groups).array();
    }
}
