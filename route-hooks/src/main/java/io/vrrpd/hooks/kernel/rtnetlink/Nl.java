package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Netlink and rtnetlink wire format: constants from {@code linux/netlink.h} and
 * {@code linux/rtnetlink.h}, a request builder and a parser. All integers are in native byte
 * order; headers and attributes are aligned to 4 bytes (NLMSG_ALIGN / RTA_ALIGN).
 */
final class Nl {
    private Nl() {
    }

    static final int NLMSG_HDRLEN = 16;
    static final int NLA_HDRLEN = 4;
    static final int NLA_TYPE_MASK = 0x3fff;

    // nlmsg_type
    static final int NLMSG_NOOP = 1;
    static final int NLMSG_ERROR = 2;
    static final int NLMSG_DONE = 3;
    static final int NLMSG_OVERRUN = 4;
    static final int RTM_NEWLINK = 16;
    static final int RTM_DELLINK = 17;
    static final int RTM_GETLINK = 18;
    static final int RTM_NEWADDR = 20;
    static final int RTM_DELADDR = 21;
    static final int RTM_GETADDR = 22;
    static final int RTM_NEWROUTE = 24;
    static final int RTM_DELROUTE = 25;
    static final int RTM_GETROUTE = 26;
    static final int RTM_NEWNEIGH = 28;
    static final int RTM_NEWRULE = 32;
    static final int RTM_DELRULE = 33;
    static final int RTM_GETRULE = 34;
    static final int RTM_DELNEIGH = 29;
    static final int RTM_GETNEIGH = 30;

    // nlmsg_flags
    static final int NLM_F_REQUEST = 0x01;
    static final int NLM_F_MULTI = 0x02;
    static final int NLM_F_ACK = 0x04;
    static final int NLM_F_DUMP_INTR = 0x10;
    static final int NLM_F_DUMP = 0x300;
    static final int NLM_F_REPLACE = 0x100;
    static final int NLM_F_EXCL = 0x200;
    static final int NLM_F_CREATE = 0x400;
    static final int NLM_F_ACK_TLVS = 0x200; // on NLMSG_ERROR: extended-ack attributes follow
    static final int NLM_F_CAPPED = 0x100;   // on NLMSG_ERROR: request not echoed
    static final int NLMSGERR_ATTR_MSG = 1;

    // multicast groups (legacy bitmask form, for bind)
    static final int RTMGRP_LINK = 0x1;
    static final int RTMGRP_IPV4_IFADDR = 0x10;
    static final int RTMGRP_IPV4_ROUTE = 0x40;
    static final int RTMGRP_IPV6_IFADDR = 0x100;
    static final int RTMGRP_IPV6_ROUTE = 0x400;
    static final int RTMGRP_IPV4_RULE = 0x80;
    /** RTNLGRP_IPV6_RULE (19) as a bitmask bit: 1 << (19 - 1). */
    static final int RTMGRP_IPV6_RULE = 0x40000;

    static final int AF_UNSPEC = 0;
    static final int AF_INET = 2;
    static final int AF_INET6 = 10;

    // struct ifinfomsg (16 bytes) and IFLA_*
    static final int IFINFOMSG_LEN = 16;
    static final int IFLA_ADDRESS = 1;
    static final int IFLA_IFNAME = 3;
    static final int IFLA_MTU = 4;
    static final int IFLA_OPERSTATE = 16;
    static final int IFLA_LINK = 5;
    static final int IFLA_LINKINFO = 18;
    static final int IFLA_AF_SPEC = 26;
    static final int IFLA_INFO_KIND = 1;
    static final int IFLA_INFO_DATA = 2;
    static final int IFLA_MACVLAN_MODE = 1;
    /** In IFLA_AF_SPEC's AF_INET6 nest: u8, how IPv6 link-local addresses are made. */
    static final int IFLA_INET6_ADDR_GEN_MODE = 8;
    static final int IN6_ADDR_GEN_MODE_NONE = 1;
    static final int NLA_F_NESTED = 0x8000;
    static final int IFF_UP = 0x1;
    static final int IFF_RUNNING = 0x40;
    static final int IFF_LOWER_UP = 0x10000;

    // struct ifaddrmsg (8 bytes) and IFA_*
    static final int IFADDRMSG_LEN = 8;
    static final int IFA_ADDRESS = 1;
    static final int IFA_LOCAL = 2;
    static final int IFA_FLAGS = 8;
    /** u8: who added the address (Linux 6.1+; older kernels ignore it). */
    static final int IFA_PROTO = 11;
    static final int IFA_F_NODAD = 0x02;

    // struct rtmsg (12 bytes) and RTA_*
    static final int RTMSG_LEN = 12;
    static final int RTA_DST = 1;
    static final int RTA_SRC = 2;
    static final int RTA_OIF = 4;
    static final int RTA_GATEWAY = 5;
    static final int RTA_PRIORITY = 6;
    static final int RTA_PREFSRC = 7;
    static final int RTA_TABLE = 15;
    static final int RT_TABLE_COMPAT = 252;
    static final int RT_SCOPE_UNIVERSE = 0;
    static final int RT_SCOPE_LINK = 253;
    static final int RT_SCOPE_HOST = 254;
    static final int RTN_UNICAST = 1;
    static final int RTM_F_CLONED = 0x200;
    static final int RTM_F_LOOKUP_TABLE = 0x1000;

    // struct fib_rule_hdr (12 bytes) and FRA_*
    static final int FIB_RULE_HDR_LEN = 12;
    static final int FRA_DST = 1;
    static final int FRA_SRC = 2;
    static final int FRA_PRIORITY = 6;
    static final int FRA_TABLE = 15;
    /** u8: who added the rule (Linux 4.17+). */
    static final int FRA_PROTOCOL = 21;
    static final int FR_ACT_TO_TBL = 1;

    // struct ndmsg (12 bytes) and NDA_*
    static final int NDMSG_LEN = 12;
    static final int NDA_DST = 1;
    static final int NDA_LLADDR = 2;
    static final int NTF_USE = 0x01;
    static final int NUD_PROBE = 0x10;

    static String typeName(int type) {
        return switch (type) {
            case RTM_NEWLINK -> "RTM_NEWLINK";
            case RTM_DELLINK -> "RTM_DELLINK";
            case RTM_GETLINK -> "RTM_GETLINK";
            case RTM_NEWADDR -> "RTM_NEWADDR";
            case RTM_DELADDR -> "RTM_DELADDR";
            case RTM_GETADDR -> "RTM_GETADDR";
            case RTM_NEWROUTE -> "RTM_NEWROUTE";
            case RTM_DELROUTE -> "RTM_DELROUTE";
            case RTM_GETROUTE -> "RTM_GETROUTE";
            case RTM_NEWNEIGH -> "RTM_NEWNEIGH";
            case RTM_DELNEIGH -> "RTM_DELNEIGH";
            case RTM_GETNEIGH -> "RTM_GETNEIGH";
            case RTM_NEWRULE -> "RTM_NEWRULE";
            case RTM_DELRULE -> "RTM_DELRULE";
            case RTM_GETRULE -> "RTM_GETRULE";
            default -> "nlmsg type " + type;
        };
    }

    static int align(int n) {
        return (n + 3) & ~3;
    }

    static int family(InetAddress address) {
        return address instanceof Inet6Address ? AF_INET6 : AF_INET;
    }

    /** 0.0.0.0 or ::. */
    static InetAddress any(int family) {
        try {
            return InetAddress.getByAddress(new byte[family == AF_INET6 ? 16 : 4]);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static InetAddress address(ByteBuffer attr) {
        if (attr == null) {
            return null;
        }
        byte[] raw = new byte[attr.remaining()];
        attr.duplicate().get(raw);
        if (raw.length != 4 && raw.length != 16) {
            return null;
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // unreachable for 4 or 16 bytes
        }
    }

    static String string(ByteBuffer attr) {
        if (attr == null) {
            return null;
        }
        byte[] raw = new byte[attr.remaining()];
        attr.duplicate().get(raw);
        int end = 0;
        while (end < raw.length && raw[end] != 0) {
            end++;
        }
        return new String(raw, 0, end, StandardCharsets.UTF_8);
    }

    static int u32(ByteBuffer attr, int absent) {
        return attr == null || attr.remaining() < 4 ? absent : attr.getInt(attr.position());
    }

    static int u8(ByteBuffer attr, int absent) {
        return attr == null || attr.remaining() < 1 ? absent : attr.get(attr.position()) & 0xff;
    }

    static byte[] bytes(ByteBuffer attr) {
        if (attr == null) {
            return null;
        }
        byte[] raw = new byte[attr.remaining()];
        attr.duplicate().get(raw);
        return raw;
    }

    /** A request under construction: header, fixed family struct, then attributes. */
    static final class Request {
        private final int type;
        private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

        Request(int type, int flags) {
            this.type = type;
            buf.putInt(0).putShort((short) type).putShort((short) (flags | NLM_F_REQUEST)).putInt(0).putInt(0);
        }

        int type() {
            return type;
        }

        /** A dump: an RTM_GET* request with NLM_F_DUMP (on RTM_NEW* the same bits mean REPLACE|EXCL). */
        boolean isDump() {
            return (type & 3) == 2 && (buf.getShort(6) & NLM_F_DUMP) == NLM_F_DUMP;
        }

        private void ensure(int n) {
            if (buf.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + n))
                        .order(ByteOrder.nativeOrder());
                buf.flip();
                bigger.put(buf);
                buf = bigger;
            }
        }

        Request u8(int v) {
            ensure(1);
            buf.put((byte) v);
            return this;
        }

        Request u16(int v) {
            ensure(2);
            buf.putShort((short) v);
            return this;
        }

        Request u32(int v) {
            ensure(4);
            buf.putInt(v);
            return this;
        }

        Request attr(int attrType, byte[] value) {
            int len = NLA_HDRLEN + value.length;
            ensure(align(len));
            buf.putShort((short) len).putShort((short) attrType).put(value);
            for (int i = len; i < align(len); i++) {
                buf.put((byte) 0);
            }
            return this;
        }

        Request attrU8(int attrType, int value) {
            return attr(attrType, new byte[] {(byte) value});
        }

        Request attrU32(int attrType, int value) {
            return attr(attrType, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array());
        }

        Request attrString(int attrType, String value) {
            byte[] s = value.getBytes(StandardCharsets.UTF_8);
            return attr(attrType, Arrays.copyOf(s, s.length + 1));
        }

        Request attrAddress(int attrType, InetAddress address) {
            return attr(attrType, address.getAddress());
        }

        /** Opens a nested attribute; returns where it starts, for {@link #end}. */
        int nest(int attrType) {
            ensure(NLA_HDRLEN);
            int start = buf.position();
            buf.putShort((short) 0).putShort((short) (attrType | NLA_F_NESTED));
            return start;
        }

        /** Closes the nested attribute opened at {@code start}: stamps its length. */
        Request end(int start) {
            buf.putShort(start, (short) (buf.position() - start));
            return this;
        }

        /** Stamps length and sequence number; returns the bytes to send and their count. */
        byte[] finish(int seq) {
            buf.putInt(0, buf.position());
            buf.putInt(8, seq);
            return Arrays.copyOf(buf.array(), buf.position());
        }
    }

    /** One received message; {@code payload} is everything after the 16-byte header. */
    record Message(int type, int flags, int seq, int pid, ByteBuffer payload) {
        /** Attributes that follow a fixed struct of {@code fixedLength} bytes. */
        Attributes attributes(int fixedLength) {
            ByteBuffer p = payload.duplicate().order(ByteOrder.nativeOrder());
            p.position(Math.min(p.limit(), align(fixedLength)));
            return Attributes.parse(p);
        }
    }

    /** Splits one received datagram (position 0 to {@code length}) into messages. */
    static List<Message> split(ByteBuffer datagram, int length) throws KernelException {
        List<Message> out = new ArrayList<>();
        int off = 0;
        while (off + NLMSG_HDRLEN <= length) {
            int len = datagram.getInt(off);
            if (len < NLMSG_HDRLEN || off + len > length) {
                throw new KernelException("recv(netlink)", Errno.EPROTO,
                        "malformed netlink message: length " + len + " at offset " + off + " of " + length
                                + " (expected: 16.." + (length - off) + ")");
            }
            int type = datagram.getShort(off + 4) & 0xffff;
            int flags = datagram.getShort(off + 6) & 0xffff;
            int seq = datagram.getInt(off + 8);
            int pid = datagram.getInt(off + 12);
            byte[] body = new byte[len - NLMSG_HDRLEN];
            datagram.get(off + NLMSG_HDRLEN, body);
            out.add(new Message(type, flags, seq, pid, ByteBuffer.wrap(body).order(ByteOrder.nativeOrder())));
            off += align(len);
        }
        return out;
    }

    /** Attributes by type (the nested/byte-order bits masked off); the last of a repeated type wins. */
    static final class Attributes {
        private static final int MAX = 128;
        private final ByteBuffer[] byType = new ByteBuffer[MAX];

        static Attributes parse(ByteBuffer p) {
            Attributes a = new Attributes();
            while (p.remaining() >= NLA_HDRLEN) {
                int start = p.position();
                int len = p.getShort(start) & 0xffff;
                int type = p.getShort(start + 2) & NLA_TYPE_MASK;
                if (len < NLA_HDRLEN || start + len > p.limit()) {
                    break; // truncated attribute: ignore the rest, as the kernel's own parsers do
                }
                if (type < MAX) {
                    ByteBuffer v = p.duplicate().order(ByteOrder.nativeOrder());
                    v.position(start + NLA_HDRLEN).limit(start + len);
                    a.byType[type] = v.slice().order(ByteOrder.nativeOrder());
                }
                p.position(Math.min(p.limit(), start + align(len)));
            }
            return a;
        }

        ByteBuffer get(int type) {
            return type < MAX ? byType[type] : null;
        }

        /** The attributes nested in attribute {@code type}; empty when it is absent. */
        Attributes nested(int type) {
            ByteBuffer v = get(type);
            return parse(v == null ? ByteBuffer.allocate(0) : v.duplicate().order(ByteOrder.nativeOrder()));
        }
    }
}
