package dev.gatewarden.config;

import static dev.gatewarden.config.ConfigLoaderTest.assertProblem;
import static dev.gatewarden.config.ConfigLoaderTest.at;
import static dev.gatewarden.config.ConfigLoaderTest.fails;
import static dev.gatewarden.config.ConfigLoaderTest.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.Reservation;
import org.junit.jupiter.api.Test;

/** The gateway key {@code reservation: gatewarden | external}. */
class ReservationConfigTest {
    static final String BASE = """
            owner: prod-eu-1
            clouds:
              - {name: aws-prod, provider: aws, region: eu-west-1}
            firewalls:
              - {name: dc1-pa, type: paloalto, url: https://pa.example, apiKey: "${env:PANOS_API_KEY}"}
            gateways:
              - name: payments
                cloud: aws-prod
                addresses: 2
                nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001]
            """;

    @Test
    void defaultIsGatewardenAndExternalIsRead() {
        assertEquals(Reservation.GATEWARDEN, load(BASE + "    public: true\n").gateways().get(0).reservation());
        GatewardenConfig c = load(BASE + """
                    public: true
                    reservation: external
                    publish:
                      - {firewall: dc1-pa, group: payments-public, addresses: public}
                      - {firewall: dc1-pa, group: payments-private, addresses: private}
                """);
        Gateway g = c.gateways().get(0);
        assertEquals(Reservation.EXTERNAL, g.reservation());
        assertTrue(g.externalReservation());
        DesiredState d = c.desiredState();
        assertTrue(d.slots().stream().allMatch(s -> s.externalReservation()));
        assertEquals(1, d.groups().size(), "the public binding is Terraform's");
        assertEquals(AddressKind.PRIVATE, d.groups().get(0).kind());
        assertEquals(Reservation.EXTERNAL, g.withNodes(java.util.List.of()).reservation(), "kept by withNodes");
    }

    @Test
    void externalNeedsPublicIpsAndAManagedGateway() {
        String noPublic = BASE + "    reservation: external\n";
        assertProblem(fails(noPublic), at(noPublic, "name: payments").replaceAll(":\\d+$", ":5"), "gateways[0].public",
                "add public: true");
        String publicFalse = BASE + "    public: false\n    reservation: external\n";
        assertProblem(fails(publicFalse), at(publicFalse, "external"), "gateways[0].reservation", "public: false");
        String unknown = BASE + "    public: true\n    reservation: terraform\n";
        assertProblem(fails(unknown), at(unknown, "terraform"), "gateways[0].reservation",
                "must be one of gatewarden, external");
    }
}
