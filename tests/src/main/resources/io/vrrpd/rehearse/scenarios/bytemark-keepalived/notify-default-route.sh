#!/bin/sh
# keepalived notify script: $1 is GROUP or INSTANCE, $2 its name, $3 the state it entered.
# Written when IPv4 and IPv6 were one instance, GW: as master it sets the default routes via
# the upstream router, as anything else it removes them. Since the upgrade split GW into GW4 and
# GW6 it is called with those names, matches neither, and does nothing.
name=$2
state=$3
[ "$name" = "GW" ] || exit 0
case "$state" in
    MASTER)
        ip route replace default via 198.51.100.1 dev eth1
        ip -6 route replace default via 2001:db8:ff::1 dev eth1
        ;;
    *)
        ip route del default via 198.51.100.1 dev eth1 2>/dev/null
        ip -6 route del default via 2001:db8:ff::1 dev eth1 2>/dev/null
        ;;
esac
exit 0
