package io.vrrpd.daemon.host;

import com.sun.jna.Native;
import io.vrrpd.hooks.kernel.TrustedPath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * Where the native code that JNA and Netty load comes from, decided before either loads any.
 * Both unpack a shared library out of their jar and map it into the daemon, which runs as root
 * or with CAP_NET_ADMIN: whoever can write where they unpack it can run code as the router.
 *
 * <p>So vrrpd picks the directory itself, creates it mode 0700 when it is missing, and refuses
 * to start when anyone but root and its own user could change it or anything above it
 * ({@link TrustedPath}). JNA's stub is taken from the system instead, and nothing of JNA's is
 * unpacked, when the system ships one built for the JNA vrrpd carries (Debian's libjna-jni, as
 * {@code /usr/lib/<triplet>/jni/libjnidispatch.system.so}); JNA refuses a stub of another
 * version, so one that does not match is left alone. An operator's {@code jna.boot.library.path}
 * is used as given, checked the same way, and never falls back to unpacking.
 */
public final class NativeDirectory {
    /** The directory to unpack into (bin/vrrpd sets it from {@code VRRPD_NATIVE_DIR}). */
    public static final String PROPERTY = "vrrpd.native-dir";

    private static final String FIX = "remove it, or set VRRPD_NATIVE_DIR to a directory only root and vrrpd's user"
            + " can write (see docs/systemd.md)";

    private NativeDirectory() {
    }

    /** Sets JNA's and Netty's properties; a problem when the place they would load from is not safe. */
    public static Optional<HostProblem> prepare() {
        int uid;
        try {
            uid = TrustedPath.effectiveUid();
        } catch (IOException | RuntimeException e) {
            return Optional.of(new HostProblem("cannot tell which user vrrpd runs as (" + e.getMessage() + ")",
                    "vrrpd needs Linux's /proc"));
        }
        Optional<HostProblem> jna = chooseJnaStub(uid);
        if (jna.isPresent()) {
            return jna;
        }
        Path dir = directory();
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Optional<String> problem = TrustedPath.problem(dir, uid);
            if (problem.isEmpty() && !Files.isDirectory(dir)) {
                problem = Optional.of(dir + " is not a directory");
            }
            if (problem.isPresent()) {
                return Optional.of(new HostProblem("native code would be unpacked into " + dir
                        + ", which another user could change: " + problem.get(), FIX));
            }
        } catch (IOException | RuntimeException e) {
            return Optional.of(new HostProblem("cannot make the native directory " + dir + " (" + e + ")", FIX));
        }
        System.setProperty("jna.tmpdir", dir.toString());
        System.setProperty("io.netty.native.workdir", dir.toString());
        return Optional.empty();
    }

    /** {@value #PROPERTY}, else an operator's {@code jna.tmpdir}, else {@code ~/.cache/vrrpd/native}. */
    static Path directory() {
        String given = System.getProperty(PROPERTY, System.getProperty("jna.tmpdir"));
        return given != null && !given.isBlank() ? Path.of(given).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".cache", "vrrpd", "native");
    }

    private static Optional<HostProblem> chooseJnaStub(int uid) {
        System.setProperty("jna.nosys", "true"); // never a libjnidispatch.so found on java.library.path
        String bootPath = System.getProperty("jna.boot.library.path");
        if (bootPath != null) {
            for (String d : bootPath.split(java.io.File.pathSeparator)) {
                Optional<HostProblem> problem = untrustedStubDirectory(Path.of(d), uid);
                if (problem.isPresent()) {
                    return problem;
                }
            }
            System.setProperty("jna.nounpack", "true");
            return Optional.empty();
        }
        Optional<Path> system = systemStub(systemDirectories(), Native.VERSION_NATIVE);
        if (system.isPresent() && untrustedStubDirectory(system.get().getParent(), uid).isEmpty()) {
            String file = system.get().getFileName().toString();
            System.setProperty("jna.boot.library.path", system.get().getParent().toString());
            System.setProperty("jna.boot.library.name", file.substring(3, file.length() - 3)); // lib….so
            System.setProperty("jna.nounpack", "true");
        }
        return Optional.empty();
    }

    private static Optional<HostProblem> untrustedStubDirectory(Path dir, int uid) {
        try {
            return TrustedPath.problem(dir, uid).map(p -> new HostProblem(
                    "JNA would load its native library from " + dir + ", which another user could change: " + p,
                    "fix its owner and mode, or drop jna.boot.library.path from JAVA_OPTS"));
        } catch (IOException e) {
            return Optional.of(new HostProblem("JNA's jna.boot.library.path names " + dir + " (" + e + ")",
                    "drop jna.boot.library.path from JAVA_OPTS"));
        }
    }

    /** Where Debian and its derivatives install libjna-jni's stub. */
    static List<Path> systemDirectories() {
        String triplet = switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            default -> null;
        };
        return triplet == null ? List.of(Path.of("/usr/lib/jni")) : List.of(Path.of("/usr/lib", triplet, "jni"), Path.of("/usr/lib/jni"));
    }

    /**
     * The first system stub in {@code dirs} built for JNA's native version {@code nativeVersion}.
     * The stub answers its version only once loaded, and JNA cannot load a second one after a
     * mismatch, so the version is read from the file: the stub carries it as a C string.
     */
    static Optional<Path> systemStub(List<Path> dirs, String nativeVersion) {
        byte[] wanted = ("\0" + nativeVersion + "\0").getBytes(StandardCharsets.US_ASCII);
        for (Path d : dirs) {
            for (String name : List.of("libjnidispatch.system.so", "libjnidispatch.so")) {
                Path stub = d.resolve(name);
                try {
                    if (Files.isRegularFile(stub) && contains(Files.readAllBytes(stub), wanted)) {
                        return Optional.of(stub);
                    }
                } catch (IOException e) {
                    // unreadable: not a candidate
                }
            }
        }
        return Optional.empty();
    }

    private static boolean contains(byte[] data, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= data.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (data[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** For the start-up log: the stub JNA loaded, once it has. */
    public static String jnaStub() {
        return System.getProperty("jnidispatch.path", "?");
    }
}
