package dev.gatewarden.aws;

import static dev.gatewarden.aws.Ec2Interfaces.deviceIndex;
import static dev.gatewarden.aws.Ec2Interfaces.present;
import static dev.gatewarden.aws.Ec2Interfaces.privateIps;
import static dev.gatewarden.aws.Ec2Tags.tags;

import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.Ownership;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.spi.PublicAddresses;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;

/**
 * Allocates, associates, disassociates and releases Elastic IPs. An Elastic IP is ours by its ownership tags
 * ({@link Ec2Tags#ownership}); one tagged {@code lifecycle=external} is never released, and one without an owner
 * but external may be associated (reserved elsewhere for us).
 */
final class ElasticIpChanges implements PublicAddresses.OneByOne {
    private static final Logger LOG = LoggerFactory.getLogger(AwsCloudProvider.class);
    private final String name;
    private final String owner;
    private final Ec2Port ec2;
    private final String where;
    private final String publicIpv4Pool;
    private final boolean allowPrimaryIp;
    /** Waits between lookups of an address EC2 does not show yet (eventual consistency): ~6 s in all. */
    long[] settleWaitsMillis = {250, 500, 1000, 1500, 2500};
    java.util.function.LongConsumer sleeper = ElasticIpChanges::sleep;

    ElasticIpChanges(String name, String owner, Ec2Port ec2, String where, String publicIpv4Pool,
                     boolean allowPrimaryIp) {
        this.name = name;
        this.owner = owner;
        this.ec2 = ec2;
        this.where = where;
        this.publicIpv4Pool = publicIpv4Pool;
        this.allowPrimaryIp = allowPrimaryIp;
    }

    @Override
    public CloudAddress allocate(CloudChange.AllocatePublic change) {
        Ec2Port.Allocated a = ec2.allocateAddress(publicIpv4Pool, Ownership.marks(owner, change.slot()));
        LOG.info("{}: allocated Elastic IP {} ({}) for {}", name, a.publicIp(), a.allocationId(), change.slot());
        if (a.retried()) {
            releaseSurplus(change.slot(), a.allocationId());
        }
        return new CloudAddress(name, change.slot(), AddressKind.PUBLIC, a.publicIp(), a.allocationId(), null, null,
                null, owner, false);
    }

    /**
     * After a retried AllocateAddress: an earlier attempt whose answer was lost may have allocated an address of the
     * slot as well. Releases every other unassociated address tagged as this slot of this owner (never an external
     * one), so no second Elastic IP is left. One that EC2 does not show yet is found by the next observe.
     */
    private void releaseSurplus(SlotId slot, String kept) {
        for (Address extra : ec2.addressesWithTags(Ownership.marks(owner, slot))) {
            Map<String, String> tags = tags(extra.tags());
            if (extra.allocationId().equals(kept) || Ownership.isExternal(tags) || present(extra.associationId()) != null
                    || !owner.equals(tags.get(Ownership.OWNER))) {
                continue;
            }
            try {
                ec2.releaseAddress(extra.allocationId());
                LOG.warn("{}: released surplus Elastic IP {} ({}) of {}: AllocateAddress was retried after an "
                        + "answer was lost", name, extra.publicIp(), extra.allocationId(), slot);
            } catch (ProviderException e) {
                LOG.warn("{}: could not release surplus Elastic IP {} of {} ({}); the next round reports it", name,
                        extra.publicIp(), slot, e.getMessage());
            }
        }
    }

    @Override
    public CloudAddress associate(CloudChange.AttachPublic change) {
        // core hands over resolved changes only (AddressRef.Known): the IPs and the allocation id are never null here
        Address eip = findPublicSettled(change.ref(), change.publicIp()).orElseThrow(() -> new ProviderException(
                where + ": the Elastic IP of " + change.slot() + " (" + describe(change.publicIp(), change.ref())
                        + ") does not exist; the next round allocates a new one", Ec2Errors.NOT_FOUND_ALLOCATION, false));
        requireAttachable(eip);
        NodeRef node = change.node();
        List<NetworkInterface> enis = ec2.interfacesOfInstances(List.of(node.instance()));
        if (enis.isEmpty()) {
            throw new ProviderException(where + ": instance " + node.instance() + " has no network interfaces in this "
                    + "region (terminated or in another account?)", Ec2Errors.NOT_FOUND_INSTANCE, false);
        }
        String ip = change.privateIp();
        NetworkInterface eni = enis.stream().filter(e -> (change.interfaceId() == null
                        || change.interfaceId().equals(e.networkInterfaceId())) && privateIps(e).contains(ip)).findFirst()
                .orElseThrow(() -> new ProviderException(where + ": private IP " + ip + " of " + change.slot()
                        + " is not on " + (change.interfaceId() == null ? "" : change.interfaceId() + " of ")
                        + node.instance() + "; assign it before associating Elastic IP "
                        + eip.publicIp(), null, false));
        if (!allowPrimaryIp && ip.equals(eni.privateIpAddress())) {
            throw new ProviderException(where + ": refusing to associate Elastic IP " + eip.publicIp() + " with "
                    + ip + ", the primary private IP of " + node.instance() + "'s interface " + eni.networkInterfaceId()
                    + " (device " + deviceIndex(eni) + "): the node's own traffic would leave through it and replace "
                    + "its public IP. Use a secondary IP for the slot, or set allowPrimaryIp: true on this cloud entry "
                    + "(and on the gateway) if that is intended", "PrimaryIpRefused", false);
        }
        if (eni.networkInterfaceId().equals(present(eip.networkInterfaceId())) && ip.equals(present(eip.privateIpAddress()))) {
            return publicAddress(eip, change.slot(), node, eni.networkInterfaceId(), ip);
        }
        ec2.associateAddress(eip.allocationId(), eni.networkInterfaceId(), ip);
        LOG.info("{}: associated Elastic IP {} of {} with {} on {} ({})", name, eip.publicIp(), change.slot(), ip,
                eni.networkInterfaceId(), node.instance());
        return publicAddress(eip, change.slot(), node, eni.networkInterfaceId(), ip);
    }

    private CloudAddress publicAddress(Address eip, SlotId slot, NodeRef node, String eniId, String privateIp) {
        Map<String, String> tags = tags(eip.tags());
        return new CloudAddress(name, slot, AddressKind.PUBLIC, eip.publicIp(), eip.allocationId(), node, eniId,
                privateIp, tags.get(Ownership.OWNER), Ownership.isExternal(tags));
    }

    @Override
    public void disassociate(CloudChange.DetachPublic change) {
        Optional<Address> found = findPublic(change.ref(), change.publicIp());
        if (found.isEmpty()) {
            LOG.info("{}: Elastic IP {} is gone; nothing to disassociate", name, change.publicIp());
            return;
        }
        Address eip = found.get();
        requireAttachable(eip);
        if (present(eip.associationId()) == null) {
            return;
        }
        try {
            ec2.disassociateAddress(eip.associationId());
            LOG.info("{}: disassociated Elastic IP {} from {}", name, eip.publicIp(), eip.instanceId());
        } catch (ProviderException e) {
            if (!Ec2Errors.NOT_FOUND_ASSOCIATION.equals(e.code())) {
                throw e;
            }
        }
    }

    @Override
    public void release(CloudChange.ReleasePublic change) {
        Optional<Address> found = findPublic(change.ref(), change.publicIp());
        if (found.isEmpty()) {
            LOG.info("{}: Elastic IP {} is already released", name, change.publicIp());
            return;
        }
        Address eip = found.get();
        Map<String, String> tags = tags(eip.tags());
        if (!owner.equals(tags.get(Ownership.OWNER))) {
            throw notOurs(eip, tags);
        }
        if (Ownership.isExternal(tags)) {
            throw new OwnershipConflictException(where + ": Elastic IP " + eip.publicIp() + " (" + eip.allocationId()
                    + ") is tagged " + Ownership.LIFECYCLE + "=" + Ownership.LIFECYCLE_EXTERNAL
                    + ": its lifecycle is managed elsewhere (Terraform); Gatewarden never releases it");
        }
        try {
            ec2.releaseAddress(eip.allocationId());
            LOG.info("{}: released Elastic IP {} ({})", name, eip.publicIp(), eip.allocationId());
        } catch (ProviderException e) {
            if (Ec2Errors.NOT_FOUND_ALLOCATION.equals(e.code())) {
                return;
            }
            if (Ec2Errors.IP_IN_USE.equals(e.code())) {
                throw new ProviderException(where + ": Elastic IP " + eip.publicIp() + " is still associated with "
                        + present(eip.instanceId()) + "; it is disassociated before release in the detach phase, so the next "
                        + "round completes this", e.code(), true, e);
            }
            throw e;
        }
    }

    /**
     * {@link #findPublic}, asked again while EC2 answers NotFound: an address allocated moments ago (this round's
     * phase 1) may not be visible to DescribeAddresses yet (EC2 is eventually consistent), and "gone" would make the
     * next round allocate a second one.
     */
    private Optional<Address> findPublicSettled(String ref, String publicIp) {
        Optional<Address> found = findPublic(ref, publicIp);
        for (long wait : settleWaitsMillis) {
            if (found.isPresent() || ref == null) {
                break;
            }
            LOG.debug("{}: Elastic IP {} not visible yet; asking again in {} ms", name, ref, wait);
            sleeper.accept(wait);
            found = findPublic(ref, publicIp);
        }
        return found;
    }

    /** The Elastic IP by allocation id, else by public IP (an address known to the plan without its id). */
    private Optional<Address> findPublic(String ref, String publicIp) {
        return ref != null ? ec2.address(ref) : ec2.addressByPublicIp(publicIp);
    }

    /** Ours, or reserved elsewhere for us (lifecycle external without another owner). */
    private void requireAttachable(Address eip) {
        Map<String, String> tags = tags(eip.tags());
        String tagOwner = tags.get(Ownership.OWNER);
        if (owner.equals(tagOwner) || (tagOwner == null && Ownership.isExternal(tags))) {
            return;
        }
        throw notOurs(eip, tags);
    }

    private OwnershipConflictException notOurs(Address eip, Map<String, String> tags) {
        String tagOwner = tags.get(Ownership.OWNER);
        return new OwnershipConflictException(where + ": Elastic IP " + eip.publicIp() + " (" + eip.allocationId() + ") "
                + (tagOwner == null ? "carries no " + Ownership.OWNER + " tag" : "belongs to owner '" + tagOwner + "'")
                + ", not '" + owner + "'; Gatewarden leaves it alone (adopt it explicitly if it should be managed)");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for EC2", null, true, e);
        }
    }

    private static String describe(String publicIp, String ref) {
        return (publicIp == null ? "" : publicIp + " ") + (ref == null ? "" : ref);
    }
}
