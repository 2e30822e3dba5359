package io.vrrpd.hooks.builtin;

import com.fasterxml.jackson.databind.JsonNode;
import io.vrrpd.hooks.HookResult;
import io.vrrpd.hooks.HookResult.Verified;
import io.vrrpd.hooks.ReportedState;
import io.vrrpd.hooks.kernel.Kernel;
import io.vrrpd.hooks.kernel.KernelEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.vrrpd.hooks.builtin.GatewayLab.GW4;
import static io.vrrpd.hooks.builtin.GatewayLab.addr;
import static io.vrrpd.hooks.builtin.GatewayLab.deadline;
import static io.vrrpd.hooks.builtin.GatewayLab.event;
import static io.vrrpd.hooks.builtin.GatewayLab.takeover;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Held addresses of an IPv4 instance on other interfaces and of both families, against the real kernel. */
class HeldAddressesHookTest {
    private static final List<HeldAddress> HELD = List.of(
            new HeldAddress(addr("203.0.113.5"), 25, "up0"),
            new HeldAddress(addr("2001:db8:5::1"), 64, "up0"),
            new HeldAddress(addr("fe80::5"), 64, "lan0"));

    private static Verified verified(HookResult r) {
        return assertInstanceOf(Verified.class, r, () -> "expected Verified, got " + r);
    }

    /** The addresses of {@code dev} in the router, as {@code ip -j addr} lists them. */
    private static List<String> addresses(GatewayLab l, String dev) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : l.lab.ipJson(l.r, "addr", "show", "dev", dev).get(0).get("addr_info")) {
            out.add(a.get("local").asText() + "/" + a.get("prefixlen").asInt());
        }
        return out;
    }

    @Test
    void heldWhileMasterOnAnyInterfaceOfEitherFamilyAndRestoredWhenDeleted() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            HeldAddressesHook hook = new HeldAddressesHook("gw4", HELD, l.kernel);
            verified(hook.onTransition(takeover(GW4), deadline(hook)));
            assertTrue(addresses(l, "up0").containsAll(List.of("203.0.113.5/25", "2001:db8:5::1/64")), addresses(l, "up0")::toString);
            assertTrue(addresses(l, "lan0").contains("fe80::5/64"), addresses(l, "lan0")::toString);

            List<KernelEvent> seen = new CopyOnWriteArrayList<>();
            try (Kernel.Watch watch = l.kernel.watch(seen::add)) {
                l.lab.in(l.r, "ip", "addr", "del", "203.0.113.5/25", "dev", "up0");
                await().atMost(Duration.ofSeconds(5)).until(() -> seen.stream().anyMatch(hook::affectedBy));
            }
            Verified v = verified(hook.reverify(GW4, deadline(hook)));
            assertEquals(List.of("203.0.113.5/25 on up0 (was missing from the kernel)"), v.restored());
            assertTrue(addresses(l, "up0").contains("203.0.113.5/25"));

            verified(hook.onTransition(event(GW4, ReportedState.MASTER, ReportedState.BACKUP), deadline(hook)));
            List<String> up = addresses(l, "up0");
            assertTrue(!up.contains("203.0.113.5/25") && !up.contains("2001:db8:5::1/64"), up::toString);
            assertTrue(!addresses(l, "lan0").contains("fe80::5/64"));
            assertTrue(verified(hook.reverify(GW4, deadline(hook))).detail().startsWith("nothing held"));
            assertTrue(!addresses(l, "up0").contains("203.0.113.5/25"), "a backup puts nothing back");
        }
    }

    @Test
    void anAddressThatWasThereBeforeIsUsedAndNeverRemoved() throws Exception {
        try (GatewayLab l = GatewayLab.create()) {
            l.lab.in(l.r, "ip", "addr", "add", "203.0.113.5/25", "dev", "up0");
            HeldAddressesHook hook = new HeldAddressesHook("gw4", HELD.subList(0, 1), l.kernel);
            verified(hook.onTransition(takeover(GW4), deadline(hook)));
            verified(hook.onTransition(event(GW4, ReportedState.MASTER, ReportedState.FAULT), deadline(hook)));
            assertTrue(addresses(l, "up0").contains("203.0.113.5/25"), "the operator's address stays");
        }
    }
}
