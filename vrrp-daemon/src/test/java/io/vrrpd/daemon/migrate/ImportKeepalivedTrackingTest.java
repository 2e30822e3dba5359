package io.vrrpd.daemon.migrate;

import static io.vrrpd.daemon.migrate.KeepalivedFixtures.item;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.items;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.load;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.config.TrackerConfig;
import io.vrrpd.daemon.config.VrrpdConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** track_interface, track_script, track_file, track_process and vrrp_startup_delay, converted with their weights. */
class ImportKeepalivedTrackingTest {

    @Test
    void everyKindOfTrackerCarriesOverWithItsWeight() throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.importFile(resource("tracking.conf"));
        VrrpdConfig c = load(r.yaml());
        assertEquals(Duration.ofMillis(12_500), c.startupDelay());
        InstanceConfig gw = c.instances().get("gw");
        List<TrackerConfig> t = gw.trackers();
        assertEquals(new TrackerConfig.Interface("up0", 0), t.get(0), "unweighted: track-interfaces, FAULT while down");
        assertEquals(new TrackerConfig.Interface("eth1", -60), t.get(1));
        TrackerConfig.Exec lb = (TrackerConfig.Exec) t.get(2);
        assertEquals(List.of("/bin/true", "--quiet"), lb.exec().command());
        assertEquals(Duration.ofSeconds(2), lb.interval());
        assertEquals(Duration.ofSeconds(1), lb.exec().timeout());
        assertEquals("nobody", lb.exec().user());
        assertEquals(2, lb.rise());
        assertEquals(3, lb.fall());
        assertEquals(-30, lb.weight());
        TrackerConfig.Exec dns = (TrackerConfig.Exec) t.get(3);
        assertEquals(0, dns.weight(), "an unweighted vrrp_script puts the instance in FAULT, as in keepalived");
        assertEquals(Duration.ofSeconds(1), dns.interval(), "keepalived's default interval");
        assertEquals(new TrackerConfig.Process("haproxy", 20), t.get(4), "killall -0 is a process check; the site's weight wins");
        assertEquals(new TrackerConfig.File(Path.of("/run/keepalived/gw.prio"), -10), t.get(5));
        assertEquals(new TrackerConfig.File(Path.of("/run/keepalived/gw.flag"), 0), t.get(6), "weight 0: FAULT unless 0");
        assertEquals(new TrackerConfig.Process("nginx", -50), t.get(7));
        assertEquals(8, t.size(), t::toString);
    }

    @Test
    void whatHasNoEquivalentIsReportedNotGuessed() throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.importFile(resource("tracking.conf"));
        List<String> items = items(r);
        assertTrue(items.contains("tracking.conf:57 track_interface lan0 weight 5 reverse"), items::toString);
        assertTrue(item(r, "track_interface lan0 weight 5 reverse").message().contains("reverse has no vrrpd equivalent"));
        assertTrue(items.contains("tracking.conf:26 vrrp_script chk_relative"), items::toString);
        assertTrue(item(r, "vrrp_script chk_relative").message().contains("absolute path"));
        assertTrue(item(r, "track_script chk_relative").message().contains("no vrrp_script chk_relative was converted"));
        assertTrue(item(r, "track_script chk_missing").message().contains("not converted"));
        assertTrue(item(r, "quorum 2").message().contains("quorum"));
        assertTrue(item(r, "track_process quorum_of_two").message().contains("not converted"));
        assertTrue(item(r, "vrrp_script chk_haproxy").message().contains("process tracker"));
        assertTrue(r.yaml().contains("startup-delay: 12.5s"), r.yaml());
        assertTrue(r.yaml().contains("- {interface: eth1, weight: -60}   # keepalived track_interface eth1 weight -60"),
                r.yaml());
    }
}
