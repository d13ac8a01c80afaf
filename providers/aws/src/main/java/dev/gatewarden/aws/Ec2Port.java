package dev.gatewarden.aws;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;

/**
 * The few EC2 calls the provider makes, behind a narrow port so unit tests can fake it. Implementations throw
 * {@link dev.gatewarden.GatewardenException.ProviderException} carrying EC2's error code ({@code code()}).
 */
interface Ec2Port extends AutoCloseable {

    /** One DescribeAddresses: every Elastic IP carrying the tag key (not paginated by EC2). */
    List<Address> addressesWithTagKey(String tagKey);

    /** One DescribeAddresses by allocation id; empty when EC2 says it does not exist. */
    Optional<Address> address(String allocationId);

    /** One DescribeAddresses by public IP; empty when EC2 does not know it. */
    Optional<Address> addressByPublicIp(String publicIp);

    /** One DescribeAddresses by tag values (exact matches, ANDed). */
    List<Address> addressesWithTags(Map<String, String> tags);

    /** Paged DescribeNetworkInterfaces filtered on {@code attachment.instance-id}. */
    List<NetworkInterface> interfacesOfInstances(Collection<String> instanceIds);

    /** Paged DescribeNetworkInterfaces filtered on {@code tag-key} (wildcards allowed). */
    List<NetworkInterface> interfacesWithTagKey(String tagKeyPattern);

    /**
     * Paged DescribeNetworkInterfaces filtered on {@code addresses.private-ip-address} within one VPC: the filter
     * alone is account-wide, and VPC CIDRs commonly overlap.
     */
    List<NetworkInterface> interfacesHolding(String privateIp, String vpcId);

    /** Paged DescribeInstances filtered on {@code instance-id}: instance id → instance type. */
    Map<String, String> instanceTypes(Collection<String> instanceIds);

    /** AllocateAddress (Domain vpc) tagged at creation; returns allocation id, public IP and whether it was retried. */
    Allocated allocateAddress(String publicIpv4Pool, Map<String, String> tags);

    /** AssociateAddress with AllowReassociation=true; returns the association id. */
    String associateAddress(String allocationId, String interfaceId, String privateIp);

    void disassociateAddress(String associationId);

    void releaseAddress(String allocationId);

    /**
     * AssignPrivateIpAddresses: the exact IP, or (ip null) one the cloud chooses; returns the IPs the response lists
     * and whether the SDK retried the request.
     */
    Assigned assignPrivateIp(String interfaceId, String ip, boolean allowReassignment);

    void unassignPrivateIp(String interfaceId, String ip);

    void createTags(String resourceId, Map<String, String> tags);

    void deleteTags(String resourceId, Collection<String> keys);

    @Override
    void close();

    /**
     * @param retried whether the SDK sent the request more than once: a first attempt whose answer was lost may
     *                have allocated an address too (AllocateAddress has no idempotency token)
     */
    record Allocated(String allocationId, String publicIp, boolean retried) {
        Allocated(String allocationId, String publicIp) {
            this(allocationId, publicIp, false);
        }
    }

    /** @param retried whether the SDK sent the request more than once (a counted assign may have added twice) */
    record Assigned(List<String> ips, boolean retried) {
        public Assigned {
            ips = List.copyOf(ips);
        }
    }
}
