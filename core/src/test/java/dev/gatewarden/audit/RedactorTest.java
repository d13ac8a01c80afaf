package dev.gatewarden.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedactorTest {
    @Test
    void knownSecretsAreReplacedInEveryFormTheyTravelIn() {
        Redactor r = new Redactor();
        r.addAll(Settings.of("firewalls[pa]", Map.of("apiKey", new Secret("${env:K}", "LUFRPT1<k&y>=+/9"),
                "vsys", "vsys1")));
        assertEquals("error: key [REDACTED] refused", r.redact("error: key LUFRPT1<k&y>=+/9 refused"));
        assertEquals("GET /api/?key=[REDACTED]", r.redact("GET /api/?key=LUFRPT1%3Ck%26y%3E%3D%2B%2F9"));
        assertEquals("<msg>[REDACTED]</msg>", r.redact("<msg>LUFRPT1&lt;k&amp;y&gt;=+/9</msg>"));
        assertEquals("{\"m\":\"[REDACTED]\"}", r.redact("{\"m\":\"LUFRPT1<k&y>=+\\/9\"}"));
        assertEquals("vsys1 is not a secret", r.redact("vsys1 is not a secret"));
        assertNull(r.redact(null));
    }

    @Test
    void shortValuesAreNotRedactedAndLinesOfAMultiLineSecretAre() {
        Redactor r = new Redactor();
        r.add("abc");
        r.add("first-line-1234\nsecond-line-5678\n");
        assertEquals("abc [REDACTED] and [REDACTED]", r.redact("abc first-line-1234 and second-line-5678"));
    }

    @Test
    void theAuditSinkRecordsRedactedEntries() {
        Redactor r = new Redactor();
        r.add("fgt-token-abcdef");
        List<AuditEntry> seen = new ArrayList<>();
        r.redacting(seen::add).append(new AuditEntry("o", "fgt", "publish", "publish", "g#0",
                Map.of("note", "sent fgt-token-abcdef"), Map.of("list", List.of("x fgt-token-abcdef")), null,
                "FAILED", "401 token fgt-token-abcdef refused"));
        AuditEntry e = seen.get(0);
        assertEquals("401 token [REDACTED] refused", e.message());
        assertEquals("sent [REDACTED]", e.change().get("note"));
        assertEquals(List.of("x [REDACTED]"), e.before().get("list"));
        assertEquals(Map.of(), e.after());
    }
}
