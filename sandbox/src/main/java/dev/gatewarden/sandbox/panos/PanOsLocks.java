package dev.gatewarden.sandbox.panos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.SimResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * The config and commit locks, per scope ({@code shared}, a vsys or a device group, chosen with the {@code vsys}
 * parameter): who holds each, the checks writes and commits make (a lock on {@code shared} covers every scope), and
 * the {@code <request><config-lock|commit-lock>} and {@code <show><config-locks|commit-locks>} ops, answered in
 * PAN-OS's words ("Config for scope shared is currently locked by bob", "You already own a config lock for scope
 * shared", "Config is not currently locked for scope shared").
 */
final class PanOsLocks {
    static final String SHARED = "shared";
    private static final Pattern SCOPE = Pattern.compile("/(?:vsys|device-group)/entry\\[@name=['\"]([^'\"]+)['\"]\\]");
    final Map<String, String> config = new TreeMap<>();
    final Map<String, String> commit = new TreeMap<>();

    /** The lock scope a config xpath falls in: its vsys or device group, else {@code shared}. */
    static String scopeOf(String xpath) {
        Matcher m = xpath == null ? null : SCOPE.matcher(xpath);
        return m != null && m.find() ? m.group(1) : SHARED;
    }

    /** A write to {@code xpath} (null: shared) by {@code admin}: refused while another holds its scope's lock. */
    void checkConfig(String admin, String xpath) throws PanOsError {
        String scope = scopeOf(xpath);
        for (String s : scope.equals(SHARED) ? new String[] {SHARED} : new String[] {SHARED, scope}) {
            String holder = config.get(s);
            if (holder != null && !holder.equals(admin)) {
                throw new PanOsError(13, "Config for scope " + s + " is currently locked by " + holder);
            }
        }
    }

    void checkCommit(String admin) throws PanOsError {
        for (String holder : commit.values()) {
            if (!holder.equals(admin)) {
                throw new PanOsError(13, "Commit lock is currently held by " + holder);
            }
        }
    }

    /** {@code <show><config-locks/>} or {@code <show><commit-locks/>}: one entry per held lock. */
    SimResponse show(boolean configLocks) {
        String tag = configLocks ? "config-locks" : "commit-locks";
        StringBuilder b = new StringBuilder("<response status=\"success\"><result><" + tag + ">");
        (configLocks ? config : commit).forEach((scope, holder) -> b.append("<entry name=\"")
                .append(Xml.escape(holder)).append("\"><name>").append(Xml.escapeText(scope))
                .append("</name><type>normal</type><loggedin>yes</loggedin><comment>sandbox</comment></entry>"));
        return PanOsEnvelope.xml(200, b.append("</").append(tag).append("></result></response>").toString());
    }

    /** {@code <request><config-lock|commit-lock><add>…</add> | <remove/>} for {@code scope}. */
    SimResponse request(Element lock, String admin, String scope) throws PanOsError {
        boolean isConfig = lock.getTagName().equals("config-lock");
        Map<String, String> locks = isConfig ? config : commit;
        String holder = locks.get(scope);
        if (Xml.child(lock, "add") != null) {
            if (holder != null) {
                if (!isConfig) {
                    throw new PanOsError(13, "Commit lock is already held by " + holder);
                }
                throw new PanOsError(13, holder.equals(admin) ? "You already own a config lock for scope " + scope
                        : "Config for scope " + scope + " is currently locked by " + holder);
            }
            locks.put(scope, admin);
            return PanOsEnvelope.xml(200, "<response status=\"success\"><result>Successfully acquired lock. Other "
                    + "administrators will not be able to modify configuration" + (isConfig ? "" : " commits")
                    + " for scope " + Xml.escapeText(scope) + " until lock is released by " + Xml.escapeText(admin)
                    + ".</result></response>");
        }
        if (Xml.child(lock, "remove") != null) {
            if (holder == null) {
                throw new PanOsError(13, isConfig ? "Config is not currently locked for scope " + scope
                        : "Commit lock is not currently held for scope " + scope);
            }
            if (!holder.equals(admin)) {
                throw new PanOsError(13, isConfig ? "Config for scope " + scope + " is currently locked by " + holder
                        : "Commit lock is already held by " + holder);
            }
            locks.remove(scope);
            return PanOsEnvelope.xml(200, "<response status=\"success\"><result>Successfully released lock"
                    + "</result></response>");
        }
        throw new PanOsError(17, "request -> " + lock.getTagName() + " is missing 'add' or 'remove'");
    }

    void snapshot(ObjectNode n) {
        config.forEach(n.putObject("configLocks")::put);
        commit.forEach(n.putObject("commitLocks")::put);
    }

    /** Reads {@link #snapshot}, and the single shared holders older snapshots wrote. */
    void restore(JsonNode s) {
        config.clear();
        commit.clear();
        if (s.path("configLock").isTextual()) {
            config.put(SHARED, s.path("configLock").asText());
        }
        if (s.path("commitLock").isTextual()) {
            commit.put(SHARED, s.path("commitLock").asText());
        }
        s.path("configLocks").fields().forEachRemaining(e -> config.put(e.getKey(), e.getValue().asText()));
        s.path("commitLocks").fields().forEachRemaining(e -> commit.put(e.getKey(), e.getValue().asText()));
    }
}
