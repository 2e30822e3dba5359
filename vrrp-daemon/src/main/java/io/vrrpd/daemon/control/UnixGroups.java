package io.vrrpd.daemon.control;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import io.vrrpd.hooks.kernel.KernelException;

import java.io.IOException;

/**
 * The two group facts the control policy needs that neither the JDK nor Netty gives: the
 * supplementary groups of a connected peer ({@code getsockopt(SO_PEERGROUPS)}, Linux 4.13) and
 * the id of a group by name ({@code getgrnam}, through the system's NSS). The whole native
 * surface of the control package, over JNA direct mapping.
 */
final class UnixGroups {
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERGROUPS = 59;
    private static final int ERANGE = 34;
    /** {@code struct group}: {@code char *gr_name; char *gr_passwd; gid_t gr_gid; ...} (LP64). */
    private static final int GR_GID_OFFSET = 16;

    private UnixGroups() {
    }

    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int getsockopt(int fd, int level, int optname, Pointer optval, Pointer optlen);

        static native Pointer getgrnam(String name);
    }

    /** The supplementary group ids the peer of {@code fd} had when it connected. */
    static int[] peerGroups(int fd) throws KernelException {
        int capacity = 64;
        while (true) {
            Memory groups = new Memory(4L * capacity);
            Memory length = new Memory(4);
            length.setInt(0, 4 * capacity);
            if (LibC.getsockopt(fd, SOL_SOCKET, SO_PEERGROUPS, groups, length) == 0) {
                return groups.getIntArray(0, length.getInt(0) / 4);
            }
            int errno = Native.getLastError();
            if (errno != ERANGE || capacity >= 65536) {
                throw new KernelException("getsockopt(SO_PEERGROUPS)", errno);
            }
            capacity = Math.max(capacity * 2, length.getInt(0) / 4);
        }
    }

    /** The id of group {@code name}. */
    static int gid(String name) throws IOException {
        Pointer group = LibC.getgrnam(name);
        if (group == null) {
            throw new IOException("no group '" + name + "' on this host");
        }
        return group.getInt(GR_GID_OFFSET);
    }
}
