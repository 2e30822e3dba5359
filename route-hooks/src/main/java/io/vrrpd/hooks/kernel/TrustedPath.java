package io.vrrpd.hooks.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;

/**
 * Whether only root and the daemon's own user can change what a path leads to, as keepalived's
 * {@code enable_script_security} asks of scripts: every component from {@code /} down, the
 * symbolic links on the way and the directories they lead to, must be owned by root or by the
 * daemon's user and writable by nobody else. A world-writable directory with the sticky bit
 * (like {@code /tmp}) may sit above, since others cannot rename or remove what is in it; the
 * path itself may not be writable by group or others at all. Native code, plugin jars and exec
 * programs run with the daemon's privileges: whoever can change them owns the router.
 */
public final class TrustedPath {
    private static final int S_ISVTX = 01000;

    private TrustedPath() {
    }

    /**
     * What makes {@code path} untrusted for a daemon running as {@code uid}, or empty when
     * nothing does; a path that does not exist is a problem too.
     */
    public static Optional<String> problem(Path path, int uid) throws IOException {
        Path absolute = path.toAbsolutePath().normalize();
        Optional<String> lexical = chain(absolute, uid);
        if (lexical.isPresent()) {
            return lexical;
        }
        Path real = absolute.toRealPath();
        return real.equals(absolute) ? Optional.empty() : chain(real, uid);
    }

    /** Each prefix of {@code path}, from the root, judged as it is (links not followed). */
    private static Optional<String> chain(Path path, int uid) throws IOException {
        Path at = path.getRoot();
        Optional<String> problem = judge(at, uid, path.getNameCount() == 0);
        for (int i = 0; i < path.getNameCount() && problem.isEmpty(); i++) {
            at = at.resolve(path.getName(i));
            problem = judge(at, uid, i == path.getNameCount() - 1);
        }
        return problem;
    }

    private static Optional<String> judge(Path p, int uid, boolean last) throws IOException {
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.of(p + " does not exist");
        }
        int owner = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        if (owner != 0 && owner != uid) {
            return Optional.of(p + " is owned by " + Files.getOwner(p, LinkOption.NOFOLLOW_LINKS).getName()
                    + " (uid " + owner + "), not by root or by the user vrrpd runs as (uid " + uid + ")");
        }
        if (Files.isSymbolicLink(p)) {
            return Optional.empty(); // a link's own mode means nothing; where it leads is judged on its own
        }
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        boolean group = perms.contains(PosixFilePermission.GROUP_WRITE);
        boolean others = perms.contains(PosixFilePermission.OTHERS_WRITE);
        if (!group && !others) {
            return Optional.empty();
        }
        if (!last && (mode & S_ISVTX) != 0 && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(p + " is writable by " + (others ? "others" : "its group") + " (mode "
                + String.format("%04o", mode & 07777) + ")" + (last ? "" : ", above it"));
    }

    /** The effective user id of this process, from {@code /proc/self/status}. */
    public static int effectiveUid() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
            }
        }
        throw new IOException("/proc/self/status has no Uid: line");
    }
}
