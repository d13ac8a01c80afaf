package dev.gatewarden.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.rpc.ApiException;
import com.google.cloud.compute.v1.Errors;
import com.google.cloud.compute.v1.Operation;
import dev.gatewarden.GatewardenException.ProviderException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Compute failures into {@link ProviderException}s that name the resource and the next step. The client maps
 * every 403 to {@code PermissionDeniedException}, whether quota, rate limit or IAM, and every 400 alike, so the
 * reason is read from the JSON error body the exception carries ({@code error.errors[].reason}).
 */
final class ComputeErrors {
    static final String CONDITION_NOT_MET = "conditionNotMet";
    static final String QUOTA_EXCEEDED = "quotaExceeded";
    static final String RATE_LIMIT = "rateLimitExceeded";
    static final String FORBIDDEN = "forbidden";
    static final String NOT_FOUND = "notFound";
    static final String ALREADY_EXISTS = "alreadyExists";
    static final String IN_USE = "resourceInUseByAnotherResource";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUOTA = Pattern.compile("Quota '([A-Z_]+)' exceeded\\.\\s+Limit: ([0-9.]+)");
    private static final Pattern PERMISSION = Pattern.compile("Required '([a-zA-Z.]+)' permission");

    /** What a refused call said: HTTP status, reason ({@code error.errors[0].reason}) and message. */
    record Refusal(int status, String reason, String message) {
    }

    /** An Operation that ended DONE with {@code error.errors[]}: its codes survive here. */
    static final class OperationFailedException extends ProviderException {
        private final List<String> codes;

        OperationFailedException(String message, List<String> codes, boolean transientFailure) {
            super(message, codes.isEmpty() ? null : codes.get(0), transientFailure);
            this.codes = List.copyOf(codes);
        }

        List<String> codes() {
            return codes;
        }
    }

    private ComputeErrors() {
    }

    /** Reads the Google JSON error body out of the exception's causes; falls back to the gRPC-style status. */
    static Refusal refusal(ApiException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t.getMessage();
            int brace = text == null ? -1 : text.indexOf('{');
            if (brace < 0) {
                continue;
            }
            try {
                JsonNode err = JSON.readTree(text.substring(brace)).path("error");
                if (err.isObject()) {
                    String reason = err.path("errors").path(0).path("reason").asText(null);
                    return new Refusal(err.path("code").asInt(e.getStatusCode().getCode().getHttpStatusCode()),
                            reason, err.path("message").asText(text));
                }
            } catch (java.io.IOException ignored) {
                // not JSON: try the next cause
            }
        }
        return new Refusal(e.getStatusCode().getCode().getHttpStatusCode(), null, String.valueOf(e.getMessage()));
    }

    static boolean hasReason(ApiException e, String reason) {
        return reason.equals(refusal(e).reason());
    }

    /**
     * @param where "gcp project 'p' (us-central1)"
     * @param what  what was attempted, e.g. "reserve address gwd-prod-payments-0"
     * @param permission the IAM permission the call needs, e.g. {@code compute.addresses.create}
     */
    static ProviderException translate(String where, String what, String permission, ApiException e) {
        Refusal r = refusal(e);
        String base = where + ": cannot " + what + " (" + r.status() + (r.reason() == null ? "" : " " + r.reason())
                + ": " + r.message() + ")";
        String reason = r.reason() == null ? "" : r.reason();
        switch (reason) {
            case QUOTA_EXCEEDED -> {
                Matcher m = QUOTA.matcher(r.message());
                String metric = m.find() ? m.group(1) + " (limit " + m.group(2) + ")" : "a Compute quota";
                return new ProviderException(base + ": " + metric + " is used up; release unused addresses or request"
                        + " a higher quota in IAM & Admin > Quotas", reason, false, e);
            }
            case RATE_LIMIT -> {
                return new ProviderException(base + ": Compute rate-limited the request; the next round retries it",
                        reason, true, e);
            }
            case FORBIDDEN -> {
                Matcher m = PERMISSION.matcher(r.message());
                String missing = m.find() ? m.group(1) : permission;
                return new ProviderException(base + ": the service account lacks " + missing
                        + "; grant it (see examples/gcp/role.yaml)", reason, false, e);
            }
            case IN_USE -> {
                return new ProviderException(base + ": the address is still attached to the resource named above;"
                        + " detach it first (Gatewarden never detaches what it does not own)", reason, false, e);
            }
            case CONDITION_NOT_MET -> {
                return new ProviderException(base + ": the resource changed while it was being updated; the next"
                        + " round reads it again", reason, true, e);
            }
            default -> {
                boolean transientFailure = r.status() >= 500 || r.status() == 429 || e.isRetryable();
                return new ProviderException(base, r.reason(), transientFailure, e);
            }
        }
    }

    /** The failure of an operation that ended DONE with errors, or empty when it succeeded. */
    static Optional<OperationFailedException> failure(String where, String what, Operation op) {
        if (!op.hasError() || op.getError().getErrorsCount() == 0) {
            return Optional.empty();
        }
        List<String> codes = op.getError().getErrorsList().stream().map(Errors::getCode).toList();
        String detail = String.join("; ", op.getError().getErrorsList().stream()
                .map(x -> x.getCode() + ": " + x.getMessage()).toList());
        String hint = codes.contains("QUOTA_EXCEEDED") ? ": a Compute quota is used up; release unused addresses or"
                + " request a higher quota" : codes.contains("RESOURCE_IN_USE_BY_ANOTHER_RESOURCE")
                ? ": the resource is used by another one; detach it first" : "";
        boolean transientFailure = op.getHttpErrorStatusCode() >= 500 || codes.contains("RESOURCE_NOT_READY");
        return Optional.of(new OperationFailedException(where + ": " + what + " failed in operation "
                + op.getName() + " (" + (op.hasHttpErrorStatusCode() ? op.getHttpErrorStatusCode() + " " : "")
                + detail + ")" + hint, codes, transientFailure));
    }
}
