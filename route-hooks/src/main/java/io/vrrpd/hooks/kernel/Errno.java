package io.vrrpd.hooks.kernel;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/** Turns an errno into the C library's message for it. */
public final class Errno {
    private Errno() {
    }

    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native String strerror(int errnum);
    }

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EIO = 5;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int EMSGSIZE = 90;
    public static final int EPROTO = 71;
    public static final int EOPNOTSUPP = 95;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETUNREACH = 101;
    public static final int ENOBUFS = 105;
    public static final int ETIMEDOUT = 110;
    public static final int EHOSTUNREACH = 113;

    /** The C library's text for {@code errno}, e.g. "No such device". */
    public static String describe(int errno) {
        try {
            return LibC.strerror(errno);
        } catch (UnsatisfiedLinkError e) {
            return "errno " + errno;
        }
    }
}
