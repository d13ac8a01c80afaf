package dev.gatewarden.sandbox.ec2;

/**
 * A group of EC2 actions, made per request over the simulator's current state, with the lookups they share (which
 * fail with EC2's NotFound and Malformed errors).
 */
abstract class Ec2Actions {
    final Ec2State state;
    /** The request's time (epoch millis), for eventual consistency. */
    final long now;

    Ec2Actions(Ec2State state, long now) {
        this.state = state;
        this.now = now;
    }

    final Ec2State.Eni eni(String id) {
        Ec2State.Eni e = state.interfaces.get(id);
        if (e == null) {
            if (!id.matches("eni-[0-9a-f]{8,17}")) {
                throw Ec2Error.badRequest("InvalidNetworkInterfaceId.Malformed", "Invalid id: \"" + id
                        + "\" (expecting \"eni-...\")");
            }
            throw Ec2Error.badRequest("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
        }
        return e;
    }

    final Ec2State.Instance instance(String id) {
        Ec2State.Instance i = state.instances.get(id);
        if (i == null) {
            if (!id.matches("i-[0-9a-f]{8,17}")) {
                throw Ec2Error.badRequest("InvalidInstanceID.Malformed", "Invalid id: \"" + id
                        + "\" (expecting \"i-...\")");
            }
            throw Ec2Error.badRequest("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
        }
        return i;
    }
}
