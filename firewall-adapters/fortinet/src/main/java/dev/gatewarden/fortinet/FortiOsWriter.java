package dev.gatewarden.fortinet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.fortinet.FortiOsFirewallAdapter.Transactions;
import dev.gatewarden.spi.FirewallApplyResult;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends planned writes in order: inside one batch transaction (FortiOS 6.4+) that is committed at the end or aborted
 * on the first failure, or, where the firmware has none, one by one, reporting what was applied before a failure.
 *
 * <p>Commit and abort name the transaction in the JSON body ({@code {"transaction-id": N}}), the form Fortinet
 * documents; only the writes inside it carry the {@code X-TRANSACTION-ID} header. An abort that fails leaves the
 * transaction open on the FortiGate (never committed, so nothing is applied, but its tables stay locked until its
 * idle timeout ends it): that is logged as a warning, said in the exception, and the abort is sent again before the
 * next transaction this writer starts.
 */
final class FortiOsWriter {
    private static final Logger LOG = LoggerFactory.getLogger(FortiOsFirewallAdapter.class);
    /** Valid whether FortiOS reads it as seconds (REST example) or minutes (CLI: 1-60); the timeout is idle time. */
    static final int TRANSACTION_TIMEOUT = 60;
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+).*");
    private final FortiOsVdom target;
    private final FortiOsApi api;
    private final String name;
    private final String vdom;
    private final Transactions mode;
    /** Transactions whose abort failed: still open on the FortiGate until aborted again or expired. */
    private final Set<Integer> unaborted = new LinkedHashSet<>();

    FortiOsWriter(FortiOsVdom target, Transactions mode) {
        this.target = target;
        this.api = target.api();
        this.name = target.name();
        this.vdom = target.vdom();
        this.mode = mode;
    }

    FirewallApplyResult execute(List<FortiOsWrite> writes) {
        Integer tx = useTransactions() ? startTransaction() : null;
        List<String> done = new ArrayList<>();
        String revision = "";
        try {
            for (FortiOsWrite w : writes) {
                FortiOsReply r = api.send(w.method(), w.path(), Map.of(), w.body(), tx,
                        w.method() + " " + w.table().label());
                target.remember(r);
                if (!r.ok()) {
                    if (w.method().equals("DELETE") && r.notFound()) {
                        done.add(w.description() + " (already gone)");
                        continue;
                    }
                    throw target.failure(w.description(), r);
                }
                revision = r.revision();
                done.add(w.description());
                if (tx == null) {
                    LOG.info("FortiOS {} (vdom {}): {}", name, vdom, w.description());
                }
            }
        } catch (ProviderException e) {
            throw halfway(e, tx, done);
        }
        if (tx == null) {
            return new FirewallApplyResult(revision.isEmpty() ? null : "revision " + revision, done);
        }
        FortiOsReply c = finish("transaction-commit", tx);
        if (!c.ok()) {
            ProviderException e = target.failure("commit transaction " + tx, c);
            throw new ProviderException(e.getMessage() + "; nothing was applied", e.code(), e.isTransient(), e);
        }
        for (String d : done) {
            LOG.info("FortiOS {} (vdom {}): {}", name, vdom, d);
        }
        LOG.info("FortiOS {} (vdom {}): committed transaction {} ({} changes)", name, vdom, tx, done.size());
        return new FirewallApplyResult("transaction " + tx + (c.revision().isEmpty() ? "" : " revision "
                + c.revision()), done);
    }

    private ProviderException halfway(ProviderException cause, Integer tx, List<String> done) {
        String tail;
        if (tx != null) {
            String refused = abort(tx);
            if (refused == null) {
                tail = "; transaction " + tx + " aborted, nothing was applied";
            } else {
                unaborted.add(tx);
                LOG.warn("FortiOS {} (vdom {}): transaction {} could not be aborted ({}); it was never committed, so "
                        + "nothing of it is applied, but it stays open on the FortiGate and locks the tables it wrote "
                        + "until its idle timeout ({}) ends it. Gatewarden aborts it again before its next write to "
                        + "this firewall", name, vdom, tx, refused, TRANSACTION_TIMEOUT);
                tail = "; transaction " + tx + " could not be aborted (" + refused + "): it was never committed, "
                        + "nothing was applied, but it stays open and locks the tables it wrote until its idle "
                        + "timeout (" + TRANSACTION_TIMEOUT + ") ends it; the next apply aborts it again first";
            }
        } else {
            tail = done.isEmpty() ? "; nothing was applied"
                    : "; applied before the failure: " + String.join("; ", done) + ". Rerun to converge";
        }
        return new ProviderException(cause.getMessage() + tail, cause.code(), cause.isTransient(), cause);
    }

    /** Commit or abort {@code tx} in the documented form: the id in the JSON body, with the VDOM in the query. */
    private FortiOsReply finish(String action, int tx) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("transaction-id", tx);
        return api.send("POST", "", Map.of("action", action), body, null, action);
    }

    /** Aborts {@code tx}; null when FortiOS confirmed, else why not. */
    private String abort(int tx) {
        try {
            FortiOsReply r = finish("transaction-abort", tx);
            if (r.ok()) {
                return null;
            }
            return "HTTP " + r.status() + (r.error() != 0 ? ", error " + r.error() : "")
                    + (r.detail().isEmpty() ? "" : ": " + r.detail());
        } catch (ProviderException e) {
            return e.getMessage();
        }
    }

    /**
     * Aborts again the transactions an earlier failure left open, so their table locks do not refuse this apply's
     * writes. One FortiOS no longer knows (it expired: a 4xx answer in its envelope) is forgotten; one that still
     * cannot be aborted is kept and logged.
     */
    private void abortLeftovers() {
        for (Iterator<Integer> it = unaborted.iterator(); it.hasNext(); ) {
            int tx = it.next();
            FortiOsReply r;
            try {
                r = finish("transaction-abort", tx);
            } catch (ProviderException e) {
                LOG.warn("FortiOS {} (vdom {}): transaction {} left open by an earlier failure still cannot be "
                        + "aborted ({}); its table locks may refuse this apply's writes until it expires", name, vdom,
                        tx, e.getMessage());
                continue;
            }
            if (r.ok()) {
                LOG.info("FortiOS {} (vdom {}): aborted transaction {} left open by an earlier failure", name, vdom,
                        tx);
                it.remove();
            } else if (r.enveloped() && r.status() >= 400 && r.status() < 500 && r.status() != 401
                    && r.status() != 403 && r.status() != 429) {
                LOG.info("FortiOS {} (vdom {}): transaction {} left open by an earlier failure is gone (expired; "
                        + "HTTP {})", name, vdom, tx, r.status());
                it.remove();
            } else {
                LOG.warn("FortiOS {} (vdom {}): transaction {} left open by an earlier failure still cannot be "
                        + "aborted (HTTP {}); its table locks may refuse this apply's writes until it expires", name,
                        vdom, tx, r.status());
            }
        }
    }

    private boolean useTransactions() {
        if (mode != Transactions.AUTO) {
            return mode == Transactions.ON;
        }
        Matcher m = VERSION.matcher(target.firmware());
        if (!m.matches()) {
            return true; // unknown firmware: try, and fall back if the call is refused
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 6 || (major == 6 && minor >= 4);
    }

    /** The transaction id, or null to go on without one (auto mode on a firmware that refuses transactions). */
    private Integer startTransaction() {
        abortLeftovers();
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("timeout", TRANSACTION_TIMEOUT);
        FortiOsReply r = api.send("POST", "", Map.of("action", "transaction-start"), body, null, "transaction-start");
        target.remember(r);
        int id = r.body().path("results").path("transaction-id").asInt(-1);
        if (r.ok() && id >= 0) {
            return id;
        }
        boolean refusedAsUnsupported = r.status() != 401 && r.status() != 403 && r.status() != 429
                && (r.status() < 500 || r.status() == 500 && r.error() != 0 || r.ok());
        if (mode == Transactions.AUTO && refusedAsUnsupported) {
            String firmware = target.firmware();
            LOG.warn("FortiOS {} (vdom {}): firmware {} refused batch transactions (HTTP {}); applying the changes "
                    + "one by one in a safe order instead", name, vdom, firmware.isEmpty() ? "?" : firmware,
                    r.status());
            return null;
        }
        ProviderException e = target.failure("start a batch transaction", r);
        throw new ProviderException(e.getMessage() + (mode == Transactions.ON ? "; FortiOS before 6.4 has no "
                + "transactions: set transactions: off (or auto) for this firewall" : "") + "; nothing was applied",
                e.code(), e.isTransient(), e);
    }
}
