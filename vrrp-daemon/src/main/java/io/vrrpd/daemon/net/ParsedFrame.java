package io.vrrpd.daemon.net;

/**
 * Outcome of {@link VrrpFrames#parse}: either a {@link ReceivedAdvert} or a {@link DropReason}.
 * The drop reasons are constants, so rejecting a frame allocates nothing.
 */
public sealed interface ParsedFrame permits ReceivedAdvert, DropReason {
}
