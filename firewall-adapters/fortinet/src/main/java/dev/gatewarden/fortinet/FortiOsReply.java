package dev.gatewarden.fortinet;

import com.fasterxml.jackson.databind.JsonNode;

/** One FortiOS response: the HTTP status and the JSON envelope (an empty object when the body was not JSON). */
record FortiOsReply(int status, JsonNode body) {

    /** HTTP 200 with FortiOS's envelope saying success (a 200 login page or proxy answer is not success). */
    boolean ok() {
        return status == 200 && "success".equals(body.path("status").asText());
    }

    /** Whether the body was FortiOS's JSON envelope at all. */
    boolean enveloped() {
        return body.has("status") || body.has("http_status");
    }

    /** The internal error number ({@code -5} duplicate, {@code -3} not found, …), 0 when absent. */
    int error() {
        return body.path("error").asInt(0);
    }

    /**
     * FortiOS's own words when it gives any ({@code cli_error} or {@code message}) on one line: {@code cli_error} is
     * CLI output over several lines ending "Command fail. Return code -N", whose number {@link #error()} already
     * gives, so that last line is left out.
     */
    String detail() {
        String d = body.path("cli_error").asText("");
        if (d.isEmpty()) {
            d = body.path("message").asText("");
        }
        return String.join("; ", d.replaceAll("(?s)\\s*Command fail\\. Return code -?\\d+\\s*$", "").strip()
                .split("\\s*\\R+\\s*"));
    }

    /** {@code v7.2.5}, or empty. */
    String version() {
        return body.path("version").asText("");
    }

    String revision() {
        return body.path("revision").asText("");
    }

    boolean notFound() {
        return status == 404 || error() == -3 && status != 424;
    }
}
