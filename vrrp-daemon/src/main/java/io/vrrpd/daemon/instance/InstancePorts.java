package io.vrrpd.daemon.instance;

import io.vrrpd.core.VrrpVersion;

/**
 * What an instance does to the outside world when its state machine says so. The wire
 * implementation sends real frames and programs the kernel; tests of the instance's logic may
 * record calls instead. Every method is called on the event loop and must not block: slow work
 * (GARP repeats, hooks) is handed to its own executor.
 */
public interface InstancePorts {
    /**
     * Sends one advert of {@code version} now; {@code intervalCs} in centiseconds (whole seconds for
     * VRRPv2). A mixed-mode instance is asked for two in a row, VRRPv3 then VRRPv2.
     */
    void sendAdvert(int priority, int intervalCs, VrrpVersion version);

    /**
     * Installs the instance's virtual addresses on its interface (idempotent), off the loop, and
     * then runs {@code installed} on the loop (also when an address could not be added). Requests
     * reach the kernel in call order: a later {@link #removeVirtualAddresses} is applied after.
     */
    void addVirtualAddresses(Runnable installed);

    /** Removes the virtual addresses this instance installed (idempotent), after any add still pending. */
    void removeVirtualAddresses();

    /** Starts gratuitous ARP / unsolicited NA for every VIP, with the configured delay and repeats. */
    void announce();

    /** Stops any announcement still scheduled (the instance left Master). */
    void stopAnnouncing();

    /**
     * The instance left Master without another router taking its place first (stop, drain, fault):
     * an IPv6 instance with Router Advertisements sends a final one with router lifetime zero.
     * Called before {@link #stopAnnouncing()}, which ends them without one.
     */
    void withdrawRouter();

    /**
     * Does nothing, and VIPs count as installed at once: for tests and benchmarks of the logic
     * above the ports (receive path, metrics), which look at the instance, not at the wire.
     */
    InstancePorts NONE = new InstancePorts() {
        @Override
        public void sendAdvert(int priority, int intervalCs, VrrpVersion version) {
        }

        @Override
        public void addVirtualAddresses(Runnable installed) {
            installed.run();
        }

        @Override
        public void removeVirtualAddresses() {
        }

        @Override
        public void announce() {
        }

        @Override
        public void stopAnnouncing() {
        }

        @Override
        public void withdrawRouter() {
        }
    };
}
