package io.vrrpd.daemon.control;

import io.vrrpd.hooks.kernel.TrustedPath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The file the control socket lives at, and the only one vrrpd will replace or remove there.
 *
 * <p>Whatever is at {@code --socket} already is left alone and refused, unless it is a socket
 * of ours that nobody answers on (a daemon that died left it): a regular file, a directory, a
 * symbolic link, another user's socket or a live daemon are not vrrpd's to delete. The new
 * socket is bound in a private directory beside the path (mode 0700, ours), given its mode and
 * group there, where nobody can swap it for a link that chmod would follow, and then renamed
 * into place in one step. On close it is removed only if it is still the socket we made.
 */
final class SocketPath {
    private static final Logger LOG = LoggerFactory.getLogger(SocketPath.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final Path privateDir;
    private Object fileKey;

    private SocketPath(Path path, Path privateDir) {
        this.path = path;
        this.privateDir = privateDir;
    }

    /** Checks what is at {@code path} and makes the private directory to bind in. */
    static SocketPath prepare(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        check(absolute);
        return new SocketPath(absolute, Files.createTempDirectory(parent, ".vrrpd"));
    }

    /** Refuses anything at {@code path} but a stale socket of ours. */
    static void check(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        String leave = "; vrrpd replaces only a stale socket of its own: remove it yourself, or give --socket another path";
        if (Files.isSymbolicLink(path)) {
            throw new IOException(path + " is a symbolic link" + leave);
        }
        int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException(path + " is " + (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "a directory"
                    : Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? "a regular file" : "a special file")
                    + ", not a socket" + leave);
        }
        int owner = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int uid = TrustedPath.effectiveUid();
        if (owner != uid) {
            throw new IOException(path + " is a socket owned by " + Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName()
                    + " (uid " + owner + "), not by the user vrrpd runs as (uid " + uid + ")" + leave);
        }
        if (ControlClient.answers(path)) {
            throw new IOException("another vrrpd already answers on " + path + "; give this one its own --socket PATH");
        }
    }

    /** Where to bind: inside the private directory. */
    Path bindAt() {
        return privateDir.resolve("s");
    }

    /** Gives the bound socket mode 0660 and {@code groupName}, then moves it to the path. */
    void publish(String groupName) throws IOException {
        Path bound = bindAt();
        Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-rw----"));
        if (groupName != null && !groupName.isBlank()) {
            GroupPrincipal gp = bound.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(groupName);
            Files.getFileAttributeView(bound, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(gp);
        }
        fileKey = Files.readAttributes(bound, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        try {
            Files.move(bound, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot move the socket into place at " + path + ": " + e.getMessage(), e);
        }
        Files.delete(privateDir);
    }

    Path path() {
        return path;
    }

    /** Startup failed: nothing of ours is left behind. */
    void abandon() {
        try {
            Files.deleteIfExists(bindAt());
            Files.deleteIfExists(privateDir);
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", privateDir, e.getMessage());
        }
    }

    /** Removes the socket, if what is at the path is still the one we made. */
    void remove() {
        try {
            if (fileKey != null && Files.exists(path, LinkOption.NOFOLLOW_LINKS) && fileKey.equals(Files.readAttributes(path,
                    java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey())) {
                Files.delete(path);
            }
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", path, e.getMessage());
        }
    }
}
