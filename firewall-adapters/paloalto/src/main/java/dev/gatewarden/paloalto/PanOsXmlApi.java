package dev.gatewarden.paloalto;

import java.util.Map;

/**
 * The narrow port to one PAN-OS device's XML API: one request with its parameters, answered by the parsed
 * envelope. Transport failures, HTTP-level refusals (403, 5xx) and unparsable answers come back as
 * {@link dev.gatewarden.GatewardenException.ProviderException}s; a PAN-OS {@code status="error"} envelope is
 * returned for the caller to interpret. The implementation authenticates and counts calls.
 */
interface PanOsXmlApi {

    /**
     * @param operation the name the call is counted under ({@code config/get}, {@code multi-config},
     *                  {@code commit}, {@code op/show-jobs}, {@code user-id}, ...)
     * @param params    the XML API parameters ({@code type}, {@code action}, {@code xpath}, {@code element},
     *                  {@code cmd}, ...), never the key
     */
    PanOsResponse request(String operation, Map<String, String> params);
}
