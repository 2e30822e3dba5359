/**
 * Migration from keepalived: {@link io.vrrpd.daemon.migrate.KeepalivedParser} reads
 * keepalived's configuration grammar (blocks, comments, quotes, includes) into
 * {@link io.vrrpd.daemon.migrate.Statement}s, and {@link io.vrrpd.daemon.migrate.KeepalivedImporter}
 * converts them into vrrpd YAML, {@link io.vrrpd.daemon.migrate.Reported reporting} every
 * construct it does not carry over. Used by {@code vrrpctl import-keepalived}; the mapping is
 * documented in docs/migrating-from-keepalived.md.
 */
package io.vrrpd.daemon.migrate;
