package dev.gatewarden.kubernetes;

/**
 * Whether this instance may write now (to the cloud, the firewalls and the cluster). With leader election only the
 * leader may; losing the lease closes the gate at once, even in the middle of a round.
 */
@FunctionalInterface
public interface WriteGate {
    WriteGate OPEN = () -> true;

    boolean mayWrite();
}
