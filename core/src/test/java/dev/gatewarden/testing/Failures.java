package dev.gatewarden.testing;

import dev.gatewarden.GatewardenException.ProviderException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Failure injection for the in-memory plugins: a rule fails an operation (optionally only for matching
 * arguments) a number of times, or always.
 */
public final class Failures {
    private final List<Rule> rules = new ArrayList<>();

    private static final class Rule {
        final String operation;
        final Predicate<Object> when;
        final RuntimeException error;
        int remaining;

        Rule(String operation, Predicate<Object> when, RuntimeException error, int times) {
            this.operation = operation;
            this.when = when;
            this.error = error;
            this.remaining = times;
        }
    }

    /** Fails {@code operation} for arguments matching {@code when}, {@code times} times (negative: always). */
    public synchronized Failures add(String operation, Predicate<Object> when, RuntimeException error, int times) {
        rules.add(new Rule(operation, when == null ? x -> true : when, error, times));
        return this;
    }

    /** The next call of {@code operation} fails with a non-transient {@link ProviderException}. */
    public Failures failNext(String operation, String message) {
        return add(operation, null, new ProviderException(message, "InjectedFault", false), 1);
    }

    /** Every call of {@code operation} fails. */
    public Failures failAlways(String operation, String message) {
        return add(operation, null, new ProviderException(message, "InjectedFault", false), -1);
    }

    public synchronized void clear() {
        rules.clear();
    }

    /** Throws the injected error if a rule matches. */
    public synchronized void check(String operation, Object argument) {
        for (Rule r : rules) {
            if (r.remaining != 0 && r.operation.equals(operation) && r.when.test(argument)) {
                if (r.remaining > 0) {
                    r.remaining--;
                }
                throw r.error;
            }
        }
    }
}
