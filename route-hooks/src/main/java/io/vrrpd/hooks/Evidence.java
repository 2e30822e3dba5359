package io.vrrpd.hooks;

/**
 * What a verification saw, for the operator: the route lookup, the neighbour state and the
 * probe error. Each part is null when that check did not run.
 */
public record Evidence(String routeSeen, String neighborState, String probeError) {
    public static final Evidence NONE = new Evidence(null, null, null);

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (routeSeen != null) {
            sb.append("route: ").append(routeSeen);
        }
        if (neighborState != null) {
            sb.append(sb.length() > 0 ? "; " : "").append("neighbour: ").append(neighborState);
        }
        if (probeError != null) {
            sb.append(sb.length() > 0 ? "; " : "").append("probe: ").append(probeError);
        }
        return sb.toString();
    }
}
