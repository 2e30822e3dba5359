package io.vrrpd.daemon.migrate;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What keepalived would run, as {@link KeepalivedInterpreter} read it from keepalived.conf: its
 * VRRP instances, with the global defaults applied, and its sync groups. Values are kept in
 * vrrpd's written form where one exists ({@code 100ms}); what keepalived has and vrrpd does not
 * was reported while reading and is not here.
 */
final class KeepalivedConfig {
    /** The vrrp_instances, in file order. */
    final List<Instance> instances = new ArrayList<>();
    /** The vrrp_sync_groups, in file order; each member is in this group only. */
    final List<SyncGroup> syncGroups = new ArrayList<>();

    /** A vrrp_instance: one keepalived router, which may hold both families. */
    static final class Instance {
        String name;
        Source source;
        String iface;
        Integer vrid;
        Integer priority;
        String advert;
        Boolean preempt;
        String preemptDelay;
        Boolean accept;
        final List<Address> addresses = new ArrayList<>();
        final List<Route> routes = new ArrayList<>();
        final List<String> track = new ArrayList<>();
        final List<Address> unicastPeers = new ArrayList<>();
        Address unicastSource;
        String garpDelay;
        Integer garpRepeat;
        String garpRefresh;
        Integer version;
        boolean stateMaster;
        Source stateSource;
        /** The first notify script that runs for it (its own, or its sync group's), for the hook template. */
        Source notify;

        boolean inGroup(List<SyncGroup> groups) {
            return groups.stream().anyMatch(g -> g.members().stream().anyMatch(m -> m.name().equals(name)));
        }
    }

    /** An address as written (RFC 5952 text for IPv6, with its prefix when one was given). */
    record Address(String text, InetAddress address, Source source) {
        boolean ipv6() {
            return address instanceof Inet6Address;
        }

        boolean linkLocal() {
            return address.isLinkLocalAddress() && ipv6();
        }
    }

    /** A default route of virtual_routes, the only kind that converts (to a default-gateway hook). */
    record Route(InetAddress gateway, String dev, String table, String metric, Source source, String construct) {
    }

    /** A vrrp_sync_group and the instance names it lists; {@code construct} as written, for reports. */
    record SyncGroup(String name, Source source, String construct, List<Member> members) {
    }

    /** An instance name as a sync group lists it. */
    record Member(String name, Source source) {
    }
}
