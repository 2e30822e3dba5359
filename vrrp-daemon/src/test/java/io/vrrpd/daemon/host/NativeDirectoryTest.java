package io.vrrpd.daemon.host;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Which system stub of JNA's is good enough to load instead of unpacking the bundled one. */
class NativeDirectoryTest {
    @Test
    void aSystemStubBuiltForThisJnaIsChosen(@TempDir Path dir) throws IOException {
        Path stub = dir.resolve("libjnidispatch.system.so");
        try (InputStream bundled = Native.class.getResourceAsStream("/com/sun/jna/" + Platform.RESOURCE_PREFIX + "/libjnidispatch.so")) {
            assertNotNull(bundled, "the JNA jar carries no stub for " + Platform.RESOURCE_PREFIX);
            Files.copy(bundled, stub);
        }
        assertEquals(Optional.of(stub), NativeDirectory.systemStub(List.of(dir), Native.VERSION_NATIVE));
    }

    @Test
    void aStubOfAnotherVersionIsLeftAlone(@TempDir Path dir) throws IOException {
        // Debian 12's libjna-jni 5.13.0 carries native 6.1.6; JNA 5.14 wants 7.0.0 and refuses it
        Files.write(dir.resolve("libjnidispatch.system.so"), "\0\0JNA\0006.1.6\0\0".getBytes());
        assertEquals(Optional.empty(), NativeDirectory.systemStub(List.of(dir), "7.0.0"));
        assertEquals(Optional.of(dir.resolve("libjnidispatch.system.so")), NativeDirectory.systemStub(List.of(dir), "6.1.6"));
    }

    @Test
    void noStubNoChoice(@TempDir Path dir) {
        assertEquals(Optional.empty(), NativeDirectory.systemStub(List.of(dir, dir.resolve("missing")), Native.VERSION_NATIVE));
    }
}
