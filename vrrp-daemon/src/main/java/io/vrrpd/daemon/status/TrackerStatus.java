package io.vrrpd.daemon.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One tracker of an instance as {@code vrrpctl status --json} shows it (docs/control-socket.md).
 *
 * @param kind         {@code interface}, {@code file}, {@code process} or {@code exec}
 * @param target       the interface, file, process name or program
 * @param weight       as configured; 0: the tracker puts the instance in FAULT while failing
 * @param state        {@code ok}, {@code failing} or {@code unknown} (not checked yet)
 * @param value        a file tracker's integer; absent for other kinds
 * @param contribution what it adds to the priority now (0 for an unweighted one, and for the owner's)
 * @param fault        whether it holds the instance in FAULT now
 * @param detail       what was seen last
 */
@JsonPropertyOrder({"kind", "target", "weight", "state", "value", "contribution", "fault", "detail"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrackerStatus(String kind, String target, int weight, String state, Long value, int contribution,
                            boolean fault, String detail) {
}
