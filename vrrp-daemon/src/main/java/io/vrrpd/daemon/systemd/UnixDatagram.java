package io.vrrpd.daemon.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An AF_UNIX datagram socket through libc (JNA, already loaded for rtnetlink): JDK 17 has no
 * Unix datagram channel. Sends never block ({@code MSG_DONTWAIT}): the watchdog ping is sent from
 * the event loop. Paths starting with {@code @} are Linux abstract sockets.
 */
final class UnixDatagram implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_MAX = 108;

    interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int socket(int domain, int type, int protocol) throws LastErrorException;

        int bind(int fd, byte[] addr, int addrlen) throws LastErrorException;

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

        long recv(int fd, byte[] buf, long len, int flags) throws LastErrorException;

        int close(int fd);
    }

    private final int fd;
    private volatile boolean closed;

    private UnixDatagram(int fd) {
        this.fd = fd;
    }

    /** An unbound socket for sending. */
    static UnixDatagram open() {
        return new UnixDatagram(LibC.INSTANCE.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    }

    /** A socket bound to {@code path}, for receiving (tests play systemd with it). */
    static UnixDatagram bind(String path) {
        UnixDatagram s = open();
        try {
            byte[] addr = sockaddr(path);
            LibC.INSTANCE.bind(s.fd, addr, addr.length);
            return s;
        } catch (LastErrorException e) {
            s.close();
            throw e;
        }
    }

    /** Sends one datagram to {@code path}; throws {@link LastErrorException} with errno on failure. */
    void send(String path, byte[] payload) {
        byte[] addr = sockaddr(path);
        LibC.INSTANCE.sendto(fd, payload, payload.length, MSG_DONTWAIT | MSG_NOSIGNAL, addr, addr.length);
    }

    /** One datagram if one is queued, else null (never blocks). */
    String poll() {
        byte[] buf = new byte[4096];
        try {
            long n = LibC.INSTANCE.recv(fd, buf, buf.length, MSG_DONTWAIT);
            return new String(buf, 0, (int) n, StandardCharsets.UTF_8);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == 11) { // EAGAIN
                return null;
            }
            throw e;
        }
    }

    /** {@code struct sockaddr_un} for {@code path}, with the exact length the kernel expects. */
    static byte[] sockaddr(String path) {
        byte[] name = path.getBytes(StandardCharsets.UTF_8);
        boolean abstractName = path.startsWith("@");
        if (abstractName) {
            name[0] = 0; // abstract namespace: a leading NUL, and no terminating one
        }
        int len = abstractName ? name.length : name.length + 1;
        if (len > SUN_PATH_MAX || name.length == 0) {
            throw new IllegalArgumentException("unix socket path '" + path + "' is empty or longer than "
                    + (SUN_PATH_MAX - 1) + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate(2 + len).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX).put(name);
        return b.array();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(fd);
        }
    }
}
