package io.vrrpd.daemon.runtime;

import io.vrrpd.daemon.net.PacketIoException;
import io.vrrpd.daemon.status.Health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Receive failures per interface name, kept across the bindings that come and go on it (a failed
 * binding is replaced by a new one), and the health rows {@code status} shows. Loop thread only.
 */
final class ReceiveHealth {
    private record Failures(long count, Health.Failure last) {
    }

    private final Map<String, Failures> byInterface = new HashMap<>();

    /** A receive failure on {@code name}. */
    void failed(String name, PacketIoException failure) {
        long before = byInterface.getOrDefault(name, new Failures(0, null)).count();
        byInterface.put(name, new Failures(before + 1, new Health.Failure(Instant.now().toString(), failure.getMessage())));
    }

    /** One row per interface an instance runs on now, sorted by name. */
    List<Health.Receive> rows(Collection<InterfaceBinding> bindings) {
        List<Health.Receive> rows = new ArrayList<>();
        for (InterfaceBinding b : bindings) {
            Failures f = byInterface.getOrDefault(b.name(), new Failures(0, null));
            rows.add(new Health.Receive(b.name(), b.receiving(), f.count(), f.last()));
        }
        rows.sort((a, b) -> a.name().compareTo(b.name()));
        return rows;
    }
}
