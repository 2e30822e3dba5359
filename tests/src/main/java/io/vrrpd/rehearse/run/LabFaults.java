package io.vrrpd.rehearse.run;

import io.vrrpd.hooks.kernel.LabUnavailableException;
import io.vrrpd.hooks.kernel.NamespaceLab;
import io.vrrpd.lab.BladeLab;
import io.vrrpd.lab.LabPlan;

import java.util.ArrayList;
import java.util.List;

/**
 * Faults of the lab's switch: a partition (the blades' switch ports isolated from each other,
 * so they stop hearing each other while the client and the upstream still reach each of them)
 * and loss on the LAN (netem on every LAN port of the switch; where the kernel has no netem, an
 * nftables rule on the switch that drops that share of the frames coming in on the LAN ports at
 * random).
 */
final class LabFaults {
    private static final String TABLE = "vrrp_rehearse";

    private final BladeLab lab;
    private final List<String> lossPorts = new ArrayList<>();
    private boolean lossByNft;

    LabFaults(BladeLab lab) {
        this.lab = lab;
    }

    /** Throws, naming what to install, when neither netem nor nftables can make loss here. */
    static void requireLoss(BladeLab lab) {
        if (netemWorks(lab)) {
            return;
        }
        if (!NamespaceLab.hasTool("nft")) {
            throw new LabUnavailableException("loss needs the kernel's netem (sch_netem) or nftables with bridge "
                    + "support (apt-get install nftables); this kernel has no netem");
        }
    }

    private static boolean netemWorks(BladeLab lab) {
        String port = BladeLab.switchPort(lab.plan().blades().get(0), LabPlan.Segment.LAN);
        if (lab.lab().status(lab.sw(), "tc", "qdisc", "add", "dev", port, "root", "netem", "loss", "0%") != 0) {
            return false;
        }
        lab.lab().status(lab.sw(), "tc", "qdisc", "del", "dev", port, "root");
        return true;
    }

    /** Isolates (or, with {@code on} false, joins again) the switch ports of {@code blades} from each other. */
    void partition(List<String> blades, boolean on) {
        for (String name : blades) {
            LabPlan.Blade b = lab.plan().blade(name);
            for (LabPlan.Port p : b.ports()) {
                lab.in(lab.sw(), "bridge", "link", "set", "dev", BladeLab.switchPort(b, p.segment()), "isolated",
                        on ? "on" : "off");
            }
        }
    }

    /** Starts losing {@code percent} of the frames on the LAN. */
    void startLoss(int percent) {
        for (LabPlan.Blade b : lab.plan().blades()) {
            lossPorts.add(BladeLab.switchPort(b, LabPlan.Segment.LAN));
        }
        lossPorts.add("cl-lan");
        if (netemWorks(lab)) {
            for (String port : lossPorts) {
                lab.in(lab.sw(), "tc", "qdisc", "add", "dev", port, "root", "netem", "loss", percent + "%");
            }
        } else {
            lossByNft = true;
            lab.in(lab.sw(), "nft", "add", "table", "bridge", TABLE);
            lab.in(lab.sw(), "nft", "add", "chain", "bridge", TABLE, "loss",
                    "{ type filter hook forward priority 0 ; }");
            lab.in(lab.sw(), "nft", "add", "rule", "bridge", TABLE, "loss", "iifname",
                    "{ " + String.join(", ", lossPorts.stream().map(p -> "\"" + p + "\"").toList()) + " }",
                    "numgen", "random", "mod", "100", "<", Integer.toString(percent), "drop");
        }
    }

    /** Ends the loss. */
    void stopLoss() {
        if (!lossByNft) {
            for (String port : lossPorts) {
                lab.lab().status(lab.sw(), "tc", "qdisc", "del", "dev", port, "root");
            }
        }
        lossPorts.clear();
        if (lossByNft) {
            lab.lab().status(lab.sw(), "nft", "delete", "table", "bridge", TABLE);
            lossByNft = false;
        }
    }
}
