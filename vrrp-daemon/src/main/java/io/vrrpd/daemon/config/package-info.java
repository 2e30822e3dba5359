/**
 * The configuration file: loading, checking, and the typed result.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link io.vrrpd.daemon.config.ConfigLoader#load} — file to {@link io.vrrpd.daemon.config.VrrpdConfig},
 *       or {@link io.vrrpd.daemon.config.InvalidConfigException} with every
 *       {@link io.vrrpd.daemon.config.ConfigProblem} of the file.</li>
 *   <li>{@link io.vrrpd.daemon.config.ConfigCheck#run} — {@code vrrpd --check}: exit status 0 or 2,
 *       one line per problem.</li>
 *   <li>{@link io.vrrpd.daemon.config.InterfaceDirectory} — the interfaces present, against which
 *       interface references are checked; {@link io.vrrpd.daemon.config.SysfsInterfaceDirectory}
 *       reads them from sysfs.</li>
 * </ul>
 *
 * <h2>The typed config</h2>
 * {@link io.vrrpd.daemon.config.InstanceConfig} (with {@link io.vrrpd.hooks.kernel.InterfaceSelector},
 * {@link io.vrrpd.daemon.config.VirtualAddress}, {@link io.vrrpd.daemon.config.GarpConfig},
 * {@link io.vrrpd.daemon.config.Ipv4Checksum}), {@link io.vrrpd.daemon.config.SyncGroupConfig},
 * {@link io.vrrpd.daemon.config.HookEntry}: a hook's provider and its config record, the built-ins'
 * {@link io.vrrpd.hooks.builtin.DefaultGatewayConfig} and {@link io.vrrpd.hooks.builtin.ExecHookConfig}
 * or a plugin's.
 *
 * <h2>Hook types</h2>
 * Every hook type is a route-hooks {@link io.vrrpd.hooks.HookProvider}, the built-ins included; the
 * loader gets them as {@link io.vrrpd.hooks.HookProviders} (the class path, plus the plugin directory
 * through {@link io.vrrpd.daemon.config.PluginLoading}). The built-ins' records are read field by
 * field ({@code DefaultGatewayFields}, {@code ExecFields}), a plugin's bound with Jackson; then the
 * provider's {@code validate} judges the values and its {@code checkOnHost} the facts of this host.
 *
 * <h2>How every problem is found in one pass</h2>
 * Jackson's binding stops at the first error. So the YAML is read twice: a token scan records
 * where every key and value starts (by JSON pointer) and finds duplicate keys and aliases
 * ({@code Problems}); then the tree is walked field by field by {@code Node}, whose typed
 * readers report a problem and carry on. Semantic checks (references, families, uniqueness)
 * run on what bound, and look locations up by pointer. Field names and formats are documented
 * for users in {@code docs/configuration.md}.
 */
package io.vrrpd.daemon.config;
