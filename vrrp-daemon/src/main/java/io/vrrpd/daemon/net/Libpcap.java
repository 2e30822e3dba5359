package io.vrrpd.daemon.net;

import org.pcap4j.core.Pcaps;

/**
 * Whether libpcap can be loaded here, probed once (pcap4j maps it with JNA on first use). When
 * not, {@link #unavailabilityCause()} says why and {@link #FIX} what to install, so the daemon
 * can stop at once with one line, and tests can skip naming the package.
 */
public final class Libpcap {
    /** What to install when libpcap is missing (Debian and derivatives). */
    public static final String FIX = "apt-get install libpcap0.8";

    private static final Throwable UNAVAILABILITY_CAUSE = probe();

    private Libpcap() {
    }

    private static Throwable probe() {
        try {
            Pcaps.libVersion();
            return null;
        } catch (Throwable t) {   // UnsatisfiedLinkError, or NoClassDefFoundError once pcap4j's init failed
            return t;
        }
    }

    public static boolean isAvailable() {
        return UNAVAILABILITY_CAUSE == null;
    }

    /** Why libpcap cannot be used, or null when it can. */
    public static Throwable unavailabilityCause() {
        return UNAVAILABILITY_CAUSE;
    }

    /** {@code libpcap 1.10.3 ...}, or null when unavailable. */
    public static String version() {
        return isAvailable() ? Pcaps.libVersion() : null;
    }
}
