package dev.gatewarden.azure;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementException;
import dev.gatewarden.GatewardenException.ProviderException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Azure SDK exceptions (and failed long-running operations) into {@link ProviderException}s that name the
 * resource, ARM's {@code CloudError} code and the next step. Secrets never reach a message: the identity
 * library's messages name the client id and the AADSTS code only.
 */
final class ArmErrors {
    static final String PRECONDITION_FAILED = "PreconditionFailed";
    private static final Set<String> THROTTLED = Set.of("SubscriptionRequestsThrottled", "TooManyRequests",
            "ResourceRequestsThrottled", "TenantRequestsThrottled");
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final Pattern ACTION = Pattern.compile("perform action(?:\\(s\\))? '([^']+)'");

    private ArmErrors() {
    }

    /**
     * @param where "azure subscription S (westeurope)"
     * @param what  what was attempted, e.g. "create public IP gw-prod-payments-0"
     */
    static ProviderException translate(String where, String what, RuntimeException e) {
        if (authentication(e)) {
            return new ProviderException(where + ": cannot " + what + ": Entra ID refused the credentials ("
                    + firstLine(e.getMessage()) + "); check the tenant, client id and secret or certificate of this"
                    + " cloud entry, or the workload/managed identity", "AuthenticationFailed", false, e);
        }
        if (e instanceof ManagementException me && me.getValue() != null) {
            int status = me.getResponse() == null ? 0 : me.getResponse().getStatusCode();
            return of(where, what, me.getValue().getCode(), me.getValue().getMessage(), status, e);
        }
        if (e instanceof HttpResponseException he && he.getResponse() != null) {
            int status = he.getResponse().getStatusCode();
            return of(where, what, null, firstLine(he.getMessage()), status, e);
        }
        return new ProviderException(where + ": cannot " + what + ": " + firstLine(e.getMessage())
                + " (the next round retries)", null, true, e);
    }

    /** Whether Entra ID refused the credentials (the identity library wraps it; look along the causes). */
    private static boolean authentication(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ClientAuthenticationException
                    || t.getClass().getName().startsWith("com.microsoft.aad.msal4j.Msal")) {
                return true;
            }
        }
        return false;
    }

    /** A long-running operation that ended {@code Failed} or {@code Canceled}. */
    static ProviderException operationFailed(String where, String what, String code, String message) {
        return of(where, what, code == null ? "OperationFailed" : code,
                "the long-running operation ended unsuccessfully: " + message, 200, null);
    }

    static ProviderException of(String where, String what, String code, String message, int status, Throwable cause) {
        String base = where + ": cannot " + what + " (" + (code == null ? "HTTP " + status : code) + ": " + message + ")";
        if (code != null && THROTTLED.contains(code) || status == 429 && !"RetryableErrorDueToAnotherOperation".equals(code)) {
            return new ProviderException(base + ": ARM throttled the request after the SDK's retries (honouring"
                    + " Retry-After); the next round retries it (lower the reconcile frequency if this repeats)",
                    code, true, cause);
        }
        if (code == null) {
            return new ProviderException(base, null, status >= 500 || status == 408, cause);
        }
        return switch (code) {
            case "AuthorizationFailed", "LinkedAuthorizationFailed" -> new ProviderException(base
                    + ": the identity's role lacks " + action(message) + "; add it to the custom role (see"
                    + " examples/azure/role.json) at the resource group's scope", code, false, cause);
            case "AuthenticationFailed", "InvalidAuthenticationToken", "ExpiredAuthenticationToken" ->
                    new ProviderException(base + ": ARM rejected the access token; check the credentials and the tenant of"
                            + " this cloud entry", code, false, cause);
            case "PublicIPCountLimitReached", "StaticPublicIPCountLimitReached" -> new ProviderException(base
                    + ": the subscription's public IP quota in this region is reached; request a quota increase"
                    + " (Quotas > Networking > Public IP addresses - Standard) or delete unused public IPs", code, false,
                    cause);
            case "PrivateIPAddressInUse", "PrivateIPAddressIsAllocated" -> new ProviderException(base
                    + ": another ipConfiguration in the virtual network holds that private IP; choose a free address"
                    + " for the slot or free it first", code, false, cause);
            case "PublicIPAddressCannotBeDeleted", "PublicIPAddressInUse" -> new ProviderException(base
                    + ": the public IP is still associated with an ipConfiguration; it must be dissociated first (if"
                    + " another tool re-associated it, find it in the public IP's ipConfiguration)", code, false, cause);
            case "RetryableErrorDueToAnotherOperation", "AnotherOperationInProgress" -> new ProviderException(base
                    + ": another operation is still running on the resource; the next round retries", code, true, cause);
            case PRECONDITION_FAILED -> new ProviderException(base + ": the resource kept changing under us (its etag"
                    + " moved on every attempt); nothing was overwritten, the next round retries", code, true, cause);
            case "ResourceNotFound", "NotFound", "ResourceGroupNotFound", "SubscriptionNotFound" ->
                    new ProviderException(base + ": check the subscription, resource group and name in the config", code,
                            false, cause);
            default -> new ProviderException(base, code, status >= 500 || "InternalServerError".equals(code), cause);
        };
    }

    /** {@code error.code} of a CloudError or operation-status body, or null. */
    static String codeOf(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            String code = JSON.readTree(body).path("error").path("code").asText(null);
            return code == null || code.isBlank() ? null : code;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** The action an authorization error names (e.g. {@code Microsoft.Network/publicIPAddresses/write}). */
    static String action(String message) {
        Matcher m = ACTION.matcher(message == null ? "" : message);
        String found = null;
        while (m.find()) {
            found = m.group(1); // LinkedAuthorizationFailed names the granted action first, the missing one last
        }
        return found == null ? "a required action" : "the action " + found;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no details";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
