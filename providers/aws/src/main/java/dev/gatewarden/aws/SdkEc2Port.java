package dev.gatewarden.aws;

import dev.gatewarden.GatewardenException.ProviderException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.AllocateAddressResponse;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** {@link Ec2Port} on the AWS SDK v2 {@link Ec2Client}. */
final class SdkEc2Port implements Ec2Port {
    /** EC2 accepts at most 200 values per filter. */
    private static final int FILTER_VALUES = 200;
    private final Ec2Client ec2;
    private final AutoCloseable resources;
    private final String where;
    private final int pageSize;

    SdkEc2Port(Ec2Clients.Clients clients, String where, int pageSize) {
        this.ec2 = clients.ec2();
        this.resources = clients;
        this.where = where;
        this.pageSize = pageSize;
    }

    private <T> T call(String iamAction, String what, Supplier<T> action) {
        try {
            return action.get();
        } catch (SdkException e) {
            throw Ec2Errors.translate(where, iamAction, what, e);
        }
    }

    private static Filter filter(String name, Collection<String> values) {
        return Filter.builder().name(name).values(values).build();
    }

    @Override
    public List<Address> addressesWithTagKey(String tagKey) {
        return call("ec2:DescribeAddresses", "list the Elastic IPs tagged " + tagKey,
                () -> ec2.describeAddresses(r -> r.filters(filter("tag-key", List.of(tagKey)))).addresses());
    }

    @Override
    public Optional<Address> address(String allocationId) {
        try {
            return call("ec2:DescribeAddresses", "describe Elastic IP " + allocationId,
                    () -> ec2.describeAddresses(r -> r.allocationIds(allocationId)).addresses().stream().findFirst());
        } catch (ProviderException e) {
            if (Ec2Errors.NOT_FOUND_ALLOCATION.equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Address> addressByPublicIp(String publicIp) {
        try {
            return call("ec2:DescribeAddresses", "describe Elastic IP " + publicIp,
                    () -> ec2.describeAddresses(r -> r.publicIps(publicIp)).addresses().stream().findFirst());
        } catch (ProviderException e) {
            if (Ec2Errors.NOT_FOUND_ADDRESS.equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<Address> addressesWithTags(Map<String, String> tags) {
        List<Filter> filters = new ArrayList<>();
        tags.forEach((k, v) -> filters.add(filter("tag:" + k, List.of(v))));
        return call("ec2:DescribeAddresses", "list the Elastic IPs tagged " + tags,
                () -> ec2.describeAddresses(r -> r.filters(filters)).addresses());
    }

    @Override
    public List<NetworkInterface> interfacesOfInstances(Collection<String> instanceIds) {
        List<NetworkInterface> out = new ArrayList<>();
        List<String> ids = new ArrayList<>(instanceIds);
        for (int i = 0; i < ids.size(); i += FILTER_VALUES) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + FILTER_VALUES));
            out.addAll(interfaces(filter("attachment.instance-id", chunk), "the interfaces of " + chunk));
        }
        return out;
    }

    @Override
    public List<NetworkInterface> interfacesWithTagKey(String tagKeyPattern) {
        return interfaces(filter("tag-key", List.of(tagKeyPattern)), "the interfaces tagged " + tagKeyPattern);
    }

    @Override
    public List<NetworkInterface> interfacesHolding(String privateIp, String vpcId) {
        return interfaces(List.of(filter("addresses.private-ip-address", List.of(privateIp)),
                filter("vpc-id", List.of(vpcId))), "the interface holding " + privateIp + " in " + vpcId);
    }

    private List<NetworkInterface> interfaces(Filter filter, String what) {
        return interfaces(List.of(filter), what);
    }

    private List<NetworkInterface> interfaces(List<Filter> filter, String what) {
        List<NetworkInterface> out = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            DescribeNetworkInterfacesResponse page = call("ec2:DescribeNetworkInterfaces", "list " + what,
                    () -> ec2.describeNetworkInterfaces(r -> r.filters(filter).maxResults(pageSize).nextToken(t)));
            out.addAll(page.networkInterfaces());
            token = page.nextToken();
        } while (token != null && !token.isEmpty());
        return out;
    }

    @Override
    public Map<String, String> instanceTypes(Collection<String> instanceIds) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>(instanceIds);
        for (int i = 0; i < ids.size(); i += FILTER_VALUES) {
            Filter f = filter("instance-id", ids.subList(i, Math.min(ids.size(), i + FILTER_VALUES)));
            String token = null;
            do {
                String t = token;
                DescribeInstancesResponse page = call("ec2:DescribeInstances", "describe instances " + f.values(),
                        () -> ec2.describeInstances(r -> r.filters(f).maxResults(pageSize).nextToken(t)));
                page.reservations().forEach(res -> res.instances()
                        .forEach(inst -> out.put(inst.instanceId(), inst.instanceTypeAsString())));
                token = page.nextToken();
            } while (token != null && !token.isEmpty());
        }
        return out;
    }

    @Override
    public Allocated allocateAddress(String publicIpv4Pool, Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
        RetryCount retries = new RetryCount();
        AllocateAddressResponse r = call("ec2:AllocateAddress", "allocate an Elastic IP",
                () -> ec2.allocateAddress(b -> b.domain(DomainType.VPC).publicIpv4Pool(publicIpv4Pool)
                        .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.ELASTIC_IP)
                                .tags(list).build())
                        .overrideConfiguration(o -> o.addMetricPublisher(retries))));
        return new Allocated(r.allocationId(), r.publicIp(), retries.retried());
    }

    @Override
    public String associateAddress(String allocationId, String interfaceId, String privateIp) {
        return call("ec2:AssociateAddress", "associate Elastic IP " + allocationId + " with " + privateIp + " on "
                        + interfaceId,
                () -> ec2.associateAddress(b -> b.allocationId(allocationId).networkInterfaceId(interfaceId)
                        .privateIpAddress(privateIp).allowReassociation(true)).associationId());
    }

    @Override
    public void disassociateAddress(String associationId) {
        call("ec2:DisassociateAddress", "disassociate " + associationId,
                () -> ec2.disassociateAddress(b -> b.associationId(associationId)));
    }

    @Override
    public void releaseAddress(String allocationId) {
        call("ec2:ReleaseAddress", "release Elastic IP " + allocationId,
                () -> ec2.releaseAddress(b -> b.allocationId(allocationId)));
    }

    @Override
    public Assigned assignPrivateIp(String interfaceId, String ip, boolean allowReassignment) {
        RetryCount retries = new RetryCount();
        List<String> listed = call("ec2:AssignPrivateIpAddresses",
                "assign private IP " + (ip == null ? "(EC2 chooses)" : ip) + " to " + interfaceId,
                () -> ec2.assignPrivateIpAddresses(b -> {
                    b.networkInterfaceId(interfaceId).overrideConfiguration(o -> o.addMetricPublisher(retries));
                    if (ip == null) {
                        b.secondaryPrivateIpAddressCount(1);
                    } else {
                        b.privateIpAddresses(ip).allowReassignment(allowReassignment);
                    }
                }).assignedPrivateIpAddresses().stream().map(a -> a.privateIpAddress()).toList());
        return new Assigned(listed, retries.retried());
    }

    @Override
    public void unassignPrivateIp(String interfaceId, String ip) {
        call("ec2:UnassignPrivateIpAddresses", "unassign private IP " + ip + " from " + interfaceId,
                () -> ec2.unassignPrivateIpAddresses(b -> b.networkInterfaceId(interfaceId).privateIpAddresses(ip)));
    }

    @Override
    public void createTags(String resourceId, Map<String, String> tags) {
        List<Tag> list = new ArrayList<>();
        tags.forEach((k, v) -> list.add(Tag.builder().key(k).value(v).build()));
        call("ec2:CreateTags", "tag " + resourceId, () -> ec2.createTags(b -> b.resources(resourceId).tags(list)));
    }

    @Override
    public void deleteTags(String resourceId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<Tag> list = keys.stream().map(k -> Tag.builder().key(k).build()).toList();
        call("ec2:DeleteTags", "untag " + resourceId, () -> ec2.deleteTags(b -> b.resources(resourceId).tags(list)));
    }

    /** Counts the SDK's retries of one request (its RetryCount metric), published when the call ends. */
    private static final class RetryCount implements MetricPublisher {
        private final AtomicInteger retries = new AtomicInteger();

        @Override
        public void publish(MetricCollection metrics) {
            metrics.metricValues(CoreMetric.RETRY_COUNT).forEach(retries::addAndGet);
        }

        boolean retried() {
            return retries.get() > 0;
        }

        @Override
        public void close() {
        }
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the EC2 client failed", e);
        }
    }
}
