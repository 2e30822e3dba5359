package io.vrrpd.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every config-samples/*.yaml passes the check on a blade with eth0 and eth1. */
class ConfigSamplesTest {

    static final InterfaceDirectory BLADE = InterfaceDirectory.of(List.of(
            TestLinks.link("lo", 1, "00:00:00:00:00:00"),
            TestLinks.link("eth0", 2, "52:54:00:00:00:01"),
            TestLinks.link("eth1", 3, "52:54:00:00:00:02")));

    /** The repository root: the nearest ancestor of the working directory holding config-samples/. */
    static Path samplesDir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("config-samples")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve("config-samples");
            }
        }
        throw new IllegalStateException("no config-samples/ above " + Path.of("").toAbsolutePath());
    }

    static List<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(samplesDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everySamplePassesTheCheck() throws IOException {
        List<Path> samples = samples();
        assertFalse(samples.isEmpty(), "no samples found");
        return samples.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            var err = new ByteArrayOutputStream();
            boolean valid = ConfigCheck.run(p, BLADE, new PrintStream(OutputStream.nullOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertTrue(valid, err::toString);
        }));
    }

    @Test
    void bladePairDiffersOnlyInPriority() throws Exception {
        VrrpdConfig a = ConfigLoader.load(samplesDir().resolve("blade-a.yaml"), BLADE);
        VrrpdConfig b = ConfigLoader.load(samplesDir().resolve("blade-b.yaml"), BLADE);
        for (String name : List.of("gw4", "gw6", "up4", "up6")) {
            InstanceConfig ia = a.instances().get(name);
            InstanceConfig ib = b.instances().get(name);
            assertEquals(150, ia.priority());
            assertEquals(100, ib.priority());
            assertEquals(name.startsWith("gw") ? 51 : 52, ia.vrid());
            assertEquals(ia.vrid(), ib.vrid());
            assertEquals(10, ia.advertIntervalCentis());
            assertEquals(ia.virtualAddresses(), ib.virtualAddresses());
        }
        assertEquals(a.hooks(), b.hooks());
        assertEquals(List.of("gw4", "gw6", "up4", "up6"), a.syncGroups().get("gw").members());
        assertEquals(a.syncGroups(), b.syncGroups());
    }
}
