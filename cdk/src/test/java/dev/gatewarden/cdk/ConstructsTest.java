package dev.gatewarden.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import com.hashicorp.cdktf.TerraformStack;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.cdk.resources.PanosLocation;
import dev.gatewarden.cdk.resources.ProviderBlock;
import dev.gatewarden.cdk.resources.ProviderKind;
import dev.gatewarden.config.ConfigLoader;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.PluginCatalog;
import dev.gatewarden.config.SecretResolver;
import dev.gatewarden.spi.SettingSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Placement fallbacks, selection rules and builder validation. */
class ConstructsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static App app;
    static TerraformStack scratch;

    @BeforeAll
    static void app() {
        app = new App(AppConfig.builder().outdir(dir.resolve("scratch").toString()).build());
        scratch = new TerraformStack(app, "scratch");
    }

    static String base(String clouds, String gateways) {
        return "owner: acme\nclouds:\n" + clouds + """
                firewalls:
                  - {name: fw, type: fortinet, url: "https://fgt.example", token: "${env:FORTIOS_TOKEN}"}
                gateways:
                """ + gateways;
    }

    static JsonNode synth(String yaml, List<String> gateways) throws IOException {
        Synth.Result r = Synth.run(Fixtures.config(yaml), dir.resolve("out-" + System.nanoTime()), "s", gateways);
        return JSON.readTree(r.stackFile().toFile());
    }

    @Test
    void azureFallsBackToTheNodesResourceGroupAndAsksForTheLocation() throws IOException {
        JsonNode root = synth(base("""
                  - {name: az, provider: azure, subscriptionId: 00000000-0000-0000-0000-00000000000a}
                """, """
                  - name: web
                    cloud: az
                    addresses: 1
                    public: true
                    reservation: external
                    nodes: [azure:///subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-aks-nodes/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-egress/virtualMachines/3]
                """), null);
        JsonNode ip = root.at("/resource/azurerm_public_ip/gw_web_0");
        assertEquals("rg-aks-nodes", ip.path("resource_group_name").asText());
        assertEquals("${var.az_location}", ip.path("location").asText());
        assertTrue(root.at("/variable/az_location").isObject());
        assertFalse(root.at("/variable/az_location/sensitive").asBoolean(), "a location is no secret");
    }

    @Test
    void gcpDerivesProjectAndRegionFromTheNodes() throws IOException {
        JsonNode root = synth(base("""
                  - {name: gcp, provider: gcp, project: acme-net}
                """, """
                  - name: web
                    cloud: gcp
                    addresses: 1
                    public: true
                    reservation: external
                    nodes: [gce://acme-gke/us-central1-c/gke-pool-1-abcd]
                """), null);
        JsonNode address = root.at("/resource/google_compute_address/gw_web_0");
        assertEquals("us-central1", address.path("region").asText(), "the region of the node's zone");
        assertTrue(address.path("project").isMissingNode(), "the provider's project (set in the config) applies");
        assertEquals("acme-net", root.at("/provider/google/0/project").asText());
        assertTrue(root.at("/provider/google/0/region").isMissingNode());
    }

    @Test
    void selectionRules() {
        String yaml = base("""
                  - {name: aws, provider: aws, region: eu-west-1}
                """, """
                  - name: web
                    cloud: aws
                    addresses: 1
                    nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001]
                  - name: api
                    cloud: aws
                    addresses: 1
                    public: true
                    nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001]
                """);
        ConfigException none = assertThrows(ConfigException.class, () -> synth(yaml, null));
        assertTrue(none.getMessage().contains("reservation: external") && none.getMessage().contains("[web, api]"),
                none.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> synth(yaml, List.of("nope")));
        assertTrue(unknown.getMessage().contains("no gateway named 'nope'"), unknown.getMessage());
        ConfigException privateOnly = assertThrows(ConfigException.class, () -> synth(yaml, List.of("web")));
        assertTrue(privateOnly.getMessage().contains("public: true"), privateOnly.getMessage());
    }

    @Test
    void explicitlySelectedGatewayIsRenderedWithANote() throws IOException {
        String yaml = base("""
                  - {name: aws, provider: aws, region: eu-west-1, profile: egress}
                """, """
                  - name: api
                    cloud: aws
                    addresses: 1
                    public: true
                    nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001]
                    publish: [{firewall: fw, addresses: public}]
                """);
        Synth.Result r = Synth.run(Fixtures.config(yaml), dir.resolve("explicit"), "s", List.of("api"));
        assertEquals(List.of("api"), r.gateways());
        assertTrue(r.notes().get(0).contains("not marked 'reservation: external'"), r.notes().toString());
        JsonNode root = JSON.readTree(r.stackFile().toFile());
        assertEquals("egress", root.at("/provider/aws/0/profile").asText());
        assertEquals("root", root.at("/resource/fortios_firewall_address/fw_api_0/vdomparam").asText());
        assertFalse(root.at("/provider/fortios/0/insecure").asBoolean(), "TLS verification stays on");
    }

    @Test
    void providerWithoutTerraformRenderingIsRefusedNamingTheOnesThatWork() {
        PluginCatalog catalog = PluginCatalog.of(
                Map.of("openstack", List.of(SettingSpec.string("region", true, ""))), Map.of(), Map.of());
        GatewardenConfig config = ConfigLoader.parse("os.yaml", """
                owner: acme
                clouds: [{name: os, provider: openstack, region: one}]
                gateways:
                  - {name: api, cloud: os, addresses: 1, public: true, reservation: external, nodes: []}
                """, catalog, SecretResolver.from(Map.of()));
        ConfigException e = assertThrows(ConfigException.class, () -> Synth.run(config, dir.resolve("os"), "s", null));
        assertTrue(e.getMessage().contains("provider 'openstack' has no Terraform rendering (aws, azure and gcp have)"),
                e.getMessage());
    }

    @Test
    void buildersValidateTheirInput() {
        ProviderBlock aws = ProviderBlock.create(scratch, "aws", ProviderKind.AWS, "a", Map.of("region", "eu-west-1"));
        assertThrows(IllegalArgumentException.class, () -> GatewayAddresses.builder(scratch, "bad-owner")
                .owner("Not_Valid").gateway("web").addresses(1).placement(new GatewayAddresses.Aws()).provider(aws).build());
        assertThrows(IllegalArgumentException.class, () -> GatewayAddresses.builder(scratch, "bad-count")
                .owner("acme").gateway("web").addresses(-1).placement(new GatewayAddresses.Aws()).provider(aws).build());
        GatewayAddresses eips = GatewayAddresses.builder(scratch, "ok").owner("acme").gateway("web").addresses(2)
                .placement(new GatewayAddresses.Aws()).provider(aws).build();
        assertEquals(2, eips.reserved().size());
        assertTrue(eips.reserved().get(1).ip().contains("TfToken"), "a token until synth resolves it");
        assertThrows(IllegalArgumentException.class, () -> FirewallAddressGroup.builder(scratch, "empty")
                .owner("acme").gateway("web").firewall("fw").group("g").provider(aws)
                .target(new FirewallAddressGroup.FortiOs(null)).addresses(List.of()).build());
        assertThrows(IllegalArgumentException.class, () -> FirewallAddressGroup.builder(scratch, "tag-on-fortios")
                .owner("acme").gateway("web").firewall("fw").group("g").provider(aws).panosTag("t")
                .target(new FirewallAddressGroup.FortiOs(null)).addresses(eips.reserved()).build());
        assertThrows(IllegalArgumentException.class, () -> new PanosLocation("vsys1", "dg"));
        assertThrows(IllegalArgumentException.class, () -> new PanosLocation(null, null));
    }

    @Test
    void cloudNamesStayWithinLimitsAndDistinct() {
        String a = TerraformNames.cloudName(63, "gw", "a".repeat(40), "b".repeat(40), "0");
        String b = TerraformNames.cloudName(63, "gw", "a".repeat(40), "b".repeat(40), "1");
        assertTrue(a.length() <= 63 && b.length() <= 63, a);
        assertFalse(a.equals(b), "hashed suffix keeps slots apart");
        assertTrue(a.matches("[a-z]([-a-z0-9]*[a-z0-9])?"), a);
        assertEquals("gw-acme-web-0", TerraformNames.cloudName(63, "gw", "acme", "web", "0"));
        assertEquals("dc1_pa_api_key", TerraformNames.identifier("dc1-pa", "api", "key"));
        assertEquals("r_1fw", TerraformNames.identifier("1fw"));
    }
}
