package io.vrrpd.daemon.control;

import java.util.Optional;

/**
 * Who may do what on the control socket. Opening the socket is guarded by its file mode (0660,
 * group {@code --socket-group}), and whoever can open it may read. Acting changes the router, so
 * it needs more: root, the user the daemon runs as, or a member of {@code --operator-group}.
 *
 * @param daemonUid     the user vrrpd runs as
 * @param operatorGroup the group whose members may act, or empty
 * @param operatorGid   its id (ignored when there is no group)
 */
public record ControlPolicy(int daemonUid, Optional<String> operatorGroup, int operatorGid) {
    /** Root, the daemon's user and, when {@code operatorGroup} is not null, the members of that group act. */
    public static ControlPolicy of(int daemonUid, String operatorGroup) throws java.io.IOException {
        return operatorGroup == null || operatorGroup.isBlank() ? ownerOnly(daemonUid)
                : new ControlPolicy(daemonUid, Optional.of(operatorGroup), UnixGroups.gid(operatorGroup));
    }

    /** Root and the daemon's user act; nobody else does. */
    public static ControlPolicy ownerOnly(int daemonUid) {
        return new ControlPolicy(daemonUid, Optional.empty(), -1);
    }

    /** Whether {@code caller} may call commands of {@code role}. */
    public boolean permits(Caller caller, ControlRole role) {
        return role == ControlRole.READ || caller.uid() == 0 || caller.uid() == daemonUid
                || (operatorGroup.isPresent() && caller.inGroup(operatorGid));
    }

    /** The answer to a caller who may not call {@code command}. */
    public String refusal(Caller caller, ControlCommand command) {
        return "permission denied: " + command.wireName() + " changes the router, and " + caller
                + " may only read (status, watch); acting needs root, uid " + daemonUid + " (vrrpd's user)"
                + operatorGroup.map(g -> " or group " + g).orElse("")
                + (operatorGroup.isEmpty() ? " (vrrpd --operator-group GROUP lets a group act)" : "");
    }
}
