package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.KernelException;

import com.sun.jna.Native;
import com.sun.jna.Platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs code inside a named network namespace ({@code /run/netns/NAME}, as made by
 * {@code ip netns add}). {@code setns(2)} affects only the calling thread, so the code runs on
 * a fresh thread that enters the namespace and then ends; sockets it opens (netlink, pcap,
 * UDP) stay bound to that namespace after the thread is gone.
 *
 * <p>The daemon itself is started inside its namespace by {@code ip netns exec}; this class
 * lets tests open the daemon's kernel and packet handles in a lab namespace from one JVM.
 */
public final class NetNamespace {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;

    private NetNamespace() {
    }

    private static final class LibC {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int open(String path, int flags);

        static native int setns(int fd, int nstype);

        static native int close(int fd);
    }

    /** Path of a named namespace's handle, as {@code ip netns add} creates it. */
    public static Path handlePath(String name) {
        return Path.of("/run/netns", name);
    }

    /**
     * Calls {@code body} on a new thread that has entered namespace {@code name}, and returns
     * its result.
     *
     * @throws KernelException when the namespace does not exist or cannot be entered
     */
    public static <T> T callIn(String name, Callable<T> body) throws Exception {
        Path handle = handlePath(name);
        if (!Files.exists(handle)) {
            throw new KernelException("setns", 2, "network namespace '" + name + "' does not exist (" + handle + ")");
        }
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            int fd = LibC.open(handle.toString(), O_RDONLY | O_CLOEXEC);
            if (fd < 0) {
                failure.set(new KernelException("open(" + handle + ")", Native.getLastError()));
                return;
            }
            try {
                if (LibC.setns(fd, CLONE_NEWNET) != 0) {
                    failure.set(new KernelException("setns(" + name + ")", Native.getLastError()));
                    return;
                }
                result.set(body.call());
            } catch (Throwable t) {
                failure.set(t);
            } finally {
                LibC.close(fd);
            }
        }, "netns-" + name);
        thread.start();
        thread.join();
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t != null) {
            throw new ExecutionException(t);
        }
        return result.get();
    }
}
