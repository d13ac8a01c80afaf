package dev.gatewarden.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.contract.CloudCalls;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.spi.PluginContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.NetworkInterfaceAttachment;
import software.amazon.awssdk.services.ec2.model.NetworkInterfacePrivateIpAddress;
import software.amazon.awssdk.services.ec2.model.Tag;

/** Crash-safety ordering and stale records, with a fake {@link Ec2Port} that logs the calls made. */
class AwsCloudProviderUnitTest {
    /** The provider's roles, one change per batch. */
    private static CloudCalls on(CloudProvider p) {
        return CloudCalls.unobserved(p, "aws-tests");
    }

    private static final NodeRef NODE = NodeRef.parse("aws:///eu-west-1a/i-00000000000000001");
    private static final SlotId SLOT = new SlotId("payments", 0);

    /** A fake that knows one interface and records the calls in order. */
    static final class FakePort implements Ec2Port {
        final List<String> log = new ArrayList<>();
        NetworkInterface eni;
        ProviderException assignFailure;

        FakePort(NetworkInterface eni) {
            this.eni = eni;
        }

        @Override
        public List<Address> addressesWithTagKey(String tagKey) {
            log.add("DescribeAddresses");
            return List.of();
        }

        @Override
        public Optional<Address> address(String allocationId) {
            return Optional.empty();
        }

        @Override
        public Optional<Address> addressByPublicIp(String publicIp) {
            return Optional.empty();
        }

        @Override
        public List<Address> addressesWithTags(Map<String, String> tags) {
            return List.of();
        }

        @Override
        public List<NetworkInterface> interfacesOfInstances(Collection<String> instanceIds) {
            log.add("DescribeNetworkInterfaces");
            return List.of(eni);
        }

        @Override
        public List<NetworkInterface> interfacesWithTagKey(String tagKeyPattern) {
            log.add("DescribeNetworkInterfaces(tag-key)");
            return List.of(eni);
        }

        @Override
        public List<NetworkInterface> interfacesHolding(String privateIp, String vpcId) {
            return List.of();
        }

        @Override
        public Map<String, String> instanceTypes(Collection<String> instanceIds) {
            log.add("DescribeInstances");
            return Map.of("i-00000000000000001", "m5.large");
        }

        @Override
        public Allocated allocateAddress(String publicIpv4Pool, Map<String, String> tags) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String associateAddress(String allocationId, String interfaceId, String privateIp) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void disassociateAddress(String associationId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void releaseAddress(String allocationId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Assigned assignPrivateIp(String interfaceId, String ip, boolean allowReassignment) {
            log.add("Assign " + ip);
            if (assignFailure != null) {
                throw assignFailure;
            }
            return new Assigned(List.of(ip == null ? "10.0.1.77" : ip), false);
        }

        @Override
        public void unassignPrivateIp(String interfaceId, String ip) {
            log.add("Unassign " + ip);
        }

        @Override
        public void createTags(String resourceId, Map<String, String> tags) {
            log.add("CreateTags " + tags.keySet());
        }

        @Override
        public void deleteTags(String resourceId, Collection<String> keys) {
            log.add("DeleteTags " + keys);
        }

        @Override
        public void close() {
        }
    }

    private static NetworkInterface eni(List<String> ips, Map<String, String> tags) {
        List<NetworkInterfacePrivateIpAddress> list = new ArrayList<>();
        for (String ip : ips) {
            list.add(NetworkInterfacePrivateIpAddress.builder().privateIpAddress(ip).primary(list.isEmpty()).build());
        }
        List<Tag> tagList = new ArrayList<>();
        tags.forEach((k, v) -> tagList.add(Tag.builder().key(k).value(v).build()));
        return NetworkInterface.builder().networkInterfaceId("eni-1").subnetId("subnet-a").availabilityZone("eu-west-1a")
                .privateIpAddress(ips.get(0)).privateIpAddresses(list).tagSet(tagList)
                .attachment(NetworkInterfaceAttachment.builder().instanceId("i-00000000000000001").deviceIndex(0).build())
                .build();
    }

    private static AwsCloudProvider provider(FakePort port) {
        return new AwsCloudProvider("aws-test", new PluginContext("prod", null, null), port, "aws-test", null, false);
    }

    @Test
    void anExactIpIsRecordedBeforeItIsAssigned() {
        FakePort port = new FakePort(eni(List.of("10.0.1.10"), Map.of()));

        on(provider(port)).assign(new CloudChange.AssignPrivate("aws-test", SLOT, NODE, InterfaceSelector.PRIMARY,
                "10.0.1.50"));

        assertEquals(List.of("DescribeNetworkInterfaces", "CreateTags [gatewarden-ip-10-0-1-50]", "Assign 10.0.1.50"),
                port.log);
    }

    @Test
    void aRefusedAssignmentRemovesTheRecordAgain() {
        FakePort port = new FakePort(eni(List.of("10.0.1.10"), Map.of()));
        port.assignFailure = new ProviderException("in use", Ec2Errors.IP_IN_USE, false);

        assertThrows(ProviderException.class, () -> on(provider(port)).assign(new CloudChange.AssignPrivate("aws-test",
                SLOT, NODE, InterfaceSelector.PRIMARY, "10.0.1.50")));

        assertEquals("DeleteTags [gatewarden-ip-10-0-1-50]", port.log.get(port.log.size() - 1));
    }

    @Test
    void anEc2ChosenIpIsRecordedRightAfterTheAssignment() {
        FakePort port = new FakePort(eni(List.of("10.0.1.10"), Map.of()));

        var made = on(provider(port)).assign(new CloudChange.AssignPrivate("aws-test", SLOT, NODE, null, null));

        assertEquals("10.0.1.77", made.ip());
        assertEquals(List.of("DescribeNetworkInterfaces", "Assign null", "CreateTags [gatewarden-ip-10-0-1-77]"),
                port.log);
    }

    @Test
    void staleRecordsAndForeignTagsAreIgnoredByObserve() {
        FakePort port = new FakePort(eni(List.of("10.0.1.10", "10.0.1.50", "10.0.1.51"), Map.of(
                "gatewarden-ip-10-0-1-50", "prod/payments/0",      // valid
                "gatewarden-ip-10-0-1-60", "prod/payments/1",      // stale: the IP is not on the interface
                "gatewarden-ip-10-0-1-51", "garbage",              // not a record
                "gatewarden-ip-10-0-1-10", "prod/payments/2")));   // the primary IP can never be a slot's

        ObservedCloud seen = provider(port).observe(new CloudScope("prod", List.of(NODE), List.of()));

        assertEquals(1, seen.addresses().size(), seen.addresses().toString());
        var a = seen.addresses().get(0);
        assertEquals(AddressKind.PRIVATE, a.kind());
        assertEquals("10.0.1.50", a.ip());
        assertEquals(SLOT, a.slot());
        assertEquals("prod", a.owner());
        assertEquals(10, seen.interfaces().get(0).maxPrivateIps());
        assertTrue(port.log.contains("DescribeInstances"));
    }

    @Test
    void aRecordOnADetachedInterfaceIsReportedWithoutANode() {
        NetworkInterface detached = eni(List.of("10.0.1.10", "10.0.1.50"), Map.of("gatewarden-ip-10-0-1-50",
                "prod/payments/0")).toBuilder().attachment((NetworkInterfaceAttachment) null).build();
        FakePort port = new FakePort(detached);

        ObservedCloud seen = provider(port).observe(new CloudScope("prod", List.of(NODE), List.of()));

        assertEquals(1, seen.addresses().size());
        assertEquals(null, seen.addresses().get(0).node());
        assertEquals("eni-1", seen.addresses().get(0).interfaceId());
        assertTrue(seen.interfaces().isEmpty(), "a detached interface is no node's interface");
    }
}
