package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.Address;
import io.vrrpd.hooks.kernel.Link;

import java.util.List;
import java.util.Optional;

/**
 * The machine a config is checked on: this router, whose interfaces, addresses (and files) the
 * checks look at, or none — {@code --check --offline}, in a config's own CI or on a build host —
 * where every check of a fact about the router is skipped and listed instead ({@link SkippedCheck}).
 */
public final class Host {
    /** No router: the checks of facts about it are skipped. */
    public static final Host OFFLINE = new Host(null, null, false);

    private final List<Link> links;
    private final InterfaceDirectory directory;
    private final boolean running;

    private Host(List<Link> links, InterfaceDirectory directory, boolean running) {
        this.links = links;
        this.directory = directory;
        this.running = running;
    }

    /** This machine, with the interfaces {@code interfaces} lists: {@code --check}, where a missing interface is a problem. */
    public static Host of(InterfaceDirectory interfaces) {
        return new Host(List.copyOf(interfaces.links()), interfaces, false);
    }

    /**
     * This machine as the daemon loads a config on it, at start and on reload: an interface an
     * instance names that is not present is no problem of the config but a state of the machine,
     * which the runtime reports (the instance is FAULT, saying what is present and, after a
     * rename, what the interface is probably called now) while the other instances serve. A
     * selector that matches more than one interface is still a problem.
     */
    public static Host running(InterfaceDirectory interfaces) {
        return new Host(List.copyOf(interfaces.links()), interfaces, true);
    }

    /** Whether a missing interface is left to the runtime ({@link #running}). */
    boolean interfacesAtRuntime() {
        return running;
    }

    public boolean offline() {
        return links == null;
    }

    /** The interfaces present; none offline. */
    List<Link> links() {
        return links == null ? List.of() : links;
    }

    /** The addresses of {@code link}, when the directory knows them; empty offline. */
    Optional<List<Address>> addresses(Link link) {
        return directory == null ? Optional.empty() : directory.addresses(link);
    }
}
