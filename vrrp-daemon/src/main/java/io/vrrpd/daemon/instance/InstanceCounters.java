package io.vrrpd.daemon.instance;

import io.vrrpd.daemon.status.InstanceStatus;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one instance. Receive threads count rejections; the loop counts the rest. Named
 * after the RFC 6527 (VRRPv3-MIB) statistics where one exists.
 */
public final class InstanceCounters {
    final LongAdder advertsSent = new LongAdder();
    final LongAdder advertsReceived = new LongAdder();
    final LongAdder priorityZeroSent = new LongAdder();
    final LongAdder priorityZeroReceived = new LongAdder();
    final LongAdder masterTransitions = new LongAdder();
    final LongAdder intervalMismatches = new LongAdder();
    final LongAdder addressListMismatches = new LongAdder();
    final LongAdder vipsRestored = new LongAdder();
    final LongAdder routesRestored = new LongAdder();
    final LongAdder advertsCoalesced = new LongAdder();
    final LongAdder ownerConflicts = new LongAdder();
    final LongAdder multipleOwners = new LongAdder();
    final LongAdder taskFailures = new LongAdder();
    final LongAdder sendFailures = new LongAdder();
    private final Map<String, LongAdder> rejected = new ConcurrentHashMap<>();
    /** Unicast adverts the kernel refused, by "PEER: REASON". */
    private final Map<String, LongAdder> unicastSendFailures = new ConcurrentHashMap<>();

    /** Counts a packet dropped for {@code reason} (any thread). */
    public void rejected(String reason) {
        rejected.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** An advert to unicast peer {@code peer} was not sent, for {@code reason} (the errno's text). */
    public void unicastSendFailed(String peer, String reason) {
        unicastSendFailures(peer, reason).increment();
    }

    /**
     * The counter of adverts to {@code peer} not sent for {@code reason}: a sender looks it up once
     * when a peer's outcome changes and increments it per advert, allocating nothing (loop thread).
     */
    public LongAdder unicastSendFailures(String peer, String reason) {
        return unicastSendFailures.computeIfAbsent(peer + ": " + reason, k -> new LongAdder());
    }

    /** Unicast send failures by "PEER: REASON", sorted. */
    public Map<String, Long> unicastSendFailures() {
        Map<String, Long> out = new TreeMap<>();
        unicastSendFailures.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Counts a peer advertising another interval than ours (any thread). */
    public void intervalMismatch() {
        intervalMismatches.increment();
    }

    /** Counts a peer advertising another address list than ours (any thread). */
    public void addressListMismatch() {
        addressListMismatches.increment();
    }

    /** Counts a VIP re-added after something else deleted it (loop or address thread). */
    public void vipRestored() {
        vipsRestored.increment();
    }

    /** Counts a route a hook re-installed after something else deleted it (loop thread). */
    public void routeRestored() {
        routesRestored.increment();
    }

    /** Counts a multicast advert the packet channel refused to send (loop thread). */
    public void sendFailed() {
        sendFailures.increment();
    }

    /** Multicast adverts the packet channel refused to send. */
    public long sendFailures() {
        return sendFailures.sum();
    }

    /** Counts an advert that passed both receive tiers (receive thread). */
    public void advertReceived(int priority) {
        advertsReceived.increment();
        if (priority == 0) {
            priorityZeroReceived.increment();
        }
    }

    /**
     * Counts an accepted advert that replaced one the loop had not processed yet (receive thread):
     * the loop sees the newest advert per instance, never a queue of them.
     */
    public void advertCoalesced() {
        advertsCoalesced.increment();
    }

    /** Counts an advert for our VRID while we own its addresses (RFC 9568 erratum 8298; receive thread). */
    public void ownerConflict() {
        ownerConflicts.increment();
    }

    /** Counts a priority-255 advert from a second router claiming the addresses (RFC 9568 section 8.3.2; receive thread). */
    public void otherOwnerSeen() {
        multipleOwners.increment();
    }

    public long advertsCoalesced() {
        return advertsCoalesced.sum();
    }

    public long ownerConflicts() {
        return ownerConflicts.sum();
    }

    public long multipleOwners() {
        return multipleOwners.sum();
    }

    /** Loop tasks of this instance that threw (each puts it in FAULT). */
    public long taskFailures() {
        return taskFailures.sum();
    }

    public long routesRestored() {
        return routesRestored.sum();
    }

    public long vipsRestored() {
        return vipsRestored.sum();
    }

    public long advertsSent() {
        return advertsSent.sum();
    }

    public long advertsReceived() {
        return advertsReceived.sum();
    }

    public long priorityZeroSent() {
        return priorityZeroSent.sum();
    }

    public long priorityZeroReceived() {
        return priorityZeroReceived.sum();
    }

    public long intervalMismatches() {
        return intervalMismatches.sum();
    }

    public long addressListMismatches() {
        return addressListMismatches.sum();
    }

    public long masterTransitions() {
        return masterTransitions.sum();
    }

    /** Rejected packets by reason, sorted by reason. */
    public Map<String, Long> rejectedByReason() {
        Map<String, Long> out = new TreeMap<>();
        rejected.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** The counters now (any thread: every counter is a LongAdder or a concurrent map). */
    public InstanceStatus.Counters snapshot() {
        return new InstanceStatus.Counters(advertsSent.sum(), advertsReceived.sum(), priorityZeroSent.sum(),
                priorityZeroReceived.sum(), masterTransitions.sum(), rejectedByReason(), intervalMismatches.sum(),
                addressListMismatches.sum(), vipsRestored.sum(), routesRestored.sum(),
                unicastSendFailures(), sendFailures.sum(), advertsCoalesced.sum(), ownerConflicts.sum(),
                multipleOwners.sum(), taskFailures.sum());
    }
}
