package io.vrrpd.daemon.migrate;

import static io.vrrpd.daemon.migrate.KeepalivedFixtures.item;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.load;
import static io.vrrpd.daemon.migrate.KeepalivedFixtures.resource;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vrrpd.daemon.config.VrrpdConfig;
import org.junit.jupiter.api.Test;

/** use_vmac becomes virtual-mac: true; what vrrpd does otherwise (a name, vmac_xmit_base, an owner) is said. */
class ImportKeepalivedVmacTest {

    @Test
    void useVmacBecomesVirtualMacAndTheRestIsReported() throws Exception {
        KeepalivedImporter.Result r = KeepalivedImporter.importFile(resource("vmac.conf"));
        VrrpdConfig c = load(r.yaml());
        assertFalse(c.instances().get("plain").virtualMac(), "no use_vmac, no virtual MAC: keepalived's default");
        assertTrue(c.instances().get("gw").virtualMac(), r::yaml);
        assertTrue(c.instances().get("named").virtualMac(), r::yaml);
        assertFalse(c.instances().get("owner").virtualMac(), "an owner keeps its addresses on its interface");
        assertTrue(item(r, "use_vmac vrrp.52").message().contains("vrrp4.VRID"));
        assertTrue(item(r, "vmac_xmit_base").message().contains("nothing to convert"));
        assertTrue(item(r, "use_vmac").message().contains("priority 255"));
    }
}
