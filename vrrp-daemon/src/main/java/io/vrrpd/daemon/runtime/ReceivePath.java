package io.vrrpd.daemon.runtime;

import io.vrrpd.core.AddressFamily;
import io.vrrpd.core.VrrpVersion;
import io.vrrpd.core.packet.AdvertDecoder;
import io.vrrpd.core.packet.DecodedAdvert;
import io.vrrpd.core.packet.ReceiveExpectations;
import io.vrrpd.core.packet.ReceiveCheck;
import io.vrrpd.core.packet.ReceiveVerdict;
import io.vrrpd.core.packet.RejectReason;
import io.vrrpd.core.packet.VrrpPacketException;
import io.vrrpd.daemon.net.DropReason;
import io.vrrpd.daemon.net.PacketChannel;
import io.vrrpd.daemon.net.ReceivedAdvert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import io.vrrpd.daemon.net.PacketIoException;

/**
 * Runs on an interface's receive thread: decodes (tier 1, in the versions the interface's instances
 * hear), finds the instance by family and
 * VRID, checks (tier 2), counts every rejection by reason, and posts accepted adverts to the
 * event loop. Nothing here touches instance state.
 */
final class ReceivePath implements PacketChannel.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(ReceivePath.class);

    private final String interfaceName;
    /** [family][vrid] → the receiver, replaced wholesale when instances change (copy on write). */
    private volatile InstanceReceiver[][] receivers = new InstanceReceiver[2][256];
    /**
     * [family] → the versions decoded: the union of what the family's instances here hear
     * ({@link ReceiveExpectations#heardVersions()}), so a VRRPv2 advert is well-formed only where an
     * instance speaks VRRPv2. Replaced with {@link #receivers}.
     */
    private volatile Set<VrrpVersion>[] versions = decodedVersions(receivers);
    /** Rejections that belong to no instance (malformed, unknown VRID), by RFC 6527 counter. */
    private final Map<RejectReason, LongAdder> interfaceRejects = new ConcurrentHashMap<>();

    /** Told, on the receive thread, when receiving stopped on a failure; it posts to the loop. */
    private final Consumer<PacketIoException> onFailure;

    ReceivePath(String interfaceName) {
        this(interfaceName, failure -> { });
    }

    ReceivePath(String interfaceName, Consumer<PacketIoException> onFailure) {
        this.interfaceName = interfaceName;
        this.onFailure = onFailure;
    }

    /** Loop thread: routes adverts of (family, vrid) to {@code receiver}, or stops when null. */
    void route(AddressFamily family, int vrid, InstanceReceiver receiver) {
        if (receivers[family.ordinal()][vrid] == receiver) {
            return;   // every reconcile routes every instance again: no copy when nothing changes
        }
        InstanceReceiver[][] next = new InstanceReceiver[2][];
        next[0] = receivers[0].clone();
        next[1] = receivers[1].clone();
        next[family.ordinal()][vrid] = receiver;
        versions = decodedVersions(next);
        receivers = next;
    }

    @SuppressWarnings("unchecked")
    private static Set<VrrpVersion>[] decodedVersions(InstanceReceiver[][] receivers) {
        Set<VrrpVersion>[] result = new Set[2];
        for (AddressFamily f : AddressFamily.values()) {
            boolean v2 = false;
            boolean v3 = false;
            for (InstanceReceiver r : receivers[f.ordinal()]) {
                if (r != null) {
                    Set<VrrpVersion> heard = r.expectations().heardVersions();
                    v2 |= heard.contains(VrrpVersion.V2);
                    v3 |= heard.contains(VrrpVersion.V3);
                }
            }
            result[f.ordinal()] = v2 && v3 ? AdvertDecoder.V2_AND_V3 : v2 ? AdvertDecoder.V2_ONLY : AdvertDecoder.V3_ONLY;
        }
        return result;
    }

    /** The versions adverts of {@code family} are decoded as here. */
    Set<VrrpVersion> decodedVersions(AddressFamily family) {
        return versions[family.ordinal()];
    }

    /** Rejections not attributable to an instance. */
    Map<RejectReason, LongAdder> interfaceRejects() {
        return interfaceRejects;
    }

    @Override
    public void onAdvert(ReceivedAdvert frame) {
        AddressFamily family = frame.family();
        byte[] source = frame.sourceAddress();   // one copy: the decoder's checksum and the loop's event
        byte[] destination = frame.destinationAddress();   // one copy: the checksum and the unicast check
        DecodedAdvert decoded;
        try {
            decoded = AdvertDecoder.decode(versions[family.ordinal()], family, source, destination, frame.frame(),
                    frame.payloadOffset(), frame.payloadLength());
        } catch (VrrpPacketException e) {
            InstanceReceiver r = peekVrid(family, frame);
            if (r != null) {
                r.rejected(e.reason(), e.getMessage(), frame, null);
            } else {
                count(e.reason());
            }
            return;
        }
        InstanceReceiver receiver = receivers[family.ordinal()][decoded.advert().vrid()];
        if (receiver == null) {
            count(RejectReason.VRID_ERROR);
            return;
        }
        ReceiveVerdict verdict = ReceiveCheck.check(receiver.expectations(), family, frame.hopLimit(), source, destination,
                decoded.advert());
        if (!verdict.accepted()) {
            receiver.rejected(verdict.reason(), null, frame, decoded.advert());
            return;
        }
        receiver.accepted(frame, source, decoded, verdict);
    }

    /** The VRID byte of a malformed advert, when present, to count the rejection against its instance. */
    private InstanceReceiver peekVrid(AddressFamily family, ReceivedAdvert frame) {
        if (frame.payloadLength() < 2) {
            return null;
        }
        int vrid = frame.frame()[frame.payloadOffset() + 1] & 0xff;
        return receivers[family.ordinal()][vrid];
    }

    private void count(RejectReason reason) {
        interfaceRejects.computeIfAbsent(reason, r -> new LongAdder()).increment();
        LOG.debug("{}: dropped advert ({})", interfaceName, reason.metricName());
    }

    @Override
    public void onDropped(DropReason reason, byte[] frame) {
        // not VRRP, truncated, or our own frame: counted by the channel itself
    }

    @Override
    public void onFailure(PacketIoException failure) {
        onFailure.accept(failure);
    }
}
