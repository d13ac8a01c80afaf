package dev.gatewarden.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IpLiteralTest {

    @Test
    void canonicalFormFollowsRfc5952() {
        assertEquals("2001:db8::1", IpLiteral.canonical("2001:0DB8:0:0:0:0:0:1"), "4.1 leading zeros, 4.3 lowercase");
        assertEquals("2001:db8::2:1", IpLiteral.canonical("2001:db8:0:0:0:0:2:1"), "4.2.1 shorten as much as possible");
        assertEquals("2001:db8:0:1:1:1:1:1", IpLiteral.canonical("2001:db8::1:1:1:1:1"), "4.2.2 not one lone 0 group");
        assertEquals("2001:0:0:1::1", IpLiteral.canonical("2001:0:0:1:0:0:0:1"), "4.2.3 the longest run");
        assertEquals("2001:db8::1:0:0:1", IpLiteral.canonical("2001:db8:0:0:1:0:0:1"), "4.2.3 the first of equal runs");
        assertEquals("::", IpLiteral.canonical("0:0:0:0:0:0:0:0"));
        assertEquals("::1", IpLiteral.canonical("0:0:0:0:0:0:0:1"));
        assertEquals("64:ff9b::a00:1", IpLiteral.canonical("64:ff9b::10.0.0.1"), "an IPv4 tail is written as groups");
        assertEquals("10.0.1.50", IpLiteral.canonical("10.0.1.50"));
        assertThrows(IllegalArgumentException.class, () -> IpLiteral.canonical("10.0.0"));
        assertThrows(IllegalArgumentException.class, () -> IpLiteral.canonical("1:2:3:4:5:6:7:8:9"));
        assertThrows(IllegalArgumentException.class, () -> IpLiteral.canonical("example.com"));
    }

    @Test
    void sameComparesAcrossSpellings() {
        assertTrue(IpLiteral.same("FD00::5", "fd00:0:0:0:0:0:0:5"));
        assertTrue(IpLiteral.same("10.0.1.5", "10.0.1.5"));
        assertFalse(IpLiteral.same("10.0.1.5", "10.0.1.50"));
        assertFalse(IpLiteral.same(null, "10.0.1.5"));
        assertFalse(IpLiteral.same("not-an-ip", "10.0.1.5"));
    }
}
