package io.vrrpd.hooks.kernel;

/**
 * A kernel call failed. Names the call and carries the errno, so a log line says what was
 * attempted and why the kernel refused it.
 */
public class KernelException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errno;

    public KernelException(String call, int errno) {
        this(call, errno, Errno.describe(errno));
    }

    public KernelException(String call, int errno, String detail) {
        super(call + ": " + detail + " (errno " + errno + ")");
        this.call = call;
        this.errno = errno;
    }

    /** The call that failed, e.g. {@code RTM_NEWROUTE} or {@code setns(lab-r1)}. */
    public String call() {
        return call;
    }

    /** The positive errno the kernel returned. */
    public int errno() {
        return errno;
    }
}
