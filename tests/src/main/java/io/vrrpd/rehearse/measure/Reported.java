package io.vrrpd.rehearse.measure;

import io.vrrpd.lab.Family;

import java.util.Objects;

/** The state one instance of a blade reports (vrrpd's reported state, or the state keepalived says it entered), and its family. */
public record Reported(String state, Family family) {
    public static final String MASTER = "MASTER";

    public Reported {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(family, "family");
    }

    public boolean master() {
        return state.equals(MASTER);
    }
}
