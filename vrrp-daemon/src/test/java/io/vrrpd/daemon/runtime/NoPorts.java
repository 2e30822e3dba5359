package io.vrrpd.daemon.runtime;

import io.vrrpd.core.VrrpVersion;
import io.vrrpd.daemon.instance.InstancePorts;

/** Ports that do nothing (the VIPs count as installed at once), for tests of the receive side. */
final class NoPorts implements InstancePorts {
    static final NoPorts INSTANCE = new NoPorts();

    private NoPorts() {
    }

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
}
