package dev.gatewarden.sandbox.ec2;

import java.util.Map;
import java.util.Set;

/**
 * The request parameters each simulated action accepts, as the EC2 API model (botocore {@code service-2.json},
 * 2016-11-15) names them on the wire: a parameter outside this list is {@code UnknownParameter}, and {@code DryRun}
 * exists only where the model has it (AssignPrivateIpAddresses and UnassignPrivateIpAddresses have none).
 */
final class Ec2Operations {
    /** Sent with every request. */
    private static final Set<String> COMMON = Set.of("Action", "Version");
    private static final Map<String, Set<String>> PARAMETERS = Map.ofEntries(
            Map.entry("AllocateAddress", Set.of("Domain", "Address", "PublicIpv4Pool", "NetworkBorderGroup",
                    "CustomerOwnedIpv4Pool", "TagSpecification", "IpamPoolId", "DryRun")),
            Map.entry("AssociateAddress", Set.of("AllocationId", "InstanceId", "PublicIp", "DryRun",
                    "NetworkInterfaceId", "PrivateIpAddress", "AllowReassociation")),
            Map.entry("DisassociateAddress", Set.of("AssociationId", "PublicIp", "DryRun")),
            Map.entry("ReleaseAddress", Set.of("AllocationId", "PublicIp", "NetworkBorderGroup", "DryRun")),
            Map.entry("DescribeAddresses", Set.of("PublicIp", "DryRun", "Filter", "AllocationId")),
            Map.entry("AssignPrivateIpAddresses", Set.of("Ipv4Prefix", "Ipv4PrefixCount", "NetworkInterfaceId",
                    "PrivateIpAddress", "SecondaryPrivateIpAddressCount", "AllowReassignment")),
            Map.entry("UnassignPrivateIpAddresses", Set.of("Ipv4Prefix", "NetworkInterfaceId", "PrivateIpAddress")),
            Map.entry("DescribeNetworkInterfaces", Set.of("NextToken", "MaxResults", "IncludeManagedResources",
                    "DryRun", "NetworkInterfaceId", "Filter")),
            Map.entry("DescribeInstances", Set.of("InstanceId", "IncludeManagedResources", "DryRun", "Filter",
                    "NextToken", "MaxResults")),
            Map.entry("DescribeVpcs", Set.of("Filter", "VpcId", "DryRun", "NextToken", "MaxResults")),
            Map.entry("CreateTags", Set.of("DryRun", "ResourceId", "Tag")),
            Map.entry("DeleteTags", Set.of("DryRun", "ResourceId", "Tag")));

    private Ec2Operations() {
    }

    static boolean known(String action) {
        return PARAMETERS.containsKey(action);
    }

    /** Refuses the first parameter the action does not define (its top-level name, before any {@code .N}). */
    static void checkParameters(String action, Iterable<String> keys) {
        Set<String> allowed = PARAMETERS.get(action);
        for (String key : keys) {
            int dot = key.indexOf('.');
            String name = dot < 0 ? key : key.substring(0, dot);
            if (!COMMON.contains(name) && !allowed.contains(name)) {
                throw Ec2Error.badRequest("UnknownParameter", "The parameter " + name + " is not recognized");
            }
        }
    }

    static boolean hasDryRun(String action) {
        return PARAMETERS.get(action).contains("DryRun");
    }
}
