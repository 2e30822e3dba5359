package io.vrrpd.core.packet;

import java.util.Objects;

/**
 * A well-formed advert as decoded, with the checksum form that validated it (for IPv4, which
 * of the two forms the peer sends; for IPv6 always {@link ChecksumForm#PSEUDO_HEADER}).
 *
 * @param advert       the decoded value
 * @param checksumForm the form whose checksum matched
 */
public record DecodedAdvert(Advertisement advert, ChecksumForm checksumForm) {
    /** Rejects nulls. */
    public DecodedAdvert {
        Objects.requireNonNull(advert, "advert");
        Objects.requireNonNull(checksumForm, "checksumForm");
    }
}
