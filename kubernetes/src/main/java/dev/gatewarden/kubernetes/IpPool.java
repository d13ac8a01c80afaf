package dev.gatewarden.kubernetes;

/**
 * A Calico IP pool a gateway draws from (read generically from {@code projectcalico.org/v3} or
 * {@code crd.projectcalico.org/v1}).
 *
 * @param awsSubnetId Calico Enterprise AWS-backed pool: the VPC subnet; null otherwise
 */
public record IpPool(String name, String cidr, String awsSubnetId, boolean disabled) {
}
