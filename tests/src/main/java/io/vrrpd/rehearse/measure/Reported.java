package io.vrrpd.rehearse.measure;

import io.vrrpd.lab.Family;

import java.util.Objects;

/**
 * The state one instance of a blade reports (vrrpd's reported state, or the state keepalived says
 * it entered), its family, and its protocol state (vrrpd's {@code protocol-state}; keepalived has
 * no other, so the same as {@code state}).
 */
public record Reported(String state, Family family, String protocol) {
    public static final String MASTER = "MASTER";

    public Reported {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** A daemon whose protocol state is what it reports (keepalived). */
    public Reported(String state, Family family) {
        this(state, family, state);
    }

    public boolean master() {
        return state.equals(MASTER);
    }
}
