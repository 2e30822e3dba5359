package io.vrrpd.daemon.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The daemon's own senses, in {@code vrrpctl status --json} under {@code health}: whether it hears
 * each interface it runs on, and whether its view of the kernel holds. An instance whose
 * interface is deaf takes over as if its master had died, so this is what to alert on before
 * that happens.
 */
@JsonPropertyOrder({"interfaces", "kernel"})
public record Health(List<Receive> interfaces, Kernel kernel) {
    public Health {
        interfaces = List.copyOf(interfaces);
    }

    /** Nothing known yet (before the runtime started). */
    public static final Health UNKNOWN = new Health(List.of(), Kernel.UNKNOWN);

    /** Something that went wrong: when (ISO-8601 UTC) and what. */
    public record Failure(String at, String error) {
    }

    /**
     * Packet receive on one interface.
     *
     * @param receiving true while its receive thread reads adverts
     * @param failures  receive failures since start; each reopened packet I/O on the interface
     */
    @JsonPropertyOrder({"name", "receiving", "failures", "last-failure"})
    public record Receive(String name, boolean receiving, long failures,
                          @JsonProperty("last-failure") Failure lastFailure) {
    }

    /**
     * The kernel monitor and the audit of what vrrpd owns there.
     *
     * @param monitoring    the monitor thread runs
     * @param overruns      netlink overruns (ENOBUFS): events lost, state re-read
     * @param failures      other monitor receive failures, each followed by a reopened socket
     * @param lastFailure   the last overrun or failure, or null
     * @param lastAudit     when the VIPs of every master were last checked against the kernel, or null
     * @param auditRepairs  VIPs the audit found missing and put back (also in each instance's vips-restored)
     */
    @JsonPropertyOrder({"monitoring", "overruns", "failures", "last-failure", "last-audit", "audit-repairs"})
    public record Kernel(boolean monitoring, long overruns, long failures,
                         @JsonProperty("last-failure") Failure lastFailure,
                         @JsonProperty("last-audit") String lastAudit,
                         @JsonProperty("audit-repairs") long auditRepairs) {
        public static final Kernel UNKNOWN = new Kernel(false, 0, 0, null, null, 0);
    }
}
