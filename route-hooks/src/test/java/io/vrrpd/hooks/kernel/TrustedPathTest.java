package io.vrrpd.hooks.kernel;

import io.vrrpd.hooks.testlab.Lab;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real files with real owners and modes (root changes them to user nobody, 65534): a path is
 * trusted only when nobody but root and the daemon's user can change what it leads to.
 */
class TrustedPathTest {
    private static final int ROOT = 0;
    private static final int NOBODY = 65534;
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        Lab.assumeAvailable(); // root: chown needs it
        dir = Files.createTempDirectory("trusted"); // in /tmp: root's, sticky, so what root makes in it is root's alone
        mode(dir, "rwxr-xr-x");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (dir != null) {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aDirectoryOfRootsOwnIsTrusted() throws IOException {
        Path d = mode(Files.createDirectory(dir.resolve("d")), "rwx------");
        assertEquals(Optional.empty(), TrustedPath.problem(d, ROOT));
    }

    @Test
    void theDaemonsUserMayOwnIt() throws IOException {
        Path d = chown(mode(Files.createDirectory(dir.resolve("d")), "rwx------"), NOBODY);
        assertEquals(Optional.empty(), TrustedPath.problem(d, NOBODY));
    }

    @Test
    void anotherUsersDirectoryIsNot() throws IOException {
        Path d = chown(mode(Files.createDirectory(dir.resolve("d")), "rwxrwxrwx"), NOBODY);
        String problem = TrustedPath.problem(d, ROOT).orElseThrow();
        assertTrue(problem.contains(d + " is owned by nobody (uid 65534)"), problem);
    }

    @Test
    void aGroupWritableDirectoryIsNot() throws IOException {
        Path d = mode(Files.createDirectory(dir.resolve("d")), "rwxrwx---"); // what UMask=0007 leaves
        String problem = TrustedPath.problem(d, ROOT).orElseThrow();
        assertTrue(problem.contains(d + " is writable by its group") && problem.contains("0770"), problem);
    }

    @Test
    void aWritableDirectoryAboveItIsNot() throws IOException {
        Path parent = mode(Files.createDirectory(dir.resolve("open")), "rwxrwxrwx");
        Path d = mode(Files.createDirectory(parent.resolve("d")), "rwx------");
        String problem = TrustedPath.problem(d, ROOT).orElseThrow();
        assertTrue(problem.contains(parent + " is writable by others"), problem);
    }

    @Test
    void aStickyDirectoryAboveItIsLikeTmp() throws IOException {
        Path parent = mode(Files.createDirectory(dir.resolve("tmp")), "rwxrwxrwx");
        Lab.run("chmod", "+t", parent.toString());
        Path d = mode(Files.createDirectory(parent.resolve("d")), "rwx------");
        assertEquals(Optional.empty(), TrustedPath.problem(d, ROOT));
        // ... but what sits in it must still be ours
        Path theirs = chown(mode(Files.createDirectory(parent.resolve("theirs")), "rwx------"), NOBODY);
        assertTrue(TrustedPath.problem(theirs, ROOT).isPresent());
    }

    @Test
    void aSymbolicLinkIsJudgedByWhatItLeadsTo() throws IOException {
        Path theirs = chown(mode(Files.createDirectory(dir.resolve("theirs")), "rwxr-xr-x"), NOBODY);
        Path link = Files.createSymbolicLink(dir.resolve("link"), theirs);
        String problem = TrustedPath.problem(link, ROOT).orElseThrow();
        assertTrue(problem.contains(theirs + " is owned by nobody"), problem);
    }

    @Test
    void aSymbolicLinkAnotherUserOwnsIsNotTrustedEvenToAGoodPlace() throws IOException {
        Path ours = mode(Files.createDirectory(dir.resolve("ours")), "rwx------");
        Path link = Files.createSymbolicLink(dir.resolve("link"), ours);
        Lab.run("chown", "-h", Integer.toString(NOBODY), link.toString());
        String problem = TrustedPath.problem(link, ROOT).orElseThrow();
        assertTrue(problem.contains(link + " is owned by nobody"), problem);
    }

    @Test
    void aFileIsJudgedLikeADirectory() throws IOException {
        Path jar = mode(Files.createFile(dir.resolve("plugin.jar")), "rw-rw-rw-");
        String problem = TrustedPath.problem(jar, ROOT).orElseThrow();
        assertTrue(problem.contains(jar + " is writable by others") && problem.contains("0666"), problem);
    }

    private static Path mode(Path p, String perms) throws IOException {
        return Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    }

    private static Path chown(Path p, int uid) {
        Lab.run("chown", Integer.toString(uid), p.toString());
        return p;
    }
}
