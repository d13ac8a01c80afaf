package dev.gatewarden.plan;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * @param maxDeleteFraction  the deletion guard: a plan that would retire more than this share of the managed
 *                           addresses (on a cloud, or of the owned objects on a firewall) holds back every retirement
 * @param allowDeletions     the user's explicit permission to exceed the guard
 * @param history            where earlier runs published addresses (from the audit log): an address is not released
 *                           while a firewall that is no longer configured may still list it
 * @param forgottenFirewalls firewalls no longer configured that the user confirmed may be ignored
 *                           ({@code --forget-firewall}): their record no longer holds releases back
 */
public record PlannerOptions(double maxDeleteFraction, boolean allowDeletions, PublicationHistory history,
                             Set<String> forgottenFirewalls) {
    public static final double DEFAULT_MAX_DELETE_FRACTION = 0.5;
    public static final PlannerOptions DEFAULTS = new PlannerOptions(DEFAULT_MAX_DELETE_FRACTION, false);

    public PlannerOptions {
        if (!(maxDeleteFraction >= 0 && maxDeleteFraction <= 1)) {
            throw new IllegalArgumentException("maxDeleteFraction must be between 0 and 1, got " + maxDeleteFraction);
        }
        history = history == null ? PublicationHistory.NONE : history;
        forgottenFirewalls = Collections.unmodifiableSet(new TreeSet<>(
                Objects.requireNonNullElse(forgottenFirewalls, Set.of())));
    }

    public PlannerOptions(double maxDeleteFraction, boolean allowDeletions) {
        this(maxDeleteFraction, allowDeletions, PublicationHistory.NONE, Set.of());
    }

    public PlannerOptions withAllowDeletions(boolean allow) {
        return new PlannerOptions(maxDeleteFraction, allow, history, forgottenFirewalls);
    }

    public PlannerOptions withHistory(PublicationHistory newHistory, Set<String> forgotten) {
        return new PlannerOptions(maxDeleteFraction, allowDeletions, newHistory, forgotten);
    }
}
