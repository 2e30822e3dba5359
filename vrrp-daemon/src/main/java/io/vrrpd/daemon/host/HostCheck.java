package io.vrrpd.daemon.host;

import com.sun.jna.Native;
import io.vrrpd.daemon.net.Libpcap;
import io.vrrpd.daemon.net.RawSockets;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.rtnetlink.RtNetlink;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything native the daemon needs, checked once at start-up, before it touches the network:
 * a safe place for native code, JNA's stub, libpcap, the capabilities, rtnetlink and raw
 * sockets, in that order (each
 * one needs the ones before it to be tested at all). The first that is missing is reported as
 * one {@link HostProblem}, so the operator reads one line with the cause and the fix, and
 * systemd sees a failed start instead of a daemon that looks alive and serves nothing.
 */
public final class HostCheck {
    private static final String SYSTEMD_FAMILIES = "under systemd, RestrictAddressFamilies= must include ";

    private HostCheck() {
    }

    /** The first requirement the host does not meet, or empty when the daemon can start. */
    public static Optional<HostProblem> run() {
        for (Supplier<Optional<HostProblem>> check : List.<Supplier<Optional<HostProblem>>>of(
                NativeDirectory::prepare, HostCheck::jna, HostCheck::libpcap, HostCheck::capabilities, HostCheck::rtnetlink, HostCheck::rawSockets)) {
            Optional<HostProblem> problem = check.get();
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<HostProblem> jna() {
        try {
            int pointerSize = Native.POINTER_SIZE; // initialising Native loads its stub
            return pointerSize == 8 ? Optional.empty() : Optional.of(new HostProblem(
                    "this is a " + (8 * pointerSize) + "-bit JVM", "vrrpd needs a 64-bit Java 17 or later"));
        } catch (Throwable t) { // UnsatisfiedLinkError, JNA's Error for a mismatched stub, NoClassDefFoundError
            String fix = String.valueOf(t.getMessage()).contains("incompatible JNA native library")
                    ? "drop jna.boot.library.path from JAVA_OPTS, and vrrpd unpacks the library it carries into VRRPD_NATIVE_DIR"
                    : "give it a directory it may unpack into and execute from: VRRPD_NATIVE_DIR (see docs/systemd.md)";
            return Optional.of(new HostProblem("JNA's native library cannot be loaded (" + oneLine(t) + ")", fix));
        }
    }

    private static Optional<HostProblem> libpcap() {
        if (Libpcap.isAvailable()) {
            return Optional.empty();
        }
        return Optional.of(new HostProblem("libpcap cannot be loaded (" + oneLine(Libpcap.unavailabilityCause()) + ")",
                "install it: " + Libpcap.FIX));
    }

    private static Optional<HostProblem> capabilities() {
        List<String> missing = Capabilities.missing();
        return missing.isEmpty() ? Optional.empty() : Optional.of(Capabilities.problem(missing));
    }

    private static Optional<HostProblem> rtnetlink() {
        Throwable cause = RtNetlink.unavailabilityCause();
        if (cause == null) {
            return Optional.empty();
        }
        String fix = cause instanceof KernelException k && k.errno() == Errno.EAFNOSUPPORT
                ? "a sandbox forbids netlink sockets: " + SYSTEMD_FAMILIES + "AF_NETLINK"
                : "vrrpd needs Linux's rtnetlink on a 64-bit JVM";
        return Optional.of(new HostProblem("rtnetlink cannot be used (" + oneLine(cause) + ")", fix));
    }

    private static Optional<HostProblem> rawSockets() {
        try {
            RawSockets.probe();
            return Optional.empty();
        } catch (KernelException e) {
            String what = RawSockets.isPacketSocket(e) ? "raw packet sockets" : "raw IP sockets";
            String family = RawSockets.isPacketSocket(e) ? "AF_PACKET" : "AF_INET";
            String fix;
            if (e.errno() == Errno.EAFNOSUPPORT) {
                fix = "a sandbox forbids them, or the kernel lacks them: " + SYSTEMD_FAMILIES + family;
            } else if (!inInitialUserNamespace()) {
                fix = "vrrpd runs in a user namespace that does not own this network namespace, so its capabilities do not"
                        + " count here: run it in the host's user namespace, or in a network namespace its own user namespace created";
            } else {
                fix = "grant CAP_NET_RAW (see docs/systemd.md); where it is granted, a security module (AppArmor, SELinux) refuses it";
            }
            return Optional.of(new HostProblem(what + " are refused (" + e.getMessage() + ")", fix));
        }
    }

    /** Whether this process sees every user id unmapped, i.e. lives in the host's user namespace. */
    static boolean inInitialUserNamespace() {
        try {
            return Files.readString(Path.of("/proc/self/uid_map")).trim().matches("0\\s+0\\s+4294967295");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /**
     * A native loader's error on one line: JNA lists every place it looked, one per line, under
     * a header; what each place said is what helps, the header and the class-path search do not.
     */
    static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.toString() : t.getMessage();
        List<String> said = message.lines().map(l -> l.strip().replaceAll("\\s+", " "))
                .takeWhile(l -> !l.startsWith("To resolve this issue")) // JNA's advice on a mismatched stub
                .filter(l -> !l.isEmpty() && !l.startsWith("Unable to load library") && !l.contains("not found in resource path"))
                .distinct().toList();
        return said.isEmpty() ? message.lines().findFirst().orElse(t.toString()) : String.join("; ", said);
    }
}
