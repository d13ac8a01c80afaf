package dev.gatewarden.sandbox.ec2;

import java.util.Map;

/**
 * IPv4 addresses per network interface (primary included) by instance type, as EC2 enforces them. Rows from the
 * published ENI limits table (aws/amazon-vpc-cni-k8s); unknown types get {@link #DEFAULT_PER_ENI}.
 */
public final class InstanceTypes {
    public static final int DEFAULT_PER_ENI = 10;
    private static final Map<String, Integer> PER_ENI = Map.ofEntries(
            Map.entry("t3.micro", 2), Map.entry("t3.small", 4), Map.entry("t3.medium", 6),
            Map.entry("t3.large", 12), Map.entry("t3.xlarge", 15), Map.entry("t3.2xlarge", 15),
            Map.entry("m5.large", 10), Map.entry("m5.xlarge", 15), Map.entry("m5.2xlarge", 15),
            Map.entry("m5.4xlarge", 30), Map.entry("m5.8xlarge", 30), Map.entry("m5.12xlarge", 30),
            Map.entry("m5.16xlarge", 50), Map.entry("m5.24xlarge", 50),
            Map.entry("c5.large", 10), Map.entry("c5.xlarge", 15), Map.entry("c5.2xlarge", 15),
            Map.entry("c5.4xlarge", 30), Map.entry("r5.large", 10), Map.entry("r5.xlarge", 15));

    private InstanceTypes() {
    }

    /** IPv4 addresses one interface of this type may hold, primary included. */
    public static int ipv4PerInterface(String instanceType) {
        return PER_ENI.getOrDefault(instanceType, DEFAULT_PER_ENI);
    }

    public static boolean known(String instanceType) {
        return PER_ENI.containsKey(instanceType);
    }
}
