package io.vrrpd.daemon.migrate;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What keepalived would run, as {@link KeepalivedInterpreter} read it from keepalived.conf: its
 * VRRP instances, with the global defaults applied (the VRRP version among them), and its sync
 * groups. An instance holds only what keepalived runs of it: the addresses of its family on its
 * own interface (keepalived ignores those of the other family), and as held addresses those it
 * holds without advertising them or on other devices. Values are kept in
 * vrrpd's written form where one exists ({@code 100ms}); what keepalived has and vrrpd does not
 * was reported while reading and is not here.
 */
final class KeepalivedConfig {
    /** The vrrp_instances, in file order. */
    final List<Instance> instances = new ArrayList<>();
    /** The vrrp_sync_groups, in file order; each member is in this group only. */
    final List<SyncGroup> syncGroups = new ArrayList<>();
    /** global_defs vrrp_startup_delay in vrrpd's form ({@code 30s}), or null. */
    String startupDelay;

    /** A vrrp_instance: one keepalived router, of one family. */
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
        /** virtual_ipaddress_excluded, and addresses with a dev other than the instance's: held, never advertised. */
        final List<Held> held = new ArrayList<>();
        final List<Route> routes = new ArrayList<>();
        /** The other virtual_routes, for a routes hook. */
        final List<OtherRoute> otherRoutes = new ArrayList<>();
        /** The virtual_rules, for a routes hook. */
        final List<Rule> rules = new ArrayList<>();
        final List<String> track = new ArrayList<>();
        /** Weighted interfaces, scripts, files and processes, as {@code track} entries. */
        final List<Track> trackers = new ArrayList<>();
        final List<Peer> unicastPeers = new ArrayList<>();
        Address unicastSource;
        String garpDelay;
        Integer garpRepeat;
        String garpRefresh;
        /** use_vmac: the VIPs on a macvlan with the virtual MAC ({@code virtual-mac: true}). */
        boolean virtualMac;
        /** The version keepalived speaks for it: the instance's, else global_defs', else 2; 3 for IPv6. */
        int version;
        /** The VRRPv2 simple password keepalived sends (auth_pass, at most 8 bytes); null for none. */
        String password;
        boolean stateMaster;
        Source stateSource;
        /** The first notify script that runs for it (its own, or its sync group's) and sets routes, for the hook template. */
        Source notify;

        /** The family keepalived runs it in: its first virtual address's, else IPv4. */
        boolean ipv6() {
            return !addresses.isEmpty() && addresses.get(0).ipv6();
        }
    }

    /** One entry of an instance's {@code track} list, as a YAML flow mapping, and the keepalived construct it comes from. */
    record Track(String yaml, Source source, String construct) {
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

    /** An address held while master on {@code dev} (vrrpd's held-addresses). */
    record Held(Address address, String dev) {
    }

    /** A unicast peer, with keepalived's {@code min_ttl} / {@code max_ttl} when given. */
    record Peer(Address address, Integer minTtl, Integer maxTtl) {
        boolean ipv6() {
            return address.ipv6();
        }
    }

    /** A default route of virtual_routes via a gateway over a dev: it converts to a default-gateway hook. */
    record Route(InetAddress gateway, String dev, String table, String metric, Source source, String construct) {
    }

    /**
     * Any other route of virtual_routes, for a routes hook, in vrrpd's written form: {@code to} is a
     * prefix or {@code default}, {@code type} is null for unicast; each of the others null when not given.
     */
    record OtherRoute(String to, String via, String dev, String table, String metric, String type, Source source,
                      String construct) {
    }

    /** A rule of virtual_rules, for a routes hook; {@code from}, {@code to} and {@code priority} null when not given. */
    record Rule(String from, String to, String table, String priority, Source source, String construct) {
    }

    /** A vrrp_sync_group and the instance names it lists; {@code construct} as written, for reports. */
    record SyncGroup(String name, Source source, String construct, List<Member> members) {
    }

    /** An instance name as a sync group lists it. */
    record Member(String name, Source source) {
    }
}
