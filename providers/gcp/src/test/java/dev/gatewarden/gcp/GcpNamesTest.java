package dev.gatewarden.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GcpNamesTest {
    static final Pattern RFC1035 = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");

    @Test
    void shortNamesAreSpelledOut() {
        GcpNames.Identity id = new GcpNames.Identity("prod-eu", "payments", 3);
        assertEquals("gwd-prod-eu-payments-3", GcpNames.addressName(id));
        assertEquals("gatewarden owner=prod-eu gateway=payments slot=3", GcpNames.description(id));
        assertEquals(Optional.of(id), GcpNames.identity("gwd-prod-eu-payments-3", GcpNames.description(id), Map.of()));
    }

    @Test
    void longNamesStayValidDistinctAndKeepTheOwnerPrefix() {
        String gateway = "a-very-long-gateway-name-that-goes-on-and-on-and-on-for-ever";
        GcpNames.Identity one = new GcpNames.Identity("prod-eu", gateway, 12);
        GcpNames.Identity two = new GcpNames.Identity("prod-eu", gateway + "x", 12);
        String n1 = GcpNames.addressName(one);
        String n2 = GcpNames.addressName(two);
        assertTrue(n1.length() <= 63 && RFC1035.matcher(n1).matches(), n1);
        assertTrue(n1.startsWith("gwd-prod-eu-") && n1.endsWith("-12"), n1);
        assertNotEquals(n1, n2);
        assertEquals(Optional.of(one), GcpNames.identity(n1, GcpNames.description(one), Map.of()));
    }

    @Test
    void lookAlikeOwnersAreToldApartByTheDescription() {
        GcpNames.Identity ab = new GcpNames.Identity("a-b", "c", 0);
        GcpNames.Identity a = new GcpNames.Identity("a", "b-c", 0);
        assertEquals(GcpNames.addressName(a), GcpNames.addressName(ab), "same name");
        assertEquals("a-b", GcpNames.identity("gwd-a-b-c-0", GcpNames.description(ab), Map.of()).orElseThrow().owner());
        // the description must produce the name: a copied description does not claim another address
        assertEquals(Optional.empty(), GcpNames.identity("gwd-other-0", GcpNames.description(ab), Map.of()));
        assertEquals(Optional.empty(), GcpNames.identity("gwd-a-b-c-0", "hand made", Map.of()));
    }

    @Test
    void labelsAloneAlsoIdentify() {
        GcpNames.Identity id = new GcpNames.Identity("prod", "web", 1);
        assertEquals(Optional.of(id), GcpNames.identity("gwd-prod-web-1", "", GcpNames.labels(id)));
        assertTrue(GcpNames.labelled(id, GcpNames.labels(id)));
    }

    @Test
    void badPartsAndFiltersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GcpNames.Identity("Prod", "web", 0));
        assertThrows(IllegalArgumentException.class, () -> new GcpNames.Identity("prod", "web\"", 0));
        assertThrows(IllegalArgumentException.class, () -> GcpNames.nameFilter("x\" OR name eq \".*"));
        assertEquals("name eq \"gwd-prod-.*\"", GcpNames.nameFilter("prod"));
        assertEquals("labels.gatewarden-owner = \"prod\"", GcpNames.labelFilter("prod"));
    }

    @Test
    void endpointsMustBeUrlsAndPlainHttpOnlyOnLoopback() {
        assertThrows(IllegalArgumentException.class, () -> GcpConnection.checkEndpoint(URI.create("127.0.0.1:8080")));
        assertThrows(IllegalArgumentException.class,
                () -> GcpConnection.checkEndpoint(URI.create("http://compute.example.com")));
        assertThrows(IllegalArgumentException.class,
                () -> GcpConnection.checkEndpoint(URI.create("https://compute.example.com/compute/v1")));
        GcpConnection.checkEndpoint(URI.create("https://compute.example.com:443"));
        GcpConnection.checkEndpoint(URI.create("http://127.0.0.1:8080"));
        assertThrows(IllegalArgumentException.class, () -> GcpConnection.of("Not_A_Project"));
    }
}
