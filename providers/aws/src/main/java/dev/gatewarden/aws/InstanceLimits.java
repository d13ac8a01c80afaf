package dev.gatewarden.aws;

import java.util.Map;

/**
 * IPv4 addresses per network interface (primary included) by instance type, from the EC2 ENI limits table. Used
 * to report {@code maxPrivateIps}; unknown types report 0 (unknown) and EC2 enforces the real limit.
 */
final class InstanceLimits {
    private static final Map<String, Integer> PER_ENI = Map.ofEntries(
            Map.entry("t3.nano", 2), Map.entry("t3.micro", 2), Map.entry("t3.small", 4), Map.entry("t3.medium", 6),
            Map.entry("t3.large", 12), Map.entry("t3.xlarge", 15), Map.entry("t3.2xlarge", 15),
            Map.entry("m5.large", 10), Map.entry("m5.xlarge", 15), Map.entry("m5.2xlarge", 15),
            Map.entry("m5.4xlarge", 30), Map.entry("m5.8xlarge", 30), Map.entry("m5.12xlarge", 30),
            Map.entry("m5.16xlarge", 50), Map.entry("m5.24xlarge", 50),
            Map.entry("c5.large", 10), Map.entry("c5.xlarge", 15), Map.entry("c5.2xlarge", 15),
            Map.entry("c5.4xlarge", 30), Map.entry("r5.large", 10), Map.entry("r5.xlarge", 15));

    private InstanceLimits() {
    }

    /** IPv4 addresses per interface, or 0 when the type is not in the table. */
    static int ipv4PerInterface(String instanceType) {
        return instanceType == null ? 0 : PER_ENI.getOrDefault(instanceType, 0);
    }
}
