package dev.gatewarden.plan;

import java.util.Locale;

/** The make-before-break phases, in the order the executor runs them. */
public enum Phase {
    /** 1. allocate missing addresses, tagged at creation. */
    ALLOCATE(1),
    /** 2. publish new addresses to every firewall that needs them, one commit per firewall. */
    PUBLISH(2),
    /** 3. attach or move addresses to the nodes that need them. */
    ATTACH(3),
    /** 4. write status back (Kubernetes annotations and events). */
    STATUS(4),
    /** 5. detach retired addresses. */
    DETACH(5),
    /** 6. withdraw retired addresses from firewalls, one commit per firewall. */
    WITHDRAW(6),
    /** 7. release retired addresses (never before their withdrawal succeeded). */
    RELEASE(7);

    private final int number;

    Phase(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Phases 5–7 take things away. */
    public boolean destructive() {
        return number >= 5;
    }
}
