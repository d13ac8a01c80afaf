package dev.gatewarden.azure;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.OwnershipConflictException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Azure operations behind a gateway's slots, on top of {@link ArmPort}: resolving nodes to NICs, secondary
 * ipConfigurations (exact or provider-chosen Static private IPs), Standard public IPs tagged at creation and
 * associated with the slot's ipConfiguration, dissociate-before-delete, and the NAT-gateway egress check. The
 * provider (issue 11's SPI) will call these; they are idempotent, so a rerun after a crash converges.
 */
final class AzureSlots {
    private final ArmPort arm;
    private final String owner;
    private final int ipConfigurationsPerNic;

    AzureSlots(ArmPort arm, String owner) {
        this(arm, owner, 256);
    }

    AzureSlots(ArmPort arm, String owner, int ipConfigurationsPerNic) {
        this.arm = arm;
        this.owner = owner;
        this.ipConfigurationsPerNic = ipConfigurationsPerNic;
    }

    /** The NIC of a node: its primary, or the one named {@code nicName} (case-insensitive). */
    String nicOf(String providerId, String nicName) {
        AzureIds.VmRef vm = AzureIds.vm(providerId);
        List<String> ids = arm.vmNicIds(vm.id());
        if (ids.isEmpty()) {
            throw new ConfigException("node " + providerId + " has no network interface");
        }
        if (nicName == null) {
            return ids.get(0);
        }
        return ids.stream().filter(id -> AzureIds.name(id).equalsIgnoreCase(nicName)).findFirst()
                .orElseThrow(() -> new ConfigException("node " + providerId + " has no network interface named " + nicName
                        + "; it has " + ids.stream().map(AzureIds::name).toList()));
    }

    /**
     * Refuses public slots on a NIC whose subnet has a NAT gateway: the NAT gateway takes precedence for
     * outbound traffic, so the slot's public IP would not be the egress address firewalls see.
     */
    void requirePublicEgress(ArmPort.Nic nic, String gateway) {
        String subnetId = nic.primaryConfig().subnetId();
        ArmPort.SubnetInfo subnet = arm.subnet(subnetId);
        if (subnet.natGatewayId().isPresent()) {
            throw new ConfigException("gateway " + gateway + ": network interface " + AzureIds.name(nic.id())
                    + " is in subnet " + AzureIds.name(subnetId) + ", which has NAT gateway "
                    + AzureIds.name(subnet.natGatewayId().get()) + " (" + subnet.natGatewayId().get() + "): outbound"
                    + " traffic leaves through the NAT gateway, not through a public IP on the ipConfiguration, so"
                    + " public slots would publish addresses that carry no traffic. Use private-only slots, move the"
                    + " gateway nodes to a subnet without a NAT gateway, or publish the NAT gateway's addresses.");
        }
    }

    /** Whether {@code extra} more ipConfigurations fit on the NIC (Azure: 256 per NIC). */
    boolean fits(ArmPort.Nic nic, int extra) {
        return nic.ipConfigurations().size() + extra <= ipConfigurationsPerNic;
    }

    /**
     * Gives the slot a secondary Static ipConfiguration on the NIC: {@code exactIp}, or (null) one ARM picks
     * free in the subnet (a Dynamic PUT, then the same address made Static so it never changes). Idempotent:
     * an existing configuration of the slot is kept. Returns the private IP.
     */
    String attachPrivate(String nicId, AzureTags.SlotKey slot, String exactIp, String publicIpId) {
        String name = slot.name();
        ArmPort.Nic nic = arm.updateNic(nicId, configs -> {
            Optional<ArmPort.IpConfig> existing = find(configs, name);
            if (existing.isPresent()) {
                return configs;
            }
            if (configs.size() + 1 > ipConfigurationsPerNic) {
                throw new ConfigException("network interface " + nicId + " already has " + configs.size()
                        + " ipConfigurations; Azure allows " + ipConfigurationsPerNic + " per network interface");
            }
            List<ArmPort.IpConfig> next = new ArrayList<>(configs);
            String subnet = primary(configs).subnetId();
            next.add(new ArmPort.IpConfig(name, false, exactIp,
                    exactIp == null ? ArmPort.Allocation.DYNAMIC : ArmPort.Allocation.STATIC, subnet, publicIpId));
            return next;
        });
        ArmPort.IpConfig config = nic.config(name).orElseThrow();
        if (config.allocation() == ArmPort.Allocation.DYNAMIC) {
            String chosen = config.privateIp();
            nic = arm.updateNic(nicId, configs -> replace(configs, name, c -> c.withStatic(chosen)));
            config = nic.config(name).orElseThrow();
        }
        if (exactIp != null && !exactIp.equals(config.privateIp())) {
            throw new OwnershipConflictException("network interface " + nicId + " already has ipConfiguration " + name
                    + " with " + config.privateIp() + ", not the configured " + exactIp + "; remove it or fix the slot IP");
        }
        return config.privateIp();
    }

    /** Associates (or, with null, dissociates) a public IP with the slot's ipConfiguration. */
    void associate(String nicId, AzureTags.SlotKey slot, String publicIpId) {
        arm.updateNic(nicId, configs -> replace(configs, slot.name(), c -> c.withPublicIp(publicIpId)));
    }

    /** Removes the slot's ipConfiguration (dissociating its public IP with it); nothing when it is not there. */
    void detachPrivate(String nicId, AzureTags.SlotKey slot) {
        arm.updateNic(nicId, configs -> {
            List<ArmPort.IpConfig> next = new ArrayList<>(configs);
            next.removeIf(c -> c.name().equalsIgnoreCase(slot.name()) && !c.primary());
            return next.size() == configs.size() ? configs : next;
        });
    }

    /**
     * Moves a slot's address from one NIC to another: removed from the old NIC first (Azure has no atomic move;
     * between the two PUTs the address answers nowhere), then added to the new one with the same private IP and
     * public IP, which follows.
     */
    String move(String fromNicId, String toNicId, AzureTags.SlotKey slot) {
        ArmPort.Nic from = arm.nic(fromNicId).orElseThrow(() -> new ConfigException("no network interface " + fromNicId));
        ArmPort.IpConfig config = from.config(slot.name()).orElseThrow(() -> new ConfigException("network interface "
                + fromNicId + " has no ipConfiguration " + slot.name()));
        detachPrivate(fromNicId, slot);
        return attachPrivate(toNicId, slot, config.privateIp(), config.publicIpId());
    }

    /** The slot's public IP: found by name (a rerun after a crash), else created with its tags in the same PUT. */
    ArmPort.PublicIp allocatePublic(String resourceGroup, AzureTags.SlotKey slot, List<String> zones) {
        Optional<ArmPort.PublicIp> existing = arm.publicIp(resourceGroup, slot.name());
        if (existing.isPresent()) {
            if (AzureTags.owned(existing.get().tags(), owner).filter(slot::equals).isEmpty()) {
                throw new OwnershipConflictException("public IP " + existing.get().id() + " has the name of slot "
                        + slot.gateway() + "#" + slot.index() + " but is not marked as " + owner + "'s: it is left"
                        + " alone; rename or adopt it explicitly");
            }
            return existing.get();
        }
        return arm.createPublicIp(resourceGroup, slot.name(), slot.tags(), zones);
    }

    /**
     * Releases the slot's public IP: dissociated first when it is still on one of our ipConfigurations (Azure
     * refuses to delete an associated public IP), then deleted. One on an ipConfiguration that is not ours is
     * refused, never touched.
     */
    void releasePublic(String resourceGroup, AzureTags.SlotKey slot) {
        Optional<ArmPort.PublicIp> pip = arm.publicIp(resourceGroup, slot.name());
        if (pip.isEmpty()) {
            return;
        }
        if (AzureTags.owned(pip.get().tags(), owner).filter(slot::equals).isEmpty()) {
            throw new OwnershipConflictException("public IP " + pip.get().id() + " is not marked as " + owner
                    + "'s; it is not released");
        }
        Optional<String> configId = pip.get().ipConfigurationId();
        if (configId.isPresent()) {
            String config = AzureIds.name(configId.get());
            if (!AzureTags.ownedConfigName(config, owner)) {
                throw new OwnershipConflictException("public IP " + pip.get().id() + " is associated with "
                        + configId.get() + ", which Gatewarden did not create; dissociate it there first");
            }
            String nicId = configId.get().substring(0, configId.get().toLowerCase().indexOf("/ipconfigurations/"));
            arm.updateNic(nicId, configs -> replace(configs, config, c -> c.withPublicIp(null)));
        }
        arm.deletePublicIp(resourceGroup, slot.name());
    }

    /** What one observation sees: owned public IPs by slot (one paged list per resource group). */
    Map<AzureTags.SlotKey, ArmPort.PublicIp> ownedPublicIps(List<String> resourceGroups) {
        Map<AzureTags.SlotKey, ArmPort.PublicIp> found = new LinkedHashMap<>();
        for (String rg : resourceGroups) {
            for (ArmPort.PublicIp pip : arm.publicIpsOfResourceGroup(rg)) {
                AzureTags.owned(pip.tags(), owner).ifPresent(slot -> found.put(slot, pip));
            }
        }
        return found;
    }

    /** The NICs of the given VMs, from one paged NIC list per resource group, matched on {@code virtualMachine.id}. */
    Map<String, List<ArmPort.Nic>> nicsOfVms(List<String> providerIds) {
        Map<String, List<ArmPort.Nic>> byVm = new LinkedHashMap<>();
        Map<String, List<ArmPort.Nic>> byGroup = new LinkedHashMap<>();
        for (String providerId : providerIds) {
            AzureIds.VmRef vm = AzureIds.vm(providerId);
            List<ArmPort.Nic> nics = byGroup.computeIfAbsent(vm.resourceGroup().toLowerCase(),
                    g -> arm.nicsOfResourceGroup(vm.resourceGroup()));
            byVm.put(providerId, nics.stream().filter(n -> AzureIds.same(n.virtualMachineId(), vm.id())).toList());
        }
        return byVm;
    }

    private static Optional<ArmPort.IpConfig> find(List<ArmPort.IpConfig> configs, String name) {
        return configs.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    private static ArmPort.IpConfig primary(List<ArmPort.IpConfig> configs) {
        return configs.stream().filter(ArmPort.IpConfig::primary).findFirst().orElse(configs.get(0));
    }

    private static List<ArmPort.IpConfig> replace(List<ArmPort.IpConfig> configs, String name,
                                                  java.util.function.UnaryOperator<ArmPort.IpConfig> change) {
        List<ArmPort.IpConfig> next = new ArrayList<>();
        for (ArmPort.IpConfig c : configs) {
            next.add(c.name().equalsIgnoreCase(name) ? change.apply(c) : c);
        }
        return next;
    }
}
