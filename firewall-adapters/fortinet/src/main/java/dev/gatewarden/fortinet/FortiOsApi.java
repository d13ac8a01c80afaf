package dev.gatewarden.fortinet;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The narrow port to the FortiOS REST API: one call, counted under {@code operation}. */
interface FortiOsApi {

    /**
     * Sends one request below {@code /api/v2/cmdb} with the configured VDOM and token.
     *
     * @param path        e.g. {@code /firewall/address/gw-a-10.0.0.5} (mkeys already percent-encoded), or empty
     * @param query       extra query parameters (values not yet encoded)
     * @param body        JSON body or null
     * @param transaction the transaction id for {@code X-TRANSACTION-ID}, or null
     * @param operation   the name the call is counted under, e.g. {@code POST firewall/address}
     */
    FortiOsReply send(String method, String path, Map<String, String> query, JsonNode body, Integer transaction,
                      String operation);

    /** Where the API is, for messages (never carries a credential). */
    String endpoint();
}
