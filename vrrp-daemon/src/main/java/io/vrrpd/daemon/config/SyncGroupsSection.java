package io.vrrpd.daemon.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code sync-groups} section: each group's members must be instances (declared in the
 * file), listed once, and in one group only.
 */
final class SyncGroupsSection {
    private final Reading r;

    SyncGroupsSection(Reading r) {
        this.r = r;
    }

    void read(Node section) {
        if (!section.expectObject("a mapping from sync-group name to {members: [...]}")) {
            return;
        }
        Map<String, String> groupOf = new HashMap<>();
        for (Map.Entry<String, Node> e : section.entries()) {
            String name = e.getKey();
            Node n = e.getValue();
            r.declaredGroups.add(name);
            r.checkName(n, name, "sync-group");
            if (!n.expectObject("{members: [gw4, gw6]}")) {
                if (n.isMissing()) {
                    n.problem("sync group " + name + " has no members", "{members: [gw4, gw6]}");
                }
                continue;
            }
            n.onlyFields(List.of("members"));
            Node membersNode = n.requiredField("members");
            if (membersNode.isMissing()) {
                continue;
            }
            if (membersNode.json().isArray() && membersNode.json().size() < 2) {
                membersNode.problem("a sync group of " + membersNode.json().size()
                        + " member has nothing to synchronise", "two or more instance names");
            }
            boolean ok = membersNode.json().isArray();
            List<String> members = new ArrayList<>();
            for (Node m : membersNode.elements("a list of instance names, e.g. [gw4, gw6]")) {
                String member = m.text("an instance name");
                if (member == null || !r.requireInstance(m, member)) {
                    ok = false;
                    continue;
                }
                if (members.contains(member)) {
                    m.problem(member + " is listed twice", "each member once");
                    ok = false;
                    continue;
                }
                String other = groupOf.putIfAbsent(member, name);
                if (other != null) {
                    m.problem(member + " is already a member of sync group " + other,
                            "an instance in at most one sync group");
                    ok = false;
                    continue;
                }
                members.add(member);
            }
            if (ok) {
                r.groups.put(name, new SyncGroupConfig(name, members));
            }
        }
    }
}
