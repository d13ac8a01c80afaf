package dev.gatewarden.spi;

import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.plan.CloudChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The outcome of one change of a batch: done (with the address as it now is, when the change produces or moves
 * one) or failed (with the exception that says why). A batch answers with one result per change, in order.
 */
public record CloudResult(CloudChange change, CloudAddress address, RuntimeException failure) {
    public CloudResult {
        Objects.requireNonNull(change, "change");
    }

    public static CloudResult done(CloudChange change, CloudAddress address) {
        return new CloudResult(change, address, null);
    }

    public static CloudResult failed(CloudChange change, RuntimeException failure) {
        return new CloudResult(change, null, Objects.requireNonNull(failure, "failure"));
    }

    public boolean succeeded() {
        return failure == null;
    }

    /**
     * Runs {@code call} for each change in order, isolating failures: a change that throws fails alone. For
     * providers whose API has no bulk form of an operation.
     */
    public static <C extends CloudChange> List<CloudResult> each(List<C> changes, Function<C, CloudAddress> call) {
        List<CloudResult> out = new ArrayList<>(changes.size());
        for (C c : changes) {
            try {
                out.add(done(c, call.apply(c)));
            } catch (RuntimeException e) {
                out.add(failed(c, e));
            }
        }
        return out;
    }

    /** {@link #each(List, Function)} for operations that produce no address (disassociate, release, unassign). */
    public static <C extends CloudChange> List<CloudResult> eachVoid(List<C> changes, Consumer<C> call) {
        return each(changes, c -> {
            call.accept(c);
            return null;
        });
    }
}
