package io.vrrpd.hooks.testlab;

import io.vrrpd.hooks.kernel.rtnetlink.NetNamespace;
import org.junit.jupiter.api.Test;

import java.net.NetworkInterface;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fixture itself: namespaces appear, code runs inside them, and they are gone after close. */
class LabTest {
    @Test
    void buildsEntersAndTearsDownNamespaces() throws Exception {
        String a;
        try (Lab lab = Lab.create("lt")) {
            a = lab.addHost("a", false);
            String b = lab.addHost("b", false);
            lab.veth(a, "eth0", b, "eth0");
            lab.in(a, "ip", "addr", "add", "192.0.2.10/24", "dev", "eth0");
            assertTrue(Lab.run("ip", "netns", "list").contains(a));

            List<String> names = NetNamespace.callIn(a, () -> Collections.list(NetworkInterface.getNetworkInterfaces())
                    .stream().map(NetworkInterface::getName).sorted().toList());
            assertEquals(List.of("eth0", "lo"), names, "interfaces seen from inside namespace " + a);
        }
        assertFalse(Lab.run("ip", "netns", "list").contains(a), "namespace left behind");
    }
}
