package dev.gatewarden.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.model.SlotId;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IpRecordTest {
    /** GCP label keys: a lowercase letter first, then lowercase letters, digits, '_' and '-', at most 63. */
    private static final Pattern GCP_KEY = Pattern.compile("^[a-z][a-z0-9_-]{0,62}$");
    /** GCP label values: lowercase letters, digits, '_' and '-', at most 63 (AWS and Azure accept these too). */
    private static final Pattern GCP_VALUE = Pattern.compile("^[a-z0-9_-]{0,63}$");

    @Test
    void keysAndValuesAreValidGcpLabelsForIpv4AndIpv6() {
        IpRecord r = new IpRecord("prod-eu-1", new SlotId("payments", 12));
        assertEquals("prod-eu-1_payments_12", r.value());
        assertTrue(GCP_VALUE.matcher(r.value()).matches(), r.value());
        for (String ip : List.of("10.0.1.25", "2001:db8::1", "fd00:0:0:0:0:0:0:5", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")) {
            String key = IpRecord.key(ip);
            assertTrue(GCP_KEY.matcher(key).matches(), key);
        }
        assertEquals("gatewarden-ip-10-0-1-25", IpRecord.key("10.0.1.25"), "the key AWS always wrote");
        assertEquals("gatewarden-ip-fd00__5", IpRecord.key("FD00:0:0::5"), "IPv6 keys use the canonical form");
    }

    @Test
    void keysRoundTripToTheCanonicalIp() {
        assertEquals("10.0.1.25", IpRecord.ipOf("gatewarden-ip-10-0-1-25"));
        assertEquals("2001:db8::1", IpRecord.ipOf(IpRecord.key("2001:0db8:0:0::1")));
        assertNull(IpRecord.ipOf("gatewarden-ip-10-0-1"), "not an IP");
        assertNull(IpRecord.ipOf("gatewarden-owner"));
        assertNull(IpRecord.ipOf("gatewarden-ip-fd00_0_0_0_0_0_0_5"), "a non-canonical spelling is not a record key");
    }

    @Test
    void readsTheCurrentAndTheOldFormat() {
        IpRecord.Read current = IpRecord.read("prod-eu-1_payments_0").orElseThrow();
        assertEquals(new IpRecord("prod-eu-1", new SlotId("payments", 0)), current.record());
        assertFalse(current.legacy());
        IpRecord.Read old = IpRecord.read("prod-eu-1/payments/3").orElseThrow();
        assertEquals(new IpRecord("prod-eu-1", new SlotId("payments", 3)), old.record());
        assertTrue(old.legacy(), "written before the label-valid format: to be rewritten");
        for (String junk : List.of("", "prod", "prod_payments", "prod_payments_x", "a/b", "Prod_payments_0",
                "prod_payments_01")) {
            assertTrue(IpRecord.read(junk).isEmpty(), junk);
        }
        assertNull(IpRecord.parse(null));
    }

    @Test
    void aRecordLongerThanALabelValueIsRefusedWithTheReason() {
        IpRecord r = new IpRecord("o".repeat(40), new SlotId("g".repeat(30), 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::value);
        assertTrue(e.getMessage().contains("63"), e.getMessage());
    }

    @Test
    void ownershipMarksRoundTrip() {
        SlotId slot = new SlotId("payments", 1);
        assertEquals(slot, Ownership.slotOf(Ownership.marks("prod", slot)));
        assertEquals("prod", Ownership.ownerOf(Ownership.marks("prod", slot)));
        assertFalse(Ownership.isExternal(Ownership.marks("prod", slot)));
    }
}
