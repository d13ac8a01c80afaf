package dev.gatewarden.aws;

import dev.gatewarden.GatewardenException.ProviderException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns EC2 SDK exceptions into {@link ProviderException}s that name the resource and the next step. */
final class Ec2Errors {
    static final String NOT_FOUND_ALLOCATION = "InvalidAllocationID.NotFound";
    static final String NOT_FOUND_ASSOCIATION = "InvalidAssociationID.NotFound";
    static final String NOT_FOUND_ADDRESS = "InvalidAddress.NotFound";
    static final String NOT_FOUND_INTERFACE = "InvalidNetworkInterfaceID.NotFound";
    static final String NOT_FOUND_INSTANCE = "InvalidInstanceID.NotFound";
    static final String ADDRESS_LIMIT = "AddressLimitExceeded";
    static final String PRIVATE_IP_LIMIT = "PrivateIpAddressLimitExceeded";
    static final String IP_IN_USE = "InvalidIPAddress.InUse";
    static final String INVALID_VALUE = "InvalidParameterValue";
    static final String ALREADY_ASSOCIATED = "Resource.AlreadyAssociated";
    static final String SUBNET_FULL = "InsufficientFreeAddressesInSubnet";
    private static final Set<String> THROTTLING = Set.of("RequestLimitExceeded", "EC2ThrottledException", "Throttling",
            "ThrottlingException", "RequestThrottled", "RequestThrottledException");
    private static final Set<String> TRANSIENT = Set.of("InternalError", "InternalFailure", "ServiceUnavailable",
            "Unavailable", "IncorrectState", "ConcurrentTagAccess");

    private Ec2Errors() {
    }

    /** {@code Code: message}, or what is known when EC2 answered without an error document (a proxy, a 500). */
    static String details(int status, String code, String message) {
        if (code == null && (message == null || message.isBlank())) {
            return "HTTP " + status + " without an error document";
        }
        return (code == null ? "HTTP " + status : code) + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /**
     * @param where      "aws account 'aws-prod' (eu-west-1)"
     * @param iamAction  e.g. {@code ec2:AllocateAddress}
     * @param what       what was attempted, e.g. "allocate an Elastic IP"
     */
    static ProviderException translate(String where, String iamAction, String what, SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            String code = ase.awsErrorDetails().errorCode();
            String vendorMessage = ase.awsErrorDetails().errorMessage();
            int status = ase.statusCode();
            String base = where + ": cannot " + what + " (" + details(status, code, vendorMessage) + ")";
            if (code == null) {
                boolean retry = status >= 500 || status == 429;
                return new ProviderException(base + (retry ? ": EC2 failed; the next round retries" : ""), null,
                        retry, e);
            }
            if (THROTTLING.contains(code)) {
                return new ProviderException(base + ": EC2 throttled the request after the SDK's retries; the next "
                        + "round retries it (lower the reconcile frequency if this repeats)", code, true, e);
            }
            switch (code) {
                case "UnauthorizedOperation":
                    return new ProviderException(base + ": the IAM identity is not allowed " + iamAction
                            + "; add it to the policy (see examples/aws/iam-policy.json)", code, false, e);
                case "AuthFailure":
                case "InvalidClientTokenId":
                case "SignatureDoesNotMatch":
                    return new ProviderException(base + ": AWS rejected the credentials; check the profile, role or "
                            + "keys of this cloud entry", code, false, e);
                case ADDRESS_LIMIT:
                    return new ProviderException(where + ": cannot " + what + ": the region's Elastic IP quota is "
                            + "reached (AddressLimitExceeded; the default quota is 5 per region): request an increase "
                            + "of 'EC2-VPC Elastic IPs' in Service Quotas or release unused EIPs", code, false, e);
                case IP_IN_USE:
                    return new ProviderException(base + ": the address is in use by another interface or "
                            + "association; choose another IP or free it first", code, false, e);
                case NOT_FOUND_INSTANCE:
                    return new ProviderException(base + ": the instance does not exist in this account and region "
                            + "(terminated, or the node belongs to another cloud entry)", code, false, e);
                case NOT_FOUND_INTERFACE:
                    return new ProviderException(base + ": the network interface does not exist (detached or "
                            + "deleted); the next round observes the node again", code, false, e);
                case SUBNET_FULL:
                    return new ProviderException(base + ": the interface's subnet has no free addresses; free some "
                            + "or use an interface in a larger subnet", code, false, e);
                default:
                    break;
            }
            boolean transientFailure = status >= 500 || TRANSIENT.contains(code);
            return new ProviderException(base + (transientFailure ? ": EC2 failed; the next round retries" : ""),
                    code, transientFailure, e);
        }
        if (e instanceof SdkClientException) {
            return new ProviderException(where + ": cannot " + what + ": " + e.getMessage()
                    + " (check the network path to the EC2 endpoint and the credentials source)", null, true, e);
        }
        return new ProviderException(where + ": cannot " + what + ": " + e.getMessage(), null, false, e);
    }
}
