package dev.gatewarden.kubernetes;

import dev.gatewarden.GatewardenException;

/**
 * A gateway could not be discovered (the API failed, the EgressGateway is missing, RBAC refused a read). The round
 * that met it changes nothing: acting on a partial picture of the cluster could retire addresses that are in use.
 */
public class DiscoveryException extends GatewardenException {
    public DiscoveryException(String message) {
        super(message);
    }

    public DiscoveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
