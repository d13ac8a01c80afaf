package dev.gatewarden.apply;

import dev.gatewarden.plan.Change;

/** A change after resolution: either ready to run (resolved) or decided already (outcome + message). */
record Prepared(Change resolved, Outcome outcome, String message) {
    static Prepared ready(Change c) {
        return new Prepared(c, null, null);
    }

    static Prepared ready(Change c, String note) {
        return new Prepared(c, null, note);
    }

    static Prepared skip(Change c, String why) {
        return new Prepared(c, Outcome.SKIPPED, why);
    }

    static Prepared fail(Change c, String why) {
        return new Prepared(c, Outcome.FAILED, why);
    }

    boolean decided() {
        return outcome != null;
    }
}
