package dev.gatewarden.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response to send: status, content type, body and extra headers. */
public record SimResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    public SimResponse {
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public static SimResponse of(int status, String contentType, String body) {
        return new SimResponse(status, contentType, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    public static SimResponse xml(int status, String body) {
        return of(status, "text/xml;charset=UTF-8", body);
    }

    public static SimResponse json(int status, String body) {
        return of(status, "application/json", body);
    }

    public SimResponse withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new SimResponse(status, contentType, body, h);
    }
}
