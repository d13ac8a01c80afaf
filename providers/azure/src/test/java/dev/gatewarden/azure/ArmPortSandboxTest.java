package dev.gatewarden.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.sandbox.arm.ArmSimulator;
import dev.gatewarden.sandbox.arm.ArmState;
import dev.gatewarden.sandbox.arm.ArmWorld;
import com.azure.resourcemanager.resources.fluentcore.utils.ResourceManagerUtils;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real Azure SDK (Network + Compute managers, the JDK HTTP client, azure-identity's client-secret credential
 * against the simulator's token endpoint) driven through {@link SdkArmPort} and {@link AzureSlots} against the ARM
 * simulator over HTTPS on loopback. SDK clients are built once for the class.
 */
class ArmPortSandboxTest {
    private static final String OWNER = "demo";
    private static ArmSimulator sim;
    private static JsonNode initial;
    private static SdkArmPort port;
    private static String sub;
    private AzureSlots slots;

    static AzureConnection connection(ArmSimulator s, String secret) {
        return connection(s, secret, 3);
    }

    static AzureConnection connection(ArmSimulator s, String secret, int retries) {
        ArmState st = s.state();
        return new AzureConnection(st.subscriptionId, st.tenantId, st.location, AzureEndpoint.override(s.baseUri()),
                new AzureCredential.ClientSecret(ArmWorld.CLIENT_ID, () -> secret), SandboxTls.clientContext(),
                Duration.ofSeconds(20), retries);
    }

    @BeforeAll
    static void startSimulatorAndClients() {
        sim = ArmSimulator.withDefaultWorld();
        sim.start(true);
        initial = sim.snapshot();
        sub = sim.state().subscriptionId;
        port = new SdkArmPort(connection(sim, ArmWorld.CLIENT_SECRET));
        // the SDK polls at its default interval when ARM sends no Retry-After: shorten that for tests
        ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(d -> Duration.ofMillis(20));
    }

    @AfterAll
    static void stop() {
        ResourceManagerUtils.InternalRuntimeContext.setDelayProvider(d -> d);
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.restore(initial);
        sim.update(s -> {
            s.operationRetryAfterSeconds = 0; // see longRunningOperationsArePolledAtRetryAfter for the paced case
            s.operationPolls = 1;
        });
        sim.faults().clear();
        sim.calls().reset();
        readsBefore = port.reads();
        slots = new AzureSlots(port, OWNER);
    }

    private static String vm(String name) {
        return "azure:///subscriptions/" + sub + "/resourceGroups/gateways/providers/Microsoft.Compute/virtualMachines/" + name;
    }

    private static ArmState.NetworkInterface simNic(String name) {
        return sim.state().networkInterfaces.values().stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
    }

    private static ArmState.IpConfiguration simConfig(String nic, String config) {
        return simNic(nic).ipConfigurations.stream().filter(c -> c.name.equals(config)).findFirst().orElse(null);
    }

    private static ArmState.PublicIp simPip(String name) {
        return sim.state().publicIps.values().stream().filter(p -> p.name.equals(name)).findFirst().orElse(null);
    }

    private static final AzureTags.SlotKey WEB0 = new AzureTags.SlotKey(OWNER, "web", 0);
    private static final AzureTags.SlotKey WEB1 = new AzureTags.SlotKey(OWNER, "web", 1);

    @Test
    void exactPrivateIpBecomesAStaticSecondaryIpConfiguration() {
        String nic = slots.nicOf(vm("gw-1"), null);
        assertEquals("gw-1-nic", AzureIds.name(nic));
        assertEquals("10.20.1.50", slots.attachPrivate(nic, WEB0, "10.20.1.50", null));
        ArmState.IpConfiguration c = simConfig("gw-1-nic", WEB0.name());
        assertEquals("Static", c.privateIPAllocationMethod);
        assertEquals("10.20.1.50", c.privateIPAddress);
        assertFalse(c.primary);
        assertTrue(simConfig("gw-1-nic", "ipconfig1").primary, "the primary ipConfiguration is kept");
        // idempotent: a rerun writes nothing
        long puts = sim.calls().count("NetworkInterfaces_CreateOrUpdate");
        assertEquals("10.20.1.50", slots.attachPrivate(nic, WEB0, "10.20.1.50", null));
        assertEquals(puts, sim.calls().count("NetworkInterfaces_CreateOrUpdate"));
    }

    @Test
    void chosenPrivateIpIsPickedByArmThenPinnedStatic() {
        String nic = slots.nicOf(vm("gw-1"), null);
        String ip = slots.attachPrivate(nic, WEB0, null, null);
        assertTrue(ip.startsWith("10.20.1."), ip);
        ArmState.IpConfiguration c = simConfig("gw-1-nic", WEB0.name());
        assertEquals("Static", c.privateIPAllocationMethod);
        assertEquals(ip, c.privateIPAddress);
        assertEquals(2, sim.calls().count("NetworkInterfaces_CreateOrUpdate"), "one Dynamic PUT, one pinning it Static");
    }

    @Test
    void publicIpIsTaggedAtCreationAssociatedAndDissociatedBeforeDelete() {
        ArmPort.PublicIp pip = slots.allocatePublic("gateways", WEB0, List.of("1", "2", "3"));
        assertEquals(1, sim.calls().count("PublicIPAddresses_CreateOrUpdate"), "tags ride on the creating PUT");
        ArmState.PublicIp created = simPip(WEB0.name());
        assertEquals(Map.of("gatewarden-owner", OWNER, "gatewarden-gateway", "web", "gatewarden-slot", "0"), created.tags);
        assertEquals(List.of("1", "2", "3"), created.zones);
        assertEquals("Standard", created.skuName);
        assertEquals("Static", created.allocationMethod);
        assertEquals(created.ipAddress, pip.ipAddress());

        String nic = slots.nicOf(vm("gw-1"), null);
        slots.attachPrivate(nic, WEB0, "10.20.1.60", pip.id());
        assertTrue(simPip(WEB0.name()).ipConfigurationId.endsWith("/ipConfigurations/" + WEB0.name()));

        ProviderException refused = assertThrows(ProviderException.class,
                () -> port.deletePublicIp("gateways", WEB0.name()));
        assertEquals("PublicIPAddressCannotBeDeleted", refused.code());
        assertTrue(refused.getMessage().contains("dissociated first"), refused.getMessage());

        slots.releasePublic("gateways", WEB0);
        assertEquals(null, simPip(WEB0.name()));
        ArmState.IpConfiguration c = simConfig("gw-1-nic", WEB0.name());
        assertEquals("10.20.1.60", c.privateIPAddress, "the private slot stays");
        assertEquals(null, c.publicIpId);
        assertEquals(1, sim.calls().count("OperationResult_Get") > 0 ? 1 : 0, "the DELETE was polled through Location");
    }

    @Test
    void moveTakesThePrivateIpAndThePublicIpAlong() {
        ArmPort.PublicIp pip = slots.allocatePublic("gateways", WEB0, List.of());
        String from = slots.nicOf(vm("gw-1"), null);
        String to = slots.nicOf(vm("gw-2"), null);
        slots.attachPrivate(from, WEB0, "10.20.1.70", pip.id());
        assertEquals("10.20.1.70", slots.move(from, to, WEB0));
        assertEquals(null, simConfig("gw-1-nic", WEB0.name()));
        ArmState.IpConfiguration moved = simConfig("gw-2-nic", WEB0.name());
        assertEquals("10.20.1.70", moved.privateIPAddress);
        assertTrue(moved.publicIpId.equalsIgnoreCase(pip.id()));
        assertTrue(simPip(WEB0.name()).ipConfigurationId.contains("/gw-2-nic/"));
    }

    @Test
    void aFailedLongRunningOperationIsSurfacedWithItsCode() {
        sim.faults().inject(ArmSimulator.asyncFailure("NetworkInterfaces_CreateOrUpdate"),
                Fault.error(0, "InternalServerError", "An error occurred while updating the network interface."));
        String nic = slots.nicOf(vm("gw-1"), null);
        ProviderException e = assertThrows(ProviderException.class, () -> slots.attachPrivate(nic, WEB0, "10.20.1.80", null));
        assertEquals("InternalServerError", e.code());
        assertTrue(e.getMessage().contains("long-running operation"), e.getMessage());
        assertEquals(null, simConfig("gw-1-nic", WEB0.name()), "the failed change did not land");
        assertEquals("Failed", simNic("gw-1-nic").provisioningState);
    }

    @Test
    void aConcurrentNicChangeGives412AndIsReReadNeverOverwritten() {
        String nic = slots.nicOf(vm("gw-1"), null);
        int[] calls = {0};
        ArmPort.Nic result = port.updateNic(nic, configs -> {
            if (calls[0]++ == 0) {
                // someone else adds an ipConfiguration between our GET and our PUT
                sim.update(s -> {
                    ArmState.NetworkInterface n = s.networkInterfaces.values().stream()
                            .filter(x -> x.name.equals("gw-1-nic")).findFirst().orElseThrow();
                    ArmState.IpConfiguration other = new ArmState.IpConfiguration();
                    other.name = "someone-elses";
                    other.subnetId = n.ipConfigurations.get(0).subnetId;
                    other.privateIPAddress = "10.20.1.99";
                    other.privateIPAllocationMethod = "Static";
                    n.ipConfigurations.add(other);
                    n.etag = "W/\"changed-elsewhere\"";
                });
            }
            List<ArmPort.IpConfig> next = new java.util.ArrayList<>(configs);
            next.add(new ArmPort.IpConfig(WEB0.name(), false, "10.20.1.90", ArmPort.Allocation.STATIC,
                    configs.get(0).subnetId(), null));
            return next;
        });
        assertEquals(2, calls[0], "re-read and re-applied after the 412");
        assertEquals(2, sim.calls().count("NetworkInterfaces_CreateOrUpdate"));
        assertTrue(result.config("someone-elses").isPresent(), "the other writer's change survives");
        assertTrue(result.config(WEB0.name()).isPresent());
        assertTrue(simConfig("gw-1-nic", "someone-elses") != null);
    }

    @Test
    void throttlingIsRetriedAfterRetryAfter() {
        sim.faults().inject("NetworkInterfaces_Get", Fault.throttle());
        long start = System.nanoTime();
        assertTrue(port.nic(slots.nicOf(vm("gw-1"), null)).isPresent());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(2, sim.calls().count("NetworkInterfaces_Get"), "the 429 was retried once");
        assertTrue(millis >= 1000, "Retry-After: 1 honoured (took " + millis + " ms)");
    }

    @Test
    void publicSlotsOnANatGatewaySubnetAreRefused() {
        ArmPort.Nic nat = port.nic(slots.nicOf(vm("gw-nat-1"), null)).orElseThrow();
        ConfigException e = assertThrows(ConfigException.class, () -> slots.requirePublicEgress(nat, "web"));
        assertTrue(e.getMessage().contains("subnet natted"), e.getMessage());
        assertTrue(e.getMessage().contains("NAT gateway egress-nat"), e.getMessage());
        ArmPort.Nic plain = port.nic(slots.nicOf(vm("gw-1"), null)).orElseThrow();
        slots.requirePublicEgress(plain, "web"); // no NAT gateway: fine
    }

    @Test
    void uniformScaleSetNodesAreRefusedBeforeAnyCall() {
        String uniform = "azure:///subscriptions/" + sub + "/resourceGroups/mc_gateways_aks_westeurope/providers/"
                + "Microsoft.Compute/virtualMachineScaleSets/aks-egress-123/virtualMachines/0";
        ConfigException e = assertThrows(ConfigException.class, () -> slots.nicOf(uniform, null));
        assertTrue(e.getMessage().contains("Uniform scale set aks-egress-123"), e.getMessage());
        assertTrue(e.getMessage().contains("strip instance-level ipConfigurations"), e.getMessage());
        assertEquals(0, sim.calls().total());
    }

    @Test
    void aRestartObservesOwnedAddressesFromTagsAloneWithPagedLists() {
        sim.update(s -> s.pageSize = 1);
        String nic1 = slots.nicOf(vm("gw-1"), null);
        String nic2 = slots.nicOf(vm("gw-2"), null);
        slots.attachPrivate(nic1, WEB0, "10.20.1.41", slots.allocatePublic("gateways", WEB0, List.of()).id());
        slots.attachPrivate(nic2, WEB1, "10.20.1.42", slots.allocatePublic("gateways", WEB1, List.of()).id());
        sim.calls().reset();
        readsBefore = port.reads();

        AzureSlots restarted = new AzureSlots(port, OWNER);
        Map<AzureTags.SlotKey, ArmPort.PublicIp> owned = restarted.ownedPublicIps(List.of("gateways"));
        assertEquals(List.of(WEB0, WEB1), List.copyOf(owned.keySet()), "the foreign app-frontend-ip is not ours");
        String lower = vm("gw-1").replace("/resourceGroups/gateways/", "/resourcegroups/GATEWAYS/");
        Map<String, List<ArmPort.Nic>> nics = restarted.nicsOfVms(List.of(lower, vm("gw-2")));
        assertEquals("10.20.1.41", nics.get(lower).get(0).config(WEB0.name()).orElseThrow().privateIp());
        assertEquals("10.20.1.42", nics.get(vm("gw-2")).get(0).config(WEB1.name()).orElseThrow().privateIp());
        assertEquals(0, sim.calls().count("PublicIPAddresses_Get"), "no per-address GETs");
        assertEquals(0, sim.calls().count("NetworkInterfaces_Get"));
        assertEquals(3, sim.calls().count("PublicIPAddresses_List"), "3 public IPs, one per page");
        assertEquals(4, sim.calls().count("NetworkInterfaces_List"), "one list of the group (4 NICs, one per page)");
        assertEquals(sim.calls().total(), port.reads() - readsBefore(), "the port counts what it sent");
    }

    private static long readsBefore;

    private static long readsBefore() {
        return readsBefore;
    }

    @Test
    void longRunningOperationsArePolledAtRetryAfter() {
        sim.update(s -> {
            s.operationRetryAfterSeconds = 1;
            s.operationPolls = 2;
        });
        String nic = slots.nicOf(vm("gw-1"), null);
        long start = System.nanoTime();
        slots.attachPrivate(nic, WEB0, "10.20.1.51", null);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(3, sim.calls().count("AzureAsyncOperation_Get"), "InProgress, InProgress, Succeeded");
        assertTrue(millis >= 3000, "three polls one Retry-After apart after the PUT (took " + millis + " ms)");
        assertEquals("Succeeded", simNic("gw-1-nic").provisioningState);
    }

    @Test
    void armErrorsBecomeActionableMessages() {
        sim.update(s -> s.deniedActions.add("Microsoft.Network/publicIPAddresses/write"));
        ProviderException denied = assertThrows(ProviderException.class,
                () -> slots.allocatePublic("gateways", WEB0, List.of()));
        assertEquals("AuthorizationFailed", denied.code());
        assertTrue(denied.getMessage().contains("lacks the action Microsoft.Network/publicIPAddresses/write"),
                denied.getMessage());
        assertTrue(denied.getMessage().contains("examples/azure/role.json"));

        sim.update(s -> {
            s.deniedActions.clear();
            s.publicIpQuota = 1;
        });
        ProviderException quota = assertThrows(ProviderException.class,
                () -> slots.allocatePublic("gateways", WEB0, List.of()));
        assertEquals("PublicIPCountLimitReached", quota.code());
        assertTrue(quota.getMessage().contains("quota"));
        assertFalse(quota.isTransient());

        String nic2 = slots.nicOf(vm("gw-2"), null);
        String taken = simConfig("gw-1-nic", "ipconfig1").privateIPAddress;
        ProviderException inUse = assertThrows(ProviderException.class, () -> slots.attachPrivate(nic2, WEB0, taken, null));
        assertEquals("PrivateIPAddressInUse", inUse.code());
    }

    @Test
    void aWrongClientSecretIsRefusedWithoutShowingIt() {
        SdkArmPort wrong = new SdkArmPort(connection(sim, "not-the-secret-xyz", 0));
        ProviderException e = assertThrows(ProviderException.class, () -> wrong.publicIpsOfResourceGroup("gateways"));
        assertEquals("AuthenticationFailed", e.code());
        assertFalse(e.getMessage().contains("not-the-secret-xyz"));
        assertTrue(e.getMessage().contains("credentials"), e.getMessage());
    }
}
