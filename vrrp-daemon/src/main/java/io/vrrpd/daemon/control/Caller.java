package io.vrrpd.daemon.control;

import java.util.Arrays;

/**
 * Who is on the other end of a control connection, as the kernel vouches for it when the client
 * connected ({@code SO_PEERCRED} for pid, uid and gid; {@code SO_PEERGROUPS} for the
 * supplementary groups), not as the client says.
 */
public record Caller(int pid, int uid, int gid, int[] groups) {
    public Caller {
        groups = groups.clone();
    }

    /** Whether the caller's primary or a supplementary group is {@code gid}. */
    public boolean inGroup(int gid) {
        return this.gid == gid || Arrays.stream(groups).anyMatch(g -> g == gid);
    }

    @Override
    public int[] groups() {
        return groups.clone();
    }

    @Override
    public String toString() {
        return "uid " + uid + " (pid " + pid + ")";
    }
}
