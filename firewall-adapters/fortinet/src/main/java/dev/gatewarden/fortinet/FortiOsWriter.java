package dev.gatewarden.fortinet;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.fortinet.FortiOsFirewallAdapter.Transactions;
import dev.gatewarden.spi.FirewallApplyResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends planned writes in order: inside one batch transaction (FortiOS 6.4+) that is committed at the end or aborted
 * on the first failure, or, where the firmware has none, one by one, reporting what was applied before a failure.
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
        FortiOsReply c = api.send("POST", "", Map.of("action", "transaction-commit"), null, tx, "transaction-commit");
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
            boolean aborted;
            try {
                aborted = api.send("POST", "", Map.of("action", "transaction-abort"), null, tx, "transaction-abort")
                        .ok();
            } catch (ProviderException e) {
                aborted = false;
            }
            tail = aborted ? "; transaction " + tx + " aborted, nothing was applied"
                    : "; transaction " + tx + " could not be aborted but was never committed: FortiOS discards it "
                    + "when its timeout (" + TRANSACTION_TIMEOUT + ") runs out, nothing was applied";
        } else {
            tail = done.isEmpty() ? "; nothing was applied"
                    : "; applied before the failure: " + String.join("; ", done) + ". Rerun to converge";
        }
        return new ProviderException(cause.getMessage() + tail, cause.code(), cause.isTransient(), cause);
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
