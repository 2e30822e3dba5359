package io.vrrpd.daemon.instance;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.Authentication;
import io.vrrpd.daemon.loop.EventLoop;
import io.vrrpd.hooks.ReportedState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * One forged advert at priority 255 announcing 40.95 s used to keep a backup from taking over for
 * about two minutes after the forger went quiet. With {@code max-adopted-interval: 100ms} the
 * backup adopts at most 100 ms and takes over within its master-down interval.
 */
class AdoptedIntervalBoundTest {
    private final EventLoop loop = EventLoop.start("adopt-test");

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void aBackupWithABoundTakesOverSoonAfterAForgedLongIntervalAdvert() throws Exception {
        InstanceSpec spec = new InstanceSpec("gw4", AddressFamily.IPV4, 51, "eth0", 100, 10, true, 0, true,
                List.of(InetAddress.getByName("192.0.2.1")), List.of(24), VrrpVersion.V3, false, 10, Authentication.NONE);
        Instance backup = new Instance(spec, loop, InstancePorts.NONE, List.of(), new InstanceCounters());
        loop.runAndWait(() -> {
            backup.interfaceReady(new byte[] {(byte) 192, 0, 2, 2}, "eth0");
            backup.advertReceived(new byte[] {(byte) 192, 0, 2, 66}, 255, 4095, VrrpVersion.V3);   // the forger, then silence
        }, 5, TimeUnit.SECONDS);
        await("the backup takes over within its bounded master-down interval").atMost(Duration.ofSeconds(2))
                .until(() -> {
                    ReportedState[] s = new ReportedState[1];
                    loop.runAndWait(() -> s[0] = backup.reportedState(), 5, TimeUnit.SECONDS);
                    return s[0] == ReportedState.MASTER;
                });
    }
}
