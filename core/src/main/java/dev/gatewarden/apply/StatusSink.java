package dev.gatewarden.apply;

import java.util.List;

/**
 * Receives the slots' state in phase 4 (status), after addresses were attached. Kubernetes implements it with
 * annotations and events. A failure here is reported as a warning and changes nothing else.
 */
@FunctionalInterface
public interface StatusSink {
    void publish(List<SlotStatus> slots);
}
