package dev.gatewarden.plan;

/**
 * @param maxDeleteFraction the deletion guard: a plan that would retire more than this share of the managed
 *                          addresses (on a cloud, or of the owned objects on a firewall) holds back every retirement
 * @param allowDeletions    the user's explicit permission to exceed the guard
 */
public record PlannerOptions(double maxDeleteFraction, boolean allowDeletions) {
    public static final double DEFAULT_MAX_DELETE_FRACTION = 0.5;
    public static final PlannerOptions DEFAULTS = new PlannerOptions(DEFAULT_MAX_DELETE_FRACTION, false);

    public PlannerOptions {
        if (!(maxDeleteFraction >= 0 && maxDeleteFraction <= 1)) {
            throw new IllegalArgumentException("maxDeleteFraction must be between 0 and 1, got " + maxDeleteFraction);
        }
    }

    public PlannerOptions withAllowDeletions(boolean allow) {
        return new PlannerOptions(maxDeleteFraction, allow);
    }
}
