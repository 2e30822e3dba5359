package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.AddressFlag;
import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;
import io.vrrpd.hooks.kernel.MacAddress;
import io.vrrpd.hooks.kernel.NeighborState;
import io.vrrpd.hooks.kernel.OperState;
import io.vrrpd.hooks.kernel.RouteSpec;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static io.vrrpd.hooks.kernel.rtnetlink.KernelLab.addr;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wire format without a kernel: header fields at their offsets, attribute alignment, parsing. */
class NetlinkCodecTest {

    private static ByteBuffer wrap(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    @Test
    void requestHeaderCarriesLengthTypeFlagsAndSequence() {
        byte[] b = new Nl.Request(Nl.RTM_NEWROUTE, Nl.NLM_F_ACK | Nl.NLM_F_CREATE).u32(0x01020304).finish(77);
        ByteBuffer m = wrap(b);
        assertEquals(20, b.length);
        assertEquals(20, m.getInt(0));
        assertEquals(Nl.RTM_NEWROUTE, m.getShort(4));
        assertEquals(Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE, m.getShort(6));
        assertEquals(77, m.getInt(8));
        assertEquals(0, m.getInt(12), "port id 0: the kernel fills in ours");
        assertEquals(0x01020304, m.getInt(16));
    }

    @Test
    void dumpIsRecognisedOnlyOnGetRequests() {
        assertTrue(new Nl.Request(Nl.RTM_GETROUTE, Nl.NLM_F_DUMP).isDump());
        assertTrue(!new Nl.Request(Nl.RTM_GETROUTE, Nl.NLM_F_ACK).isDump());
        assertTrue(!new Nl.Request(Nl.RTM_NEWROUTE, Nl.NLM_F_REPLACE | Nl.NLM_F_EXCL).isDump(),
                "REPLACE|EXCL on a NEW request has the bits of DUMP but is not one");
    }

    @Test
    void attributesArePaddedToFourBytes() {
        byte[] b = new Nl.Request(Nl.RTM_GETLINK, 0).u32(0).u32(0).u32(0).u32(0)
                .attrString(Nl.IFLA_IFNAME, "eth0").attrU32(Nl.IFLA_MTU, 1500).finish(1);
        ByteBuffer m = wrap(b);
        // 16 header + 16 ifinfomsg + (4 + "eth0\0" = 9, padded to 12) + 8
        assertEquals(52, b.length);
        assertEquals(9, m.getShort(32), "rta_len counts the unpadded value");
        assertEquals(Nl.IFLA_IFNAME, m.getShort(34));
        assertArrayEquals(new byte[] {'e', 't', 'h', '0', 0, 0, 0, 0}, java.util.Arrays.copyOfRange(b, 36, 44));
        assertEquals(8, m.getShort(44));
        assertEquals(Nl.IFLA_MTU, m.getShort(46));
        assertEquals(1500, m.getInt(48));
    }

    @Test
    void requestGrowsPastItsInitialBuffer() {
        Nl.Request r = new Nl.Request(Nl.RTM_NEWLINK, 0);
        for (int i = 0; i < 100; i++) {
            r.attrU32(i, i);
        }
        byte[] b = r.finish(1);
        assertEquals(16 + 100 * 8, b.length);
        assertEquals(99, wrap(b).getInt(16 + 99 * 8 + 4));
    }

    @Test
    void splitsDatagramAndParsesAttributesMaskingFlagBits() throws KernelException {
        byte[] one = new Nl.Request(Nl.RTM_NEWADDR, 0).u8(Nl.AF_INET).u8(24).u8(0).u8(0).u32(3)
                .attrAddress(Nl.IFA_LOCAL, addr("192.0.2.10")).attr(0x8000 | Nl.IFA_FLAGS, new byte[] {1, 0, 0, 0}).finish(5);
        byte[] two = new Nl.Request(Nl.NLMSG_DONE, 0).u32(0).finish(5);
        ByteBuffer d = ByteBuffer.allocateDirect(one.length + two.length).order(ByteOrder.nativeOrder());
        d.put(one).put(two);
        List<Nl.Message> messages = Nl.split(d, one.length + two.length);
        assertEquals(2, messages.size());
        Nl.Message m = messages.get(0);
        assertEquals(Nl.RTM_NEWADDR, m.type());
        assertEquals(5, m.seq());
        Nl.Attributes a = m.attributes(Nl.IFADDRMSG_LEN);
        assertEquals(addr("192.0.2.10"), Nl.address(a.get(Nl.IFA_LOCAL)));
        assertEquals(1, Nl.u32(a.get(Nl.IFA_FLAGS), -1), "NLA_F_NESTED/NLA_F_NET_BYTEORDER bits are masked off");
        assertNull(a.get(Nl.IFA_ADDRESS));
        assertEquals(Nl.NLMSG_DONE, messages.get(1).type());

        Address parsed = RtNetlinkKernel.parseAddress(m);
        assertEquals(new Address(3, addr("192.0.2.10"), 24, 0, java.util.Set.of(AddressFlag.SECONDARY)), parsed);
    }

    @Test
    void malformedLengthIsRejectedWithActualAndExpected() {
        ByteBuffer d = ByteBuffer.allocateDirect(32).order(ByteOrder.nativeOrder());
        d.putInt(0, 64); // claims 64 bytes, 32 received
        KernelException e = assertThrows(KernelException.class, () -> Nl.split(d, 32));
        assertEquals(Errno.EPROTO, e.errno());
        assertTrue(e.getMessage().contains("length 64") && e.getMessage().contains("expected: 16..32"), e::getMessage);
    }

    @Test
    void truncatedAttributeEndsParsingWithoutThrowing() {
        ByteBuffer p = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        p.putShort((short) 40).putShort((short) 1).putInt(0).flip();
        assertNull(Nl.Attributes.parse(p).get(1));
    }

    @Test
    void parsesRouteTakingTableFromAttributeAndSkippingNonUnicast() {
        Nl.Request r = new Nl.Request(Nl.RTM_NEWROUTE, 0).u8(Nl.AF_INET).u8(0).u8(0).u8(0)
                .u8(Nl.RT_TABLE_COMPAT).u8(200).u8(0).u8(Nl.RTN_UNICAST).u32(0)
                .attrU32(Nl.RTA_TABLE, 1000).attrAddress(Nl.RTA_GATEWAY, addr("198.51.100.1"))
                .attrU32(Nl.RTA_OIF, 2).attrU32(Nl.RTA_PRIORITY, 50);
        Nl.Message m = message(r);
        assertEquals(new RouteSpec(addr("0.0.0.0"), 0, addr("198.51.100.1"), 2, 1000, 50, 200), RtNetlinkKernel.parseRoute(m));

        Nl.Request local = new Nl.Request(Nl.RTM_NEWROUTE, 0).u8(Nl.AF_INET).u8(32).u8(0).u8(0)
                .u8(255).u8(2).u8(254).u8(2 /* RTN_LOCAL */).u32(0).attrU32(Nl.RTA_OIF, 1);
        assertNull(RtNetlinkKernel.parseRoute(message(local)));
    }

    private static Nl.Message message(Nl.Request r) {
        byte[] b = r.finish(1);
        ByteBuffer payload = ByteBuffer.wrap(java.util.Arrays.copyOfRange(b, 16, b.length)).order(ByteOrder.nativeOrder());
        return new Nl.Message(wrap(b).getShort(4), 0, 1, 0, payload);
    }

    @Test
    void macAddressParsesAndPrints() {
        MacAddress mac = MacAddress.parse("52:54:00:AB:cd:0f");
        assertEquals("52:54:00:ab:cd:0f", mac.toString());
        assertEquals(mac, MacAddress.of(new byte[] {0x52, 0x54, 0, (byte) 0xab, (byte) 0xcd, 0x0f}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MacAddress.parse("52:54:0:1:2:3"));
        assertTrue(e.getMessage().contains("expected"), e::getMessage);
    }

    @Test
    void routeSpecRejectsWhatTheKernelWould() {
        assertThrows(IllegalArgumentException.class, () -> RouteSpec.defaultRoute(addr("2001:db8::1"), 1, 0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new RouteSpec(addr("0.0.0.0"), 0, addr("2001:db8::1"), 1, 254, 0, 200));
        assertThrows(IllegalArgumentException.class, () -> new RouteSpec(addr("0.0.0.0"), 33, null, 1, 254, 0, 200));
        assertThrows(IllegalArgumentException.class, () -> new RouteSpec(addr("0.0.0.0"), 0, null, 0, 254, 0, 200));
        RouteSpec d6 = RouteSpec.defaultRoute(addr("2001:db8:ff::1"), 3, 100, 50);
        assertEquals(addr("::"), d6.destination());
        assertTrue(d6.ipv6() && d6.isDefault());
        assertEquals(RouteSpec.PROTOCOL_VRRPD, d6.protocol());
    }

    @Test
    void neighborStatesFromKernelBits() {
        assertEquals(NeighborState.REACHABLE, NeighborState.fromBits(0x02));
        assertEquals(NeighborState.NONE, NeighborState.fromBits(0));
        assertTrue(NeighborState.STALE.valid());
        assertTrue(!NeighborState.INCOMPLETE.valid() && !NeighborState.FAILED.valid());
        // only an answer seen lately (or an operator's static entry) confirms a next hop
        assertTrue(NeighborState.REACHABLE.confirmed() && NeighborState.PERMANENT.confirmed()
                && NeighborState.NOARP.confirmed());
        assertTrue(!NeighborState.STALE.confirmed() && !NeighborState.DELAY.confirmed()
                && !NeighborState.PROBE.confirmed() && !NeighborState.INCOMPLETE.confirmed());
        assertEquals(OperState.UNKNOWN, OperState.valueOf(42));
    }
}
