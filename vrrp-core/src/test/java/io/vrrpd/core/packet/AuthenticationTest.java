package io.vrrpd.core.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The VRRPv2 password: compared by value, padded like keepalived's, and never shown. */
class AuthenticationTest {

    private static Authentication pass(String s) {
        return Authentication.simplePassword(s.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void equalPasswordsAreEqualAndPaddingIsZeros() {
        assertEquals(pass("secret12"), Adverts.PASSWORD);
        assertNotEquals(pass("secret13"), Adverts.PASSWORD);
        assertEquals(pass("abc"), Authentication.simplePassword(new byte[] {'a', 'b', 'c', 0, 0}));
        assertNotEquals(Authentication.NONE, pass("abc"));
        assertEquals(pass("abc").hashCode(), pass("xyz").hashCode(), "the hash says nothing of the password");
    }

    @Test
    void lengthIsOneToEightBytesAndTheMessageShowsOnlyTheLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pass("secret123"));
        assertEquals("password of 9 bytes (expected: 1-8 bytes)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> pass(""));
    }

    @Test
    void toStringNeverShowsThePassword() {
        Authentication a = pass("hunter2");
        assertFalse(a.toString().contains("hunter2"));
        assertEquals("simple password (not shown)", a.toString());
        assertEquals("none", Authentication.NONE.toString());
        assertTrue(Authentication.NONE.isNone());
        assertEquals(1, a.type().wireValue());
    }

    @Test
    void theArrayIsNotKept() {
        byte[] b = "secret12".getBytes(StandardCharsets.US_ASCII);
        Authentication a = Authentication.simplePassword(b);
        b[0] = 'X';
        assertEquals(Adverts.PASSWORD, a);
    }
}
