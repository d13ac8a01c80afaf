package dev.gatewarden.sandbox.arm;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds an {@link ArmState}: virtual networks and subnets (with or without a NAT gateway), virtual machines with
 * their primary NICs (standalone, Flexible scale-set members, Uniform scale-set instances) and foreign public
 * IPs (not Gatewarden's, which it must never touch).
 */
public final class ArmWorld {
    /** The service principal and static bearer token of {@link #defaultWorld()} (sandbox-only values). */
    public static final String CLIENT_ID = "00000000-0000-0000-0000-00000000c11e";
    public static final String CLIENT_SECRET = "sandbox-client-secret";
    public static final String STATIC_TOKEN = "sandbox-arm-token";
    private final ArmState state = new ArmState();

    public ArmWorld subscription(String subscriptionId, String tenantId, String location) {
        state.subscriptionId = subscriptionId;
        state.tenantId = tenantId;
        state.location = location;
        return this;
    }

    public ArmWorld client(String clientId, String secret) {
        state.clients.put(clientId, secret);
        return this;
    }

    public ArmWorld staticToken(String token) {
        state.staticTokens.add(token);
        return this;
    }

    private String rgPrefix(String resourceGroup) {
        return "/subscriptions/" + state.subscriptionId + "/resourceGroups/" + resourceGroup + "/providers/";
    }

    /** A virtual network with one address prefix; returns its id. */
    public String vnet(String resourceGroup, String name, String prefix) {
        ArmState.VirtualNetwork v = new ArmState.VirtualNetwork();
        v.id = rgPrefix(resourceGroup) + "Microsoft.Network/virtualNetworks/" + name;
        v.name = name;
        v.resourceGroup = resourceGroup;
        v.addressPrefixes.add(prefix);
        state.virtualNetworks.put(ArmPath.key(v.id), v);
        return v.id;
    }

    /** A subnet of a virtual network, with a NAT gateway when {@code natGateway} is not null; returns its id. */
    public String subnet(String vnetId, String name, String prefix, String natGateway) {
        ArmState.Subnet s = new ArmState.Subnet();
        s.id = vnetId + "/subnets/" + name;
        s.name = name;
        s.vnetId = vnetId;
        s.addressPrefix = prefix;
        s.etag = new ArmNetwork(state).nextEtag();
        if (natGateway != null) {
            String rg = new ArmPath(vnetId).get(3);
            s.natGatewayId = rgPrefix(rg) + "Microsoft.Network/natGateways/" + natGateway;
        }
        state.subnets.put(ArmPath.key(s.id), s);
        return s.id;
    }

    /** A standalone VM with a primary NIC {@code <name>-nic} in {@code subnetId}; returns the VM id. */
    public String vm(String resourceGroup, String name, String zone, String subnetId) {
        return vm(resourceGroup, name, zone, subnetId, null);
    }

    /** A Flexible scale-set member (an ordinary VM that names its scale set); returns the VM id. */
    public String flexibleVm(String resourceGroup, String scaleSet, String name, String zone, String subnetId) {
        return vm(resourceGroup, name, zone, subnetId, rgPrefix(resourceGroup) + "Microsoft.Compute/virtualMachineScaleSets/" + scaleSet);
    }

    private String vm(String resourceGroup, String name, String zone, String subnetId, String scaleSetId) {
        ArmState.VirtualMachine vm = new ArmState.VirtualMachine();
        vm.id = rgPrefix(resourceGroup) + "Microsoft.Compute/virtualMachines/" + name;
        vm.name = name;
        vm.resourceGroup = resourceGroup;
        vm.zone = zone;
        vm.scaleSetId = scaleSetId;
        ArmNetwork network = new ArmNetwork(state);
        vm.vmId = network.nextGuid();
        String nicId = nic(resourceGroup, name + "-nic", vm.id, subnetId);
        vm.nicIds.add(nicId);
        state.virtualMachines.put(ArmPath.key(vm.id), vm);
        return vm.id;
    }

    /** A Uniform scale-set instance ({@code …/virtualMachineScaleSets/SS/virtualMachines/N}); returns its id. */
    public String uniformInstance(String resourceGroup, String scaleSet, int instance, String subnetId) {
        ArmState.VirtualMachine vm = new ArmState.VirtualMachine();
        String ss = rgPrefix(resourceGroup) + "Microsoft.Compute/virtualMachineScaleSets/" + scaleSet;
        vm.id = ss + "/virtualMachines/" + instance;
        vm.name = scaleSet + "_" + instance;
        vm.resourceGroup = resourceGroup;
        vm.scaleSetId = ss;
        vm.uniform = true;
        vm.vmId = new ArmNetwork(state).nextGuid();
        vm.nicIds.add(nic(resourceGroup, vm.id + "/networkInterfaces/" + scaleSet + "-nic", vm.id, subnetId));
        state.virtualMachines.put(ArmPath.key(vm.id), vm);
        return vm.id;
    }

    /** A NIC with one primary Dynamic ipConfiguration {@code ipconfig1}; {@code name} may be a full id. */
    private String nic(String resourceGroup, String name, String vmId, String subnetId) {
        ArmNetwork network = new ArmNetwork(state);
        ArmState.NetworkInterface nic = new ArmState.NetworkInterface();
        nic.id = name.startsWith("/") ? name : rgPrefix(resourceGroup) + "Microsoft.Network/networkInterfaces/" + name;
        nic.name = nic.id.substring(nic.id.lastIndexOf('/') + 1);
        nic.resourceGroup = resourceGroup;
        nic.location = state.location;
        nic.virtualMachineId = vmId;
        nic.resourceGuid = network.nextGuid();
        nic.macAddress = String.format("00-0D-3A-00-%02X-%02X", state.sequence / 256 % 256, state.sequence % 256);
        nic.enableAcceleratedNetworking = true;
        ArmState.IpConfiguration c = new ArmState.IpConfiguration();
        c.name = "ipconfig1";
        c.primary = true;
        c.subnetId = subnetId;
        c.privateIPAddress = firstFree(subnetId);
        nic.ipConfigurations.add(c);
        nic.etag = network.nextEtag();
        state.networkInterfaces.put(ArmPath.key(nic.id), nic);
        return nic.id;
    }

    private String firstFree(String subnetId) {
        ArmState.Subnet s = state.subnets.get(ArmPath.key(subnetId));
        List<String> used = new ArrayList<>();
        state.networkInterfaces.values().forEach(n -> n.ipConfigurations.forEach(c -> used.add(c.privateIPAddress)));
        long[] range = Ipv4.range(s.addressPrefix);
        for (long ip = range[0] + 4; ip < range[1]; ip++) {
            if (!used.contains(Ipv4.format(ip))) {
                return Ipv4.format(ip);
            }
        }
        throw new IllegalStateException("subnet " + subnetId + " is full");
    }

    /** A public IP that is not Gatewarden's (tags as given); returns its id. */
    public String foreignPublicIp(String resourceGroup, String name, java.util.Map<String, String> tags) {
        ArmNetwork network = new ArmNetwork(state);
        ArmState.PublicIp pip = new ArmState.PublicIp();
        pip.id = rgPrefix(resourceGroup) + "Microsoft.Network/publicIPAddresses/" + name;
        pip.name = name;
        pip.resourceGroup = resourceGroup;
        pip.location = state.location;
        pip.tags.putAll(tags);
        pip.resourceGuid = network.nextGuid();
        long[] range = Ipv4.range(state.publicPool);
        pip.ipAddress = Ipv4.format(range[1] - 1 - state.publicIps.size());
        network.storePublicIp(pip);
        return pip.id;
    }

    public ArmState build() {
        return ArmSimulator.copy(state);
    }

    /**
     * The sandbox's subscription: resource group {@code gateways} (vnet {@code 10.20.0.0/16}, subnet
     * {@code nodes} 10.20.1.0/24 without and {@code natted} 10.20.2.0/24 with a NAT gateway), standalone VMs
     * {@code gw-1} (zone 1) and {@code gw-2} (zone 2) on {@code nodes}, {@code gw-nat-1} on {@code natted}, a
     * Flexible scale-set member {@code flex-gw_1} on {@code nodes}, Uniform instance {@code uniform-ss/0}, and a
     * foreign public IP {@code app-frontend-ip}.
     */
    public static ArmWorld defaultWorld() {
        ArmWorld w = new ArmWorld().client(CLIENT_ID, CLIENT_SECRET).staticToken(STATIC_TOKEN);
        String vnet = w.vnet("gateways", "gateways-vnet", "10.20.0.0/16");
        String nodes = w.subnet(vnet, "nodes", "10.20.1.0/24", null);
        String natted = w.subnet(vnet, "natted", "10.20.2.0/24", "egress-nat");
        w.vm("gateways", "gw-1", "1", nodes);
        w.vm("gateways", "gw-2", "2", nodes);
        w.vm("gateways", "gw-nat-1", "1", natted);
        w.flexibleVm("gateways", "flex-gw", "flex-gw_1", "3", nodes);
        w.uniformInstance("gateways", "uniform-ss", 0, nodes);
        w.foreignPublicIp("gateways", "app-frontend-ip", java.util.Map.of("app", "frontend"));
        return w;
    }
}
