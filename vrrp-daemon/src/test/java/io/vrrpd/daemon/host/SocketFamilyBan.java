package io.vrrpd.daemon.host;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Starts a process in which {@code socket(FAMILY, ...)} fails with EAFNOSUPPORT, as systemd's
 * {@code RestrictAddressFamilies=} makes it fail: a seccomp filter installed on a fresh thread of
 * this JVM (filters are per thread and inherited across fork and exec), which then starts the
 * process and ends. The rest of the test JVM is untouched.
 */
final class SocketFamilyBan {
    static final int AF_NETLINK = 16;
    static final int AF_PACKET = 17;

    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int PR_SET_SECCOMP = 22;
    private static final int SECCOMP_MODE_FILTER = 2;
    private static final int EAFNOSUPPORT = 97;
    private static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    private static final int NR_SOCKET_X86_64 = 41;
    private static final int AUDIT_ARCH_AARCH64 = 0xc00000b7;
    private static final int NR_SOCKET_AARCH64 = 198;

    private interface LibC extends Library {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int prctl(int option, long arg2, Pointer arg3, long arg4, long arg5);
    }

    private SocketFamilyBan() {
    }

    /** Whether this machine's architecture is one the filter knows. */
    static boolean supported() {
        return Platform.isLinux() && (Platform.ARCH.equals("x86-64") || Platform.ARCH.equals("aarch64"));
    }

    /** Starts {@code pb} with {@code socket(family, ...)} refused in it and in everything it runs. */
    static Process start(ProcessBuilder pb, int family) throws IOException, InterruptedException {
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                install(family);
                started.complete(pb.start());
            } catch (Throwable e) {
                started.completeExceptionally(e);
            }
        }, "seccomp-spawner");
        t.start();
        try {
            return started.get();
        } catch (ExecutionException e) {
            throw new IOException("cannot start " + pb.command() + " with socket family " + family + " refused", e.getCause());
        }
    }

    /** Classic BPF over struct seccomp_data {int nr; u32 arch; u64 ip; u64 args[6]}. */
    private static void install(int family) {
        boolean x86 = Platform.ARCH.equals("x86-64");
        int arch = x86 ? AUDIT_ARCH_X86_64 : AUDIT_ARCH_AARCH64;
        int nr = x86 ? NR_SOCKET_X86_64 : NR_SOCKET_AARCH64;
        int[][] prog = {
                {0x20, 0, 0, 4},                      // ld  arch
                {0x15, 0, 5, arch},                   // jeq arch, else allow
                {0x20, 0, 0, 0},                      // ld  nr
                {0x15, 0, 3, nr},                     // jeq socket, else allow
                {0x20, 0, 0, 16},                     // ld  args[0] (low half, little-endian)
                {0x15, 0, 1, family},                 // jeq family, else allow
                {0x06, 0, 0, 0x00050000 | EAFNOSUPPORT}, // ret ERRNO(EAFNOSUPPORT)
                {0x06, 0, 0, 0x7fff0000},             // ret ALLOW
        };
        Memory filter = new Memory(8L * prog.length);
        for (int i = 0; i < prog.length; i++) {
            filter.setShort(8L * i, (short) prog[i][0]);
            filter.setByte(8L * i + 2, (byte) prog[i][1]);
            filter.setByte(8L * i + 3, (byte) prog[i][2]);
            filter.setInt(8L * i + 4, prog[i][3]);
        }
        Memory fprog = new Memory(16);
        fprog.clear();
        fprog.setShort(0, (short) prog.length);
        fprog.setPointer(8, filter);
        if (LibC.INSTANCE.prctl(PR_SET_NO_NEW_PRIVS, 1, null, 0, 0) != 0) {
            throw new IllegalStateException("prctl(PR_SET_NO_NEW_PRIVS) failed: errno " + Native.getLastError());
        }
        if (LibC.INSTANCE.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog, 0, 0) != 0) {
            throw new IllegalStateException("prctl(PR_SET_SECCOMP) failed: errno " + Native.getLastError());
        }
    }
}
