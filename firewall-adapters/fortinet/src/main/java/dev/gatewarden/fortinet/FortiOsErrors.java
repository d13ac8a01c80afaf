package dev.gatewarden.fortinet;

import dev.gatewarden.GatewardenException.ProviderException;

/** Turns a FortiOS refusal into a {@link ProviderException} that names the firewall, the object and the next step. */
final class FortiOsErrors {
    private FortiOsErrors() {
    }

    /**
     * @param what what was attempted, e.g. {@code create firewall/address gw-a-10.0.0.5}
     */
    static ProviderException failure(String firewall, String vdom, String what, FortiOsReply r) {
        int s = r.status();
        int e = r.error();
        String said = r.detail().isEmpty() ? "" : ": \"" + r.detail() + "\"";
        String head = "FortiOS " + firewall + " (vdom " + vdom + ") refused to " + what + " (HTTP " + s
                + (e != 0 ? ", error " + e : "") + said + ")";
        String code = e != 0 ? Integer.toString(e) : "HTTP " + s;
        if (!r.enveloped() && s != 401 && s != 403) {
            return new ProviderException(head + ": the answer is not FortiOS's JSON envelope; check that the url "
                    + "points at the FortiGate's HTTPS admin interface (not a proxy, load balancer or SSL-VPN portal)",
                    code, s >= 500);
        }
        if (s == 401) {
            return new ProviderException(head + ": the API token was not accepted; check that the token setting "
                    + "holds a current REST API admin token and that this host is among the admin's trusted hosts",
                    code, false);
        }
        if (s == 403 || e == -14) {
            return new ProviderException(head + ": permission denied; give the REST API admin's profile read-write "
                    + "access to Firewall > Address (and the VDOM '" + vdom + "')", code, false);
        }
        if (s == 424) {
            return new ProviderException(head + ": a referenced address does not exist in vdom " + vdom
                    + "; rerun so Gatewarden recreates it, or check for objects deleted by hand", code, false);
        }
        if (s == 429) {
            return new ProviderException(head + ": the FortiGate is rate limiting (or blocked this host after failed "
                    + "logins); the next round retries", code, true);
        }
        if (s == 404 && what.startsWith("list ")) {
            return new ProviderException(head + ": the table is not there; check the vdom setting ('" + vdom
                    + "' must exist and the token's admin must have it) and that this FortiOS version offers the API",
                    code, false);
        }
        switch (e) {
            case -5:
                return new ProviderException(head + ": an object with this name already exists (addresses and "
                        + "address groups share names); rename the existing object or change the naming template",
                        code, false);
            case -23:
                return new ProviderException(head + ": the object is still in use, by a firewall policy or a group "
                        + "Gatewarden does not own; remove that reference, then rerun", code, false);
            case -8:
                return new ProviderException(head + ": FortiOS rejected the IP address", code, false);
            case -1:
                return new ProviderException(head + ": a value is too long (names at most 79 characters, comments "
                        + "at most 255)", code, false);
            case -4:
                return new ProviderException(head + ": the FortiGate model's limit is reached (entries per table or "
                        + "members per group); remove unused objects or use a larger model", code, false);
            case -3:
                return new ProviderException(head + ": not found; rerun to converge", code, true);
            default:
                break;
        }
        if (s == 404) {
            return new ProviderException(head + ": not found; check the vdom setting ('" + vdom + "') and that this "
                    + "FortiOS version offers the API", code, false);
        }
        if (s >= 500 && (e == 0 || s != 500)) {
            return new ProviderException(head + ": the FortiGate failed internally; the next round retries", code,
                    true);
        }
        return new ProviderException(head + ": check the value against the FortiOS CLI reference", code, false);
    }
}
