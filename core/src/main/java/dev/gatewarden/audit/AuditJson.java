package dev.gatewarden.audit;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON mapper of the audit package: non-ASCII characters written as escapes, so a line is pure ASCII. */
final class AuditJson {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());

    private AuditJson() {
    }
}
