package dev.gatewarden.sandbox.panos;

import dev.gatewarden.sandbox.SimResponse;
import org.w3c.dom.Element;

/**
 * The config and commit locks: who holds each (null: nobody), the checks writes and commits make, and the
 * {@code <request><config-lock|commit-lock>} and {@code <show><config-locks|commit-locks>} ops.
 */
final class PanOsLocks {
    String configHolder;
    String commitHolder;

    void checkConfig(String admin) throws PanOsError {
        if (configHolder != null && !configHolder.equals(admin)) {
            throw new PanOsError(13, "Config for scope shared is currently locked by " + configHolder);
        }
    }

    void checkCommit(String admin) throws PanOsError {
        if (commitHolder != null && !commitHolder.equals(admin)) {
            throw new PanOsError(13, "Commit lock is currently held by " + commitHolder);
        }
    }

    /** {@code <show><config-locks/>} or {@code <show><commit-locks/>}. */
    SimResponse show(boolean config) {
        String tag = config ? "config-locks" : "commit-locks";
        return SimResponse.xml(200, "<response status=\"success\"><result><" + tag + ">"
                + lockEntry(config ? configHolder : commitHolder) + "</" + tag + "></result></response>");
    }

    /** {@code <request><config-lock|commit-lock><add>…</add> | <remove/>}: only the holder removes its lock. */
    SimResponse request(Element lock, String admin) throws PanOsError {
        boolean config = lock.getTagName().equals("config-lock");
        String holder = config ? configHolder : commitHolder;
        String what = config ? "Config" : "Commit";
        if (Xml.child(lock, "add") != null) {
            if (holder != null && !holder.equals(admin)) {
                throw new PanOsError(13, what + " lock is currently held by " + holder);
            }
            set(config, admin);
            return SimResponse.xml(200, "<response status=\"success\"><result>Successfully acquired lock. Other "
                    + "administrators will not be able to modify configuration" + (config ? "" : " commits")
                    + " until lock is released by " + Xml.escapeText(admin) + ".</result></response>");
        }
        if (Xml.child(lock, "remove") != null) {
            if (holder == null) {
                throw new PanOsError(13, what + " lock is not currently held");
            }
            if (!holder.equals(admin)) {
                throw new PanOsError(13, what + " lock is currently held by " + holder);
            }
            set(config, null);
            return SimResponse.xml(200, "<response status=\"success\"><result>Successfully released lock"
                    + "</result></response>");
        }
        throw new PanOsError(17, "request -> " + lock.getTagName() + " is missing 'add' or 'remove'");
    }

    private void set(boolean config, String admin) {
        if (config) {
            configHolder = admin;
        } else {
            commitHolder = admin;
        }
    }

    private static String lockEntry(String holder) {
        return holder == null ? "" : "<entry name=\"" + Xml.escape(holder) + "\"><type>normal</type><loggedin>yes"
                + "</loggedin><comment>sandbox</comment></entry>";
    }
}
