package io.vrrpd.hooks.kernel.rtnetlink;

import io.vrrpd.hooks.kernel.Errno;
import io.vrrpd.hooks.kernel.KernelException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One NETLINK_ROUTE socket, bound in the network namespace of the thread that opened it.
 * Requests are synchronous and one at a time ({@code synchronized}): each gets the next sequence
 * number, and replies with other sequence numbers (late replies to an abandoned request) are
 * dropped. An {@code NLMSG_ERROR} with a non-zero code becomes a {@link KernelException} naming
 * the request type, with the kernel's extended-ack text when it sent one.
 */
final class NetlinkSocket implements AutoCloseable {
    private static final int BUFFER = 64 * 1024;
    private static final int DUMP_RETRIES = 5;

    private final int fd;
    private final ByteBuffer receive = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.nativeOrder());
    private int seq = (int) (System.nanoTime() & 0x3fffffff);
    private boolean closed;

    private NetlinkSocket(int fd) {
        this.fd = fd;
    }

    /**
     * Opens a socket bound to {@code groups} (0 for a request socket). {@code receiveTimeoutMillis}
     * bounds every wait for the kernel (0: wait forever).
     */
    static NetlinkSocket open(int groups, long receiveTimeoutMillis) throws KernelException {
        int fd = RtNetlinkNative.socket();
        try {
            if (groups != 0) {
                // events come in bursts (a link going down takes its addresses and routes with it)
                try {
                    RtNetlinkNative.setIntOption(fd, RtNetlinkNative.SOL_SOCKET, RtNetlinkNative.SO_RCVBUF,
                            1 << 20, "SO_RCVBUF");
                } catch (KernelException ignored) {
                    // the default buffer still works; overruns are reported as events
                }
            }
            try {
                RtNetlinkNative.setIntOption(fd, RtNetlinkNative.SOL_NETLINK, RtNetlinkNative.NETLINK_EXT_ACK, 1,
                        "NETLINK_EXT_ACK");
                RtNetlinkNative.setIntOption(fd, RtNetlinkNative.SOL_NETLINK, RtNetlinkNative.NETLINK_CAP_ACK, 1,
                        "NETLINK_CAP_ACK");
            } catch (KernelException ignored) {
                // older kernels: plain errno without the kernel's text
            }
            if (receiveTimeoutMillis > 0) {
                RtNetlinkNative.setReceiveTimeout(fd, receiveTimeoutMillis);
            }
            RtNetlinkNative.bind(fd, groups);
            return new NetlinkSocket(fd);
        } catch (KernelException e) {
            try {
                RtNetlinkNative.close(fd);
            } catch (KernelException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Sends {@code request} and collects its replies: for a dump, every message up to
     * {@code NLMSG_DONE}; otherwise the reply (if the request has one) up to the acknowledgement.
     */
    synchronized List<Nl.Message> request(Nl.Request request) throws KernelException {
        String call = Nl.typeName(request.type());
        for (int attempt = 1; ; attempt++) {
            List<Nl.Message> replies = new ArrayList<>();
            boolean interrupted = exchange(request, call, replies);
            if (!interrupted || attempt == DUMP_RETRIES) {
                return replies;
            }
            // NLM_F_DUMP_INTR: the table changed during the dump, so the dump may be inconsistent
        }
    }

    private boolean exchange(Nl.Request request, String call, List<Nl.Message> replies) throws KernelException {
        ensureOpen(call);
        int mySeq = ++seq;
        byte[] bytes = request.finish(mySeq);
        RtNetlinkNative.send(fd, bytes, bytes.length, call);
        boolean dump = request.isDump();
        boolean interrupted = false;
        while (true) {
            int n = RtNetlinkNative.recv(fd, receive, call);
            if (n < 0) {
                throw new KernelException(call, Errno.ETIMEDOUT, "no reply from the kernel (seq " + mySeq + ")");
            }
            for (Nl.Message m : Nl.split(receive, n)) {
                if (m.seq() != mySeq) {
                    continue;
                }
                if ((m.flags() & Nl.NLM_F_DUMP_INTR) != 0) {
                    interrupted = true;
                }
                switch (m.type()) {
                    case Nl.NLMSG_ERROR -> {
                        int error = m.payload().getInt(0);
                        if (error != 0) {
                            throw new KernelException(call, -error, describe(-error, m));
                        }
                        if (!dump) {
                            return false;
                        }
                    }
                    case Nl.NLMSG_DONE -> {
                        int error = m.payload().remaining() >= 4 ? m.payload().getInt(0) : 0;
                        if (error < 0) {
                            throw new KernelException(call, -error, describe(-error, m));
                        }
                        return interrupted;
                    }
                    case Nl.NLMSG_NOOP, Nl.NLMSG_OVERRUN -> {
                        // nothing to collect
                    }
                    default -> replies.add(m);
                }
            }
        }
    }

    /** The C library's text, plus the kernel's extended-ack message when there is one. */
    private static String describe(int errno, Nl.Message error) {
        String base = Errno.describe(errno);
        if ((error.flags() & Nl.NLM_F_ACK_TLVS) == 0) {
            return base;
        }
        // struct nlmsgerr: int error; struct nlmsghdr msg (+ payload unless NLM_F_CAPPED); then TLVs
        int offset = 4 + Nl.NLMSG_HDRLEN;
        if ((error.flags() & Nl.NLM_F_CAPPED) == 0) {
            offset = 4 + error.payload().getInt(4);
        }
        if (offset > error.payload().limit()) {
            return base;
        }
        ByteBuffer p = error.payload().duplicate().order(ByteOrder.nativeOrder());
        p.position(Nl.align(offset));
        String text = Nl.string(Nl.Attributes.parse(p).get(Nl.NLMSGERR_ATTR_MSG));
        return text == null || text.isEmpty() ? base : base + " (kernel: " + text + ")";
    }

    /**
     * Waits for the next datagram (for a socket bound to groups) and returns its messages, or
     * an empty list when the receive timeout passed first.
     */
    List<Nl.Message> receiveEvents() throws KernelException {
        ensureOpen("recv(events)");
        int n = RtNetlinkNative.recv(fd, receive, "events");
        return n < 0 ? List.of() : Nl.split(receive, n);
    }

    private void ensureOpen(String call) throws KernelException {
        if (closed) {
            throw new KernelException(call, 9, "netlink socket is closed");
        }
    }

    @Override
    public synchronized void close() throws KernelException {
        if (!closed) {
            closed = true;
            RtNetlinkNative.close(fd);
        }
    }
}
