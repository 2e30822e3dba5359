package io.vrrpd.daemon.takeover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HandoverCodecTest {

    private static HandoverState sample() {
        return new HandoverState(HandoverCodec.VERSION, "vrrpd 0.9.0", List.of(
                new HandoverState.Instance("lan", "MASTER", "192.0.2.2", 100, "sha256:ab",
                        List.of("192.0.2.100/24"), List.of("default via 192.0.2.1 dev veth0"))));
    }

    @Test
    void roundTripKeepsEveryField() {
        HandoverDecoding read = HandoverCodec.decode(HandoverCodec.encode(sample()));
        assertEquals(new HandoverDecoding.Accepted(sample()), read);
    }

    @Test
    void anotherVersionIsRefusedBeforeItsFieldsAreRead() {
        String newer = "{\"version\":2,\"somethingNew\":{\"a\":1}}";
        HandoverDecoding read = HandoverCodec.decode(newer);
        assertEquals(new HandoverDecoding.UnknownVersion(2, HandoverCodec.VERSION), read);
        assertTrue(read.fallbackReason().contains("version 2"), read.fallbackReason());
        assertTrue(read.fallbackReason().contains("starting normally"), read.fallbackReason());
    }

    @Test
    void garbageAndMissingFieldsAreMalformed() {
        assertInstanceOf(HandoverDecoding.Malformed.class, HandoverCodec.decode("{\"version\":1,"));
        assertInstanceOf(HandoverDecoding.Malformed.class, HandoverCodec.decode("[1]"));
        assertInstanceOf(HandoverDecoding.Malformed.class,
                HandoverCodec.decode("{\"version\":1,\"build\":\"x\",\"instances\":[{\"name\":\"lan\"}]}"));
    }
}
