package dev.gatewarden.sandbox;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A request as a simulator sees it: method, path, decoded query and form parameters (multi-valued),
 * headers (lower-case names) and the raw body.
 */
public record SimRequest(String method, URI uri, String path, Map<String, List<String>> query,
                         Map<String, List<String>> headers, byte[] body) {

    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public String queryParam(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    public List<String> queryParams(String name) {
        return query.getOrDefault(name, List.of());
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Parses {@code application/x-www-form-urlencoded} text (a query string or a form body). */
    public static Map<String, List<String>> parseForm(String text) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return m;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        m.replaceAll((k, v) -> Collections.unmodifiableList(v));
        return m;
    }

    /** Query parameters and, for a form body, the form fields, merged (query first). */
    public Map<String, List<String>> params() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        query.forEach((k, v) -> m.put(k, new ArrayList<>(v)));
        String ct = header("content-type");
        if (ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            parseForm(bodyText()).forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        return m;
    }
}
