package dev.gatewarden.aws;

import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.spi.PluginContext;
import java.util.Objects;

/**
 * One AWS account and region. Public addresses are Elastic IPs tagged {@code gatewarden-owner/-gateway/-slot} at
 * creation; private addresses are secondary private IPs whose ownership records live as tags on the interface
 * holding them (see {@link PrivateIpRecords}), so {@link #observe} rebuilds the full state from EC2 alone.
 *
 * <p>Calls are serialized; the work is done by {@link Ec2Observer} (observe), {@link ElasticIpChanges} (public
 * addresses) and {@link PrivateIpChanges} (secondary private IPs).
 */
public final class AwsCloudProvider implements CloudProvider {
    private final String name;
    private final Ec2Port ec2;
    private final Ec2Observer observer;
    private final ElasticIpChanges elasticIps;
    private final PrivateIpChanges privateIps;

    AwsCloudProvider(String name, PluginContext context, Ec2Port ec2, String where, String publicIpv4Pool,
                     boolean allowPrimaryIp) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(context, "context");
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.observer = new Ec2Observer(name, ec2);
        this.elasticIps = new ElasticIpChanges(name, context.owner(), ec2, where, publicIpv4Pool, allowPrimaryIp);
        this.privateIps = new PrivateIpChanges(name, context.owner(), ec2, where, observer);
    }

    @Override
    public String name() {
        return name;
    }

    /** See {@link Ec2Observer#observe}: one DescribeAddresses, paged DescribeNetworkInterfaces, new types only. */
    @Override
    public synchronized ObservedCloud observe(CloudScope scope) {
        return observer.observe(scope);
    }

    @Override
    public synchronized CloudAddress allocate(CloudChange.Allocation allocation) {
        if (allocation instanceof CloudChange.AllocatePublic p) {
            return elasticIps.allocate(p);
        }
        return privateIps.assign((CloudChange.AssignPrivate) allocation);
    }

    @Override
    public synchronized CloudAddress attach(CloudChange.Attachment attachment) {
        if (attachment instanceof CloudChange.MovePrivate m) {
            return privateIps.move(m);
        }
        return elasticIps.attach((CloudChange.AttachPublic) attachment);
    }

    @Override
    public synchronized void detach(CloudChange.DetachPublic change) {
        elasticIps.detach(change);
    }

    @Override
    public synchronized void release(CloudChange.Release release) {
        if (release instanceof CloudChange.ReleasePublic p) {
            elasticIps.release(p);
        } else {
            privateIps.unassign((CloudChange.UnassignPrivate) release);
        }
    }

    @Override
    public void close() {
        ec2.close();
    }
}
