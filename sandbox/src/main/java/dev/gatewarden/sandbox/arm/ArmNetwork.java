package dev.gatewarden.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Microsoft.Network resource rules over the state: network interfaces (full-body PUT, exactly one primary
 * ipConfiguration, Static/Dynamic private IPs unique in the virtual network, the per-NIC limit, public IP
 * association) and Standard public IPs (Static only, zones, tags, the subscription quota, no delete while
 * associated). Error codes are the documented ones (API-NOTES B.5, H.4); where ARM's exact code is not documented
 * the code says so.
 */
final class ArmNetwork {
    private final ArmState state;

    ArmNetwork(ArmState state) {
        this.state = state;
    }

    String nextEtag() {
        return "W/\"" + UUID.nameUUIDFromBytes(("etag-" + state.sequence++).getBytes()) + "\"";
    }

    String nextGuid() {
        return UUID.nameUUIDFromBytes(("guid-" + state.sequence++).getBytes()).toString();
    }

    /** Identity (kept from {@code existing} on update: ids keep their first spelling), location and tags. */
    private <T extends ArmState.Tracked> T header(T resource, String id, JsonNode body, T existing) {
        ArmPath path = new ArmPath(id);
        resource.id = existing == null ? id : existing.id;
        resource.name = existing == null ? path.get(path.size() - 1) : existing.name;
        resource.resourceGroup = existing == null ? path.get(3) : existing.resourceGroup;
        resource.resourceGuid = existing == null ? nextGuid() : existing.resourceGuid;
        String location = body.path("location").asText(null);
        if (location == null && existing == null) {
            throw ArmError.badRequest("LocationRequired", "The location property is required for this definition.");
        }
        if (location != null && !location.replace(" ", "").equalsIgnoreCase(state.location)) {
            throw ArmError.badRequest("InvalidResourceLocation", "The resource '" + resource.name + "' already exists in"
                    + " location '" + state.location + "' in resource group '" + resource.resourceGroup + "'. A resource"
                    + " with the same name cannot be created in location '" + location + "'. Please select a new"
                    + " resource name.");
        }
        resource.location = state.location;
        resource.tags = tags(body.path("tags"));
        if (resource.tags.size() > 50) {
            throw ArmError.badRequest("InvalidTag", "The resource " + resource.id + " has " + resource.tags.size()
                    + " tags; at most 50 are allowed.");
        }
        return resource;
    }

    // ---- network interfaces ---------------------------------------------------------------------------

    /**
     * Validates a NIC PUT body against the current state and returns the NIC it describes (not yet stored).
     * {@code existing} is null for a create.
     */
    ArmState.NetworkInterface nicFromBody(String id, JsonNode body, ArmState.NetworkInterface existing) {
        ArmState.NetworkInterface nic = header(new ArmState.NetworkInterface(), id, body, existing);
        JsonNode props = body.path("properties");
        nic.enableIPForwarding = props.path("enableIPForwarding").asBoolean(false);
        nic.enableAcceleratedNetworking = props.path("enableAcceleratedNetworking").asBoolean(false);
        nic.virtualMachineId = existing == null ? null : existing.virtualMachineId; // read-only: set by Compute
        nic.primary = existing == null || existing.primary;
        nic.macAddress = existing == null ? mac() : existing.macAddress;
        JsonNode configs = props.path("ipConfigurations");
        if (!configs.isArray() || configs.isEmpty()) {
            throw ArmError.badRequest("NetworkInterfaceMustHaveAtLeastOneIpConfiguration",
                    "Network interface " + nic.id + " must have at least one IP configuration.");
        }
        if (configs.size() > state.ipConfigurationsPerNic) {
            // ARM's code for this limit is not documented; the limit itself is (256 per NIC).
            throw ArmError.badRequest("NetworkInterfaceIpConfigurationCountLimitReached", "Network interface " + nic.id
                    + " has " + configs.size() + " IP configurations; at most " + state.ipConfigurationsPerNic
                    + " are allowed per network interface.");
        }
        Map<String, ArmState.IpConfiguration> before = new HashMap<>();
        if (existing != null) {
            existing.ipConfigurations.forEach(c -> before.put(c.name.toLowerCase(), c));
        }
        int primaries = 0;
        String vnet = null;
        Map<String, String> names = new HashMap<>();
        for (JsonNode cn : configs) {
            ArmState.IpConfiguration c = new ArmState.IpConfiguration();
            c.name = cn.path("name").asText(null);
            if (c.name == null || c.name.isBlank()) {
                throw ArmError.badRequest("InvalidRequestFormat", "Cannot parse the request: ipConfigurations[] needs a name.");
            }
            if (names.put(c.name.toLowerCase(), c.name) != null) {
                throw ArmError.badRequest("DuplicateResourceName", "Network interface " + nic.id
                        + " has two IP configurations named " + c.name + ".");
            }
            JsonNode cp = cn.path("properties");
            c.primary = cp.path("primary").asBoolean(false);
            primaries += c.primary ? 1 : 0;
            String subnetId = cp.path("subnet").path("id").asText(null);
            ArmState.IpConfiguration old = before.get(c.name.toLowerCase());
            if (subnetId == null && old != null) {
                subnetId = old.subnetId;
            }
            ArmState.Subnet subnet = subnetId == null ? null : state.subnets.get(ArmPath.key(subnetId));
            if (subnet == null) {
                throw ArmError.badRequest("InvalidResourceReference", "Resource " + subnetId + " referenced by resource "
                        + nic.id + " was not found. Please make sure that the referenced resource exists, and that both"
                        + " resources are in the same region.");
            }
            if (vnet != null && !vnet.equals(subnet.vnetId)) {
                throw ArmError.badRequest("IpConfigurationsOnSameNicCannotUseDifferentVnets", "IP configurations of network"
                        + " interface " + nic.id + " reference subnets of different virtual networks.");
            }
            vnet = subnet.vnetId;
            c.subnetId = subnet.id;
            c.privateIPAllocationMethod = cp.path("privateIPAllocationMethod").asText("Dynamic");
            if (c.privateIPAllocationMethod.equalsIgnoreCase("static")) {
                c.privateIPAllocationMethod = "Static";
                c.privateIPAddress = cp.path("privateIPAddress").asText(null);
                if (c.privateIPAddress == null) {
                    throw ArmError.badRequest("PrivateIPAddressRequiredForStaticAllocation", "IP configuration " + nic.id
                            + "/ipConfigurations/" + c.name + " has Static allocation but no privateIPAddress.");
                }
                long ip = Ipv4.parse(c.privateIPAddress);
                if (ip < 0 || !Ipv4.usableIn(subnet.addressPrefix, ip)) {
                    throw ArmError.badRequest("PrivateIPAddressNotInSubnet", "IP configuration " + nic.id
                            + "/ipConfigurations/" + c.name + " is referencing subnet " + subnet.id + ". The private IP"
                            + " address " + c.privateIPAddress + " is not a usable address of the subnet's prefix "
                            + subnet.addressPrefix + ".");
                }
            } else if (c.privateIPAllocationMethod.equalsIgnoreCase("dynamic")) {
                c.privateIPAllocationMethod = "Dynamic";
                // a dynamic address stays with its ipConfiguration while the ipConfiguration stays in its subnet
                c.privateIPAddress = old != null && old.subnetId.equalsIgnoreCase(subnet.id) ? old.privateIPAddress : null;
            } else {
                throw ArmError.badRequest("InvalidRequestFormat", "Cannot parse the request: privateIPAllocationMethod '"
                        + c.privateIPAllocationMethod + "' is not Static or Dynamic.");
            }
            c.publicIpId = publicIpReference(cp.path("publicIPAddress").path("id").asText(null), nic, c.name);
            nic.ipConfigurations.add(c);
        }
        if (nic.ipConfigurations.size() == 1) {
            nic.ipConfigurations.get(0).primary = true;
        } else if (primaries == 0) {
            throw ArmError.badRequest("NetworkInterfaceMustHaveOneOneIPConfigAsPrimary", "Network Interface " + nic.name
                    + " specifies multiple IPConfigurations but none of the IPConfigurations is specified as Primary.");
        } else if (primaries > 1) {
            // not documented; ARM refuses more than one primary ipConfiguration per NIC
            throw ArmError.badRequest("MoreThanOnePrimaryIpConfigurationOnNic", "Network Interface " + nic.name
                    + " specifies " + primaries + " primary IP configurations; exactly one must be primary.");
        }
        assignPrivateIps(nic);
        return nic;
    }

    private String publicIpReference(String pipId, ArmState.NetworkInterface nic, String configName) {
        if (pipId == null) {
            return null;
        }
        ArmState.PublicIp pip = state.publicIps.get(ArmPath.key(pipId));
        String configId = nic.id + "/ipConfigurations/" + configName;
        if (pip == null) {
            throw ArmError.badRequest("InvalidResourceReference", "Resource " + pipId + " referenced by resource "
                    + configId + " was not found. Please make sure that the referenced resource exists, and that both"
                    + " resources are in the same region.");
        }
        if (pip.ipConfigurationId != null && !pip.ipConfigurationId.equalsIgnoreCase(configId)) {
            throw ArmError.badRequest("PublicIPAddressInUse", "Resource " + configId + " is referencing public IP address "
                    + pip.id + " that is already allocated to resource " + pip.ipConfigurationId + ".");
        }
        return pip.id;
    }

    /** Checks Static addresses against the virtual network and gives Dynamic ones the lowest free address. */
    private void assignPrivateIps(ArmState.NetworkInterface nic) {
        Map<String, String> used = new HashMap<>(); // lower-cased vnet id + ip -> ipConfiguration id
        for (ArmState.NetworkInterface other : state.networkInterfaces.values()) {
            if (other.id.equalsIgnoreCase(nic.id)) {
                continue;
            }
            for (ArmState.IpConfiguration c : other.ipConfigurations) {
                used.put(vnetOf(c.subnetId) + "|" + c.privateIPAddress, other.id + "/ipConfigurations/" + c.name);
            }
        }
        Map<String, String> mine = new LinkedHashMap<>();
        for (ArmState.IpConfiguration c : nic.ipConfigurations) {
            if (c.privateIPAddress == null) {
                continue;
            }
            String key = vnetOf(c.subnetId) + "|" + c.privateIPAddress;
            String holder = used.containsKey(key) ? used.get(key) : mine.get(key);
            if (holder != null) {
                throw ArmError.badRequest("PrivateIPAddressInUse", "IP configuration " + nic.id + "/ipConfigurations/"
                        + c.name + " is using the private IP address " + c.privateIPAddress
                        + " which is already allocated to resource " + holder + ".");
            }
            mine.put(key, nic.id + "/ipConfigurations/" + c.name);
        }
        for (ArmState.IpConfiguration c : nic.ipConfigurations) {
            if (c.privateIPAddress != null) {
                continue;
            }
            ArmState.Subnet subnet = state.subnets.get(ArmPath.key(c.subnetId));
            long[] range = Ipv4.range(subnet.addressPrefix);
            for (long ip = range[0] + 4; ip < range[1]; ip++) {
                String key = vnetOf(c.subnetId) + "|" + Ipv4.format(ip);
                if (!used.containsKey(key) && !mine.containsKey(key)) {
                    c.privateIPAddress = Ipv4.format(ip);
                    mine.put(key, c.name);
                    break;
                }
            }
            if (c.privateIPAddress == null) {
                throw ArmError.badRequest("SubnetIsFull", "Subnet " + subnet.id + " has no free address for IP configuration "
                        + nic.id + "/ipConfigurations/" + c.name + ".");
            }
        }
    }

    private String vnetOf(String subnetId) {
        ArmState.Subnet s = state.subnets.get(ArmPath.key(subnetId));
        return s == null ? ArmPath.key(subnetId) : ArmPath.key(s.vnetId);
    }

    /** Stores a validated NIC and keeps the public IPs' back-references in step. */
    void storeNic(ArmState.NetworkInterface nic) {
        for (ArmState.PublicIp pip : state.publicIps.values()) {
            if (pip.ipConfigurationId != null && pip.ipConfigurationId.toLowerCase().startsWith(nic.id.toLowerCase() + "/")) {
                pip.ipConfigurationId = null;
            }
        }
        for (ArmState.IpConfiguration c : nic.ipConfigurations) {
            if (c.publicIpId != null) {
                state.publicIps.get(ArmPath.key(c.publicIpId)).ipConfigurationId = nic.id + "/ipConfigurations/" + c.name;
            }
        }
        nic.etag = nextEtag();
        state.networkInterfaces.put(ArmPath.key(nic.id), nic);
    }

    private String mac() {
        long n = state.sequence++;
        return String.format("00-0D-3A-%02X-%02X-%02X", (n >> 16) & 255, (n >> 8) & 255, n & 255);
    }

    // ---- public IPs -----------------------------------------------------------------------------------

    ArmState.PublicIp publicIpFromBody(String id, JsonNode body, ArmState.PublicIp existing) {
        ArmState.PublicIp pip = header(new ArmState.PublicIp(), id, body, existing);
        JsonNode sku = body.path("sku");
        pip.skuName = sku.path("name").asText("Standard");
        pip.skuTier = sku.path("tier").asText("Regional");
        if (!pip.skuName.equalsIgnoreCase("Standard")) {
            // Basic SKU public IPs were retired on 2025-09-30
            throw ArmError.badRequest("BasicSkuPublicIPAddressRetired", "Basic SKU public IP addresses can no longer be"
                    + " created; use the Standard SKU for " + pip.id + ".");
        }
        pip.skuName = "Standard";
        JsonNode props = body.path("properties");
        pip.allocationMethod = props.path("publicIPAllocationMethod").asText("Static");
        if (!pip.allocationMethod.equalsIgnoreCase("Static")) {
            throw ArmError.badRequest("StandardSkuPublicIPAddressesMustBeStatic", "Standard sku publicIp "
                    + pip.id + " must have AllocationMethod set to Static.");
        }
        pip.allocationMethod = "Static";
        pip.version = props.path("publicIPAddressVersion").asText("IPv4");
        if (!pip.version.equalsIgnoreCase("IPv4")) {
            throw ArmError.badRequest("InvalidRequestFormat", "The simulator serves IPv4 public IPs only (" + pip.id + ").");
        }
        pip.idleTimeoutInMinutes = props.path("idleTimeoutInMinutes").asInt(4);
        if (pip.idleTimeoutInMinutes < 4 || pip.idleTimeoutInMinutes > 30) {
            throw ArmError.badRequest("PublicIPIdleTimeoutIsOutOfRange", "The idle timeout of " + pip.id
                    + " must be between 4 and 30 minutes.");
        }
        List<String> zones = new ArrayList<>();
        body.path("zones").forEach(z -> zones.add(z.asText()));
        for (String z : zones) {
            if (!state.zones.contains(z)) {
                throw ArmError.badRequest("InvalidAvailabilityZone", "The zone(s) '" + z + "' for resource '" + pip.id
                        + "' is not supported. The supported zones for location '" + state.location + "' are '"
                        + String.join(",", state.zones) + "'");
            }
        }
        if (existing != null && !sameZones(existing.zones, zones)) {
            throw ArmError.badRequest("ResourceAvailabilityZonesCannotBeModified", "Resource " + pip.id
                    + " has an existing availability zone constraint " + String.join(",", existing.zones)
                    + " and the request has availability zone constraint " + String.join(",", zones)
                    + ", which do not match. Zones cannot be added/updated/removed once the resource is created.");
        }
        pip.zones = zones;
        if (existing == null) {
            long count = state.publicIps.size();
            if (count >= state.publicIpQuota) {
                throw ArmError.badRequest("PublicIPCountLimitReached", "Cannot create more than " + state.publicIpQuota
                        + " public IP addresses for this subscription in this region.");
            }
            pip.ipAddress = freePublicAddress();
        } else {
            pip.ipAddress = existing.ipAddress;
            pip.ipConfigurationId = existing.ipConfigurationId;
        }
        return pip;
    }

    private static boolean sameZones(List<String> a, List<String> b) {
        return new java.util.TreeSet<>(a).equals(new java.util.TreeSet<>(b));
    }

    private String freePublicAddress() {
        java.util.Set<String> taken = new java.util.HashSet<>();
        state.publicIps.values().forEach(p -> taken.add(p.ipAddress));
        long[] range = Ipv4.range(state.publicPool);
        for (long ip = range[0] + 1; ip < range[1]; ip++) {
            if (!taken.contains(Ipv4.format(ip))) {
                return Ipv4.format(ip);
            }
        }
        throw new ArmError(409, "PublicIPAddressPoolExhausted", "No public IPv4 address is free in the region.");
    }

    void storePublicIp(ArmState.PublicIp pip) {
        pip.etag = nextEtag();
        state.publicIps.put(ArmPath.key(pip.id), pip);
    }

    /** Refuses to delete a public IP still on an ipConfiguration (400 PublicIPAddressCannotBeDeleted). */
    void checkDeletable(ArmState.PublicIp pip) {
        if (pip.ipConfigurationId != null) {
            throw ArmError.badRequest("PublicIPAddressCannotBeDeleted", "Public IP address " + pip.id
                    + " can not be deleted since it is still allocated to resource " + pip.ipConfigurationId
                    + ". In order to delete the public IP, disassociate/detach the Public IP address from the resource."
                    + " To learn how to do this, see aka.ms/deletepublicip.");
        }
    }

    static Map<String, String> tags(JsonNode node) {
        Map<String, String> t = new TreeMap<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> t.put(e.getKey(), e.getValue().asText()));
        }
        return t;
    }

    // ---- subnets ----------------------------------------------------------------------------------------

    List<String> ipConfigurationsIn(ArmState.Subnet subnet) {
        List<String> ids = new ArrayList<>();
        for (ArmState.NetworkInterface nic : state.networkInterfaces.values()) {
            for (ArmState.IpConfiguration c : nic.ipConfigurations) {
                if (c.subnetId.equalsIgnoreCase(subnet.id)) {
                    ids.add(nic.id + "/ipConfigurations/" + c.name);
                }
            }
        }
        return ids;
    }
}
