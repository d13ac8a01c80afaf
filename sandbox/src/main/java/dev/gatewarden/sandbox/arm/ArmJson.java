package dev.gatewarden.sandbox.arm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Map;

/**
 * Resources as ARM answers them (shapes from the Microsoft.Network 2025-03-01 and Microsoft.Compute 2025-04-01
 * REST references and their examples: NetworkInterfaceGet, PublicIpAddressGet, SubnetGet, VirtualMachineGet).
 */
final class ArmJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String NIC_TYPE = "Microsoft.Network/networkInterfaces";
    static final String PIP_TYPE = "Microsoft.Network/publicIPAddresses";

    private ArmJson() {
    }

    static ObjectNode ref(String id) {
        return MAPPER.createObjectNode().put("id", id);
    }

    private static ObjectNode tags(Map<String, String> tags) {
        ObjectNode t = MAPPER.createObjectNode();
        tags.forEach(t::put);
        return t;
    }

    private static ArrayNode strings(Collection<String> values) {
        ArrayNode a = MAPPER.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    static ObjectNode nic(ArmState.NetworkInterface nic) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", nic.name).put("id", nic.id).put("etag", nic.etag).put("type", NIC_TYPE)
                .put("location", nic.location);
        if (!nic.tags.isEmpty()) {
            n.set("tags", tags(nic.tags));
        }
        ObjectNode p = n.putObject("properties");
        p.put("provisioningState", nic.provisioningState).put("resourceGuid", nic.resourceGuid);
        ArrayNode configs = p.putArray("ipConfigurations");
        for (ArmState.IpConfiguration c : nic.ipConfigurations) {
            ObjectNode cn = configs.addObject();
            cn.put("name", c.name).put("id", nic.id + "/ipConfigurations/" + c.name).put("etag", nic.etag)
                    .put("type", NIC_TYPE + "/ipConfigurations");
            ObjectNode cp = cn.putObject("properties");
            cp.put("provisioningState", nic.provisioningState).put("privateIPAddress", c.privateIPAddress)
                    .put("privateIPAllocationMethod", c.privateIPAllocationMethod).put("primary", c.primary)
                    .put("privateIPAddressVersion", "IPv4");
            cp.set("subnet", ref(c.subnetId));
            if (c.publicIpId != null) {
                cp.set("publicIPAddress", ref(c.publicIpId));
            }
        }
        ObjectNode dns = p.putObject("dnsSettings");
        dns.putArray("dnsServers");
        dns.putArray("appliedDnsServers");
        p.put("macAddress", nic.macAddress).put("enableAcceleratedNetworking", nic.enableAcceleratedNetworking)
                .put("vnetEncryptionSupported", false).put("enableIPForwarding", nic.enableIPForwarding)
                .put("disableTcpStateTracking", false).put("primary", nic.primary).put("nicType", "Standard")
                .put("auxiliaryMode", "None");
        if (nic.virtualMachineId != null) {
            p.set("virtualMachine", ref(nic.virtualMachineId));
        }
        p.putArray("hostedWorkloads");
        p.putArray("tapConfigurations");
        return n;
    }

    static ObjectNode publicIp(ArmState.PublicIp pip) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", pip.name).put("id", pip.id).put("etag", pip.etag).put("location", pip.location);
        if (!pip.tags.isEmpty()) {
            n.set("tags", tags(pip.tags));
        }
        if (!pip.zones.isEmpty()) {
            n.set("zones", strings(pip.zones));
        }
        n.putObject("sku").put("name", pip.skuName).put("tier", pip.skuTier);
        n.put("type", PIP_TYPE);
        ObjectNode p = n.putObject("properties");
        p.put("provisioningState", pip.provisioningState).put("resourceGuid", pip.resourceGuid);
        if (pip.ipAddress != null) {
            p.put("ipAddress", pip.ipAddress);
        }
        p.put("publicIPAddressVersion", pip.version).put("publicIPAllocationMethod", pip.allocationMethod)
                .put("idleTimeoutInMinutes", pip.idleTimeoutInMinutes);
        p.putArray("ipTags");
        if (pip.ipConfigurationId != null) {
            p.set("ipConfiguration", ref(pip.ipConfigurationId));
        }
        p.putObject("ddosSettings").put("protectionMode", "VirtualNetworkInherited");
        return n;
    }

    static ObjectNode subnet(ArmState.Subnet s, Collection<String> ipConfigurationIds) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", s.name).put("id", s.id).put("etag", s.etag).put("type", "Microsoft.Network/virtualNetworks/subnets");
        ObjectNode p = n.putObject("properties");
        p.put("provisioningState", "Succeeded").put("addressPrefix", s.addressPrefix);
        if (s.natGatewayId != null) {
            p.set("natGateway", ref(s.natGatewayId));
        }
        ArrayNode configs = p.putArray("ipConfigurations");
        ipConfigurationIds.forEach(id -> configs.add(ref(id)));
        p.put("privateEndpointNetworkPolicies", "Disabled").put("privateLinkServiceNetworkPolicies", "Enabled");
        return n;
    }

    static ObjectNode virtualMachine(ArmState.VirtualMachine vm, String location) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", vm.name).put("id", vm.id).put("type", "Microsoft.Compute/virtualMachines")
                .put("location", location);
        if (vm.zone != null) {
            n.putArray("zones").add(vm.zone);
        }
        ObjectNode p = n.putObject("properties");
        p.put("vmId", vm.vmId);
        p.putObject("hardwareProfile").put("vmSize", vm.vmSize);
        ArrayNode nics = p.putObject("networkProfile").putArray("networkInterfaces");
        for (int i = 0; i < vm.nicIds.size(); i++) {
            ObjectNode r = ref(vm.nicIds.get(i));
            r.putObject("properties").put("primary", i == 0);
            nics.add(r);
        }
        if (vm.scaleSetId != null) {
            p.set("virtualMachineScaleSet", ref(vm.scaleSetId));
        }
        p.put("provisioningState", "Succeeded");
        return n;
    }

    /** A page of a list: {@code {"value": [...], "nextLink": ...}}. */
    static ObjectNode page(Collection<ObjectNode> items, String nextLink) {
        ObjectNode n = MAPPER.createObjectNode();
        ArrayNode v = n.putArray("value");
        items.forEach(v::add);
        if (nextLink != null) {
            n.put("nextLink", nextLink);
        }
        return n;
    }

    /** The {@code CloudError} envelope. */
    static ObjectNode cloudError(String code, String message, String target) {
        ObjectNode n = MAPPER.createObjectNode();
        ObjectNode e = n.putObject("error");
        e.put("code", code).put("message", message);
        if (target != null) {
            e.put("target", target);
        }
        e.putArray("details");
        return n;
    }
}
