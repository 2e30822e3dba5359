package io.vrrpd.daemon.config;

import io.vrrpd.hooks.kernel.Link;

import java.util.List;

/**
 * The machine a config is checked on: this router, whose interfaces (and files) the checks look
 * at, or none — {@code --check --offline}, in a config's own CI or on a build host — where every
 * check of a fact about the router is skipped and listed instead ({@link SkippedCheck}).
 */
public final class Host {
    /** No router: the checks of facts about it are skipped. */
    public static final Host OFFLINE = new Host(null);

    private final List<Link> links;

    private Host(List<Link> links) {
        this.links = links;
    }

    /** This machine, with the interfaces {@code interfaces} lists. */
    public static Host of(InterfaceDirectory interfaces) {
        return new Host(List.copyOf(interfaces.links()));
    }

    public boolean offline() {
        return links == null;
    }

    /** The interfaces present; none offline. */
    List<Link> links() {
        return links == null ? List.of() : links;
    }
}
