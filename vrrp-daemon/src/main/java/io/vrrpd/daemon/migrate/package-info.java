/**
 * Migration from keepalived ({@code vrrpctl import-keepalived}), in three steps:
 * {@link io.vrrpd.daemon.migrate.KeepalivedParser} reads keepalived's configuration grammar
 * (blocks, comments, quotes, includes) into {@link io.vrrpd.daemon.migrate.Statement}s;
 * {@code KeepalivedInterpreter} reads them as keepalived would run them, into a
 * {@code KeepalivedConfig}; {@code VrrpdYaml} writes that as vrrpd YAML. Each step
 * {@link io.vrrpd.daemon.migrate.Reported reports} what it does not carry over, and
 * {@link io.vrrpd.daemon.migrate.KeepalivedImporter} runs them and loads the result with vrrpd's
 * own loader. The mapping is documented in docs/migrating-from-keepalived.md.
 */
package io.vrrpd.daemon.migrate;
