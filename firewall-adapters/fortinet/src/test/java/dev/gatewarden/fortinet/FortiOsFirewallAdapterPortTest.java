package dev.gatewarden.fortinet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.FirewallChangeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Narrow unit tests over a fake {@link FortiOsApi}: firmware that does not say its version. */
class FortiOsFirewallAdapterPortTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Call(String method, String path, Map<String, String> query, JsonNode body, Integer tx,
                        String operation) {
    }

    private static final class FakeApi implements FortiOsApi {
        final List<Call> calls = new ArrayList<>();
        final Function<Call, FortiOsReply> answer;

        FakeApi(Function<Call, FortiOsReply> answer) {
            this.answer = answer;
        }

        @Override
        public FortiOsReply send(String method, String path, Map<String, String> query, JsonNode body,
                                 Integer transaction, String operation) {
            Call c = new Call(method, path, query, body, transaction, operation);
            calls.add(c);
            return answer.apply(c);
        }

        @Override
        public String endpoint() {
            return "https://fake";
        }
    }

    /** A success envelope without a version field. */
    private static FortiOsReply ok(JsonNode results) {
        ObjectNode env = JSON.createObjectNode().put("status", "success").put("http_status", 200);
        if (results != null) {
            env.set("results", results);
        }
        return new FortiOsReply(200, env);
    }

    private static FortiOsReply status(int http) {
        return new FortiOsReply(http, JSON.createObjectNode().put("status", "error").put("http_status", http));
    }

    private static final FirewallChangeSet ONE = new FirewallChangeSet("fw",
            List.of(new AddressObject("gw-o-g-10.0.0.1", "10.0.0.1", "g", null)), List.of(), List.of());

    @Test
    void unknownFirmwareTriesATransactionAndFallsBackWhenRefusedInAutoMode() {
        FakeApi api = new FakeApi(c -> switch (c.operation()) {
            case "transaction-start" -> status(405);
            default -> ok(JSON.createArrayNode());
        });
        new FortiOsFirewallAdapter("fw", api, "o", "root", FortiOsFirewallAdapter.Transactions.AUTO).apply(ONE);
        List<String> ops = api.calls.stream().map(Call::operation).toList();
        assertEquals(List.of("GET firewall/address", "GET firewall/address6", "GET firewall/addrgrp",
                "GET firewall/addrgrp6", "transaction-start", "POST firewall/address"), ops);
        Call post = api.calls.get(5);
        assertEquals(null, post.tx());
        assertEquals("/firewall/address", post.path());
        assertEquals("gatewarden owner=o gateway=g", post.body().path("comment").asText());
        assertEquals("10.0.0.1 255.255.255.255", post.body().path("subnet").asText());
    }

    @Test
    void unknownFirmwareUsesTheTransactionWhenItIsAccepted() {
        FakeApi api = new FakeApi(c -> switch (c.operation()) {
            case "transaction-start" -> ok(JSON.createObjectNode().put("transaction-id", 7));
            default -> ok(JSON.createArrayNode());
        });
        new FortiOsFirewallAdapter("fw", api, "o", "root", FortiOsFirewallAdapter.Transactions.AUTO).apply(ONE);
        assertEquals(7, api.calls.get(5).tx());
        assertEquals("transaction-commit", api.calls.get(6).operation());
        assertEquals("transaction-commit", api.calls.get(6).query().get("action"));
        assertEquals(7, api.calls.get(6).body().path("transaction-id").asInt(), "the documented form: id in the body");
        assertNull(api.calls.get(6).tx(), "not in the X-TRANSACTION-ID header");
    }

    @Test
    void anUnauthorizedTransactionStartIsNotMistakenForMissingSupport() {
        FakeApi api = new FakeApi(c -> c.operation().equals("transaction-start") ? status(401)
                : ok(JSON.createArrayNode()));
        ProviderException e = assertThrows(ProviderException.class, () -> new FortiOsFirewallAdapter("fw", api, "o",
                "root", FortiOsFirewallAdapter.Transactions.AUTO).apply(ONE));
        assertTrue(e.getMessage().contains("401"), e.getMessage());
        assertEquals(5, api.calls.size(), "no write after the refused start");
    }

    @Test
    void aLoginPageIsNotMistakenForAnEmptyFirewall() {
        FakeApi api = new FakeApi(c -> new FortiOsReply(200, JSON.createObjectNode()));
        ProviderException e = assertThrows(ProviderException.class, () -> new FortiOsFirewallAdapter("fw", api, "o",
                "root", FortiOsFirewallAdapter.Transactions.AUTO).observe(dev.gatewarden.spi.FirewallScope.of("o",
                List.of())));
        assertTrue(e.getMessage().contains("not FortiOS's JSON envelope"), e.getMessage());
    }

    @Test
    void transactionsOffNeverStartsOne() {
        FakeApi api = new FakeApi(c -> ok(JSON.createArrayNode()));
        new FortiOsFirewallAdapter("fw", api, "o", "root", FortiOsFirewallAdapter.Transactions.OFF).apply(ONE);
        assertTrue(api.calls.stream().noneMatch(c -> c.operation().startsWith("transaction")));
    }

    @Test
    void observeFiltersByMarkAndScopedNamesWithEscapes() {
        FakeApi api = new FakeApi(c -> ok(JSON.createArrayNode()));
        new FortiOsFirewallAdapter("fw", api, "o", "root", FortiOsFirewallAdapter.Transactions.AUTO)
                .observe(new dev.gatewarden.spi.FirewallScope("o", java.util.Set.of("grp"),
                        java.util.Set.of("gw-o-g-10.0.0.1")));
        assertEquals(4, api.calls.size());
        assertEquals("comment=@gatewarden owner=o,name==grp,name==gw-o-g-10\\.0\\.0\\.1",
                api.calls.get(0).query().get("filter"));
        assertEquals("name|type|subnet|comment", api.calls.get(0).query().get("format"));
    }
}
