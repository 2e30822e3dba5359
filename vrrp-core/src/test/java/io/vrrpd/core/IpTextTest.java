package io.vrrpd.core;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IpTextTest {
    @Test
    void ipv6IsShownInRfc5952Form() throws Exception {
        assertEquals("2001:db8::1", IpText.format(InetAddress.getByName("2001:db8:0:0:0:0:0:1")));
        assertEquals("2001:db8:0:1::", IpText.format(InetAddress.getByName("2001:db8:0:1:0:0:0:0")));
        assertEquals("2001:db8::1:0:0:1", IpText.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpText.format(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("::", IpText.format(InetAddress.getByName("::")));
    }
}
