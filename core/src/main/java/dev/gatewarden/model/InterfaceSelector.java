package dev.gatewarden.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
/**
 * Which network interface of a node carries the gateway addresses. Both null: the primary interface.
 * {@code deviceIndex} selects by attachment index; {@code subnet} by the interface's subnet id.
 */
public record InterfaceSelector(Integer deviceIndex, String subnet) {
    public static final InterfaceSelector PRIMARY = new InterfaceSelector(null, null);

    public InterfaceSelector {
        if (deviceIndex != null && deviceIndex < 0) {
            throw new IllegalArgumentException("deviceIndex must be >= 0");
        }
        if (deviceIndex != null && subnet != null) {
            throw new IllegalArgumentException("choose the interface by deviceIndex or by subnet, not both");
        }
    }

    @JsonIgnore
    public boolean isPrimary() {
        return (deviceIndex == null || deviceIndex == 0) && subnet == null;
    }

    @Override
    public String toString() {
        if (subnet != null) {
            return "subnet " + subnet;
        }
        return "device " + (deviceIndex == null ? 0 : deviceIndex);
    }
}
