package io.vrrpd.daemon.runtime;

import io.vrrpd.daemon.config.InstanceConfig;
import io.vrrpd.daemon.instance.Instance;
import io.vrrpd.daemon.takeover.ConfigDigest;

/** An instance with its wiring: the config it came from, its ports and the interface it is bound to. */
final class RunningInstance {
    final InstanceConfig config;
    final Instance instance;
    final WireInstancePorts ports;
    final InstanceReceiver receiver;
    /** {@link ConfigDigest} of {@link #config}, for a hand-over: computed here, never on a {@code hand-over} request. */
    final String configDigest;
    /** ifindex of the interface it runs on, 0 while unresolved. */
    int ifindex;
    /** The name that interface had when last seen, to explain a rename. */
    String lastInterfaceName;

    RunningInstance(InstanceConfig config, Instance instance, WireInstancePorts ports, InstanceReceiver receiver) {
        this.config = config;
        this.instance = instance;
        this.ports = ports;
        this.receiver = receiver;
        this.configDigest = ConfigDigest.of(config);
    }
}
