package dev.gatewarden.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.cdk.resources.PanosVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every resource and provider block the stack renders, for both panos majors, checked against the argument sets
 * the providers publish. The sets below are copied from the providers' documentation (the file named with each,
 * in the provider's repository at the version given), not from our output: a rendered argument the docs do not
 * list, or a required one we leave out, fails here.
 */
class ProviderDocsTest {
    /** Documented arguments of one resource type or provider block, and which of them are required. */
    record Schema(String doc, Set<String> arguments, Set<String> required) {
    }

    static final Map<String, Schema> RESOURCES = Map.ofEntries(
            // hashicorp/terraform-provider-aws 6.x, website/docs/r/eip.html.markdown
            Map.entry("aws_eip", new Schema("aws website/docs/r/eip.html.markdown",
                    Set.of("address", "associate_with_private_ip", "customer_owned_ipv4_pool", "domain", "instance",
                            "ipam_pool_id", "network_border_group", "network_interface", "public_ipv4_pool", "region",
                            "tags"),
                    Set.of())),
            // hashicorp/terraform-provider-azurerm v5.2.0, website/docs/r/public_ip.html.markdown
            Map.entry("azurerm_public_ip", new Schema("azurerm website/docs/r/public_ip.html.markdown",
                    Set.of("name", "resource_group_name", "location", "allocation_method", "zones",
                            "ddos_protection_mode", "ddos_protection_plan_id", "domain_name_label",
                            "domain_name_label_scope", "edge_zone", "idle_timeout_in_minutes", "ip_tags", "ip_version",
                            "public_ip_prefix_id", "reverse_fqdn", "sku", "sku_tier", "tags"),
                    Set.of("name", "resource_group_name", "location", "allocation_method"))),
            // hashicorp/terraform-provider-google v7.45.0, website/docs/r/compute_address.html.markdown
            Map.entry("google_compute_address", new Schema("google website/docs/r/compute_address.html.markdown",
                    Set.of("name", "address", "address_type", "description", "purpose", "network_tier", "subnetwork",
                            "labels", "network", "prefix_length", "ip_version", "ipv6_endpoint_type", "ip_collection",
                            "region", "project", "deletion_policy"),
                    Set.of("name"))),
            // PaloAltoNetworks/terraform-provider-panos v2.0.12, docs/resources/address.md
            Map.entry("2:panos_address", new Schema("panos docs/resources/address.md",
                    Set.of("location", "name", "description", "disable_override", "fqdn", "ip_netmask", "ip_range",
                            "ip_wildcard", "tags"),
                    Set.of("location", "name"))),
            // v2.0.12, docs/resources/address_group.md
            Map.entry("2:panos_address_group", new Schema("panos docs/resources/address_group.md",
                    Set.of("location", "name", "description", "disable_override", "dynamic", "static", "tag"),
                    Set.of("location", "name"))),
            // v2.0.12, docs/resources/administrative_tag.md
            Map.entry("2:panos_administrative_tag", new Schema("panos docs/resources/administrative_tag.md",
                    Set.of("location", "name", "color", "comments", "disable_override"),
                    Set.of("location", "name"))),
            // v1.11.1, docs/resources/address_object.md (firewall: vsys; Panorama: device_group)
            Map.entry("1:panos_address_object", new Schema("panos v1.11.1 docs/resources/address_object.md",
                    Set.of("vsys", "device_group", "name", "type", "value", "description", "tags"),
                    Set.of("name", "value"))),
            // v1.11.1, docs/resources/address_group.md (firewall only)
            Map.entry("1:panos_address_group", new Schema("panos v1.11.1 docs/resources/address_group.md",
                    Set.of("name", "vsys", "static_addresses", "dynamic_match", "description", "tags"),
                    Set.of("name"))),
            // v1.11.1, docs/resources/panorama_address_group.md
            Map.entry("1:panos_panorama_address_group", new Schema(
                    "panos v1.11.1 docs/resources/panorama_address_group.md",
                    Set.of("name", "device_group", "static_addresses", "dynamic_match", "description", "tags"),
                    Set.of("name"))),
            // v1.11.1, docs/resources/administrative_tag.md (firewall only)
            Map.entry("1:panos_administrative_tag", new Schema("panos v1.11.1 docs/resources/administrative_tag.md",
                    Set.of("vsys", "name", "color", "comment"),
                    Set.of("name"))),
            // v1.11.1, docs/resources/panorama_administrative_tag.md
            Map.entry("1:panos_panorama_administrative_tag", new Schema(
                    "panos v1.11.1 docs/resources/panorama_administrative_tag.md",
                    Set.of("name", "device_group", "color", "comment"),
                    Set.of("name"))),
            // fortinetdev/terraform-provider-fortios 1.25.0, website/docs/r/fortios_firewall_address.html.markdown
            Map.entry("fortios_firewall_address", new Schema("fortios website/docs/r/fortios_firewall_address.html.markdown",
                    Set.of("name", "uuid", "subnet", "type", "route_tag", "sub_type", "clearpass_spt", "macaddr",
                            "start_mac", "end_mac", "start_ip", "end_ip", "fqdn", "country", "wildcard_fqdn",
                            "cache_ttl", "wildcard", "sdn", "fsso_group", "sso_attribute_value", "interface", "tenant",
                            "organization", "epg_name", "subnet_name", "sdn_tag", "policy_group", "obj_tag",
                            "obj_type", "tag_detection_level", "tag_type", "hw_vendor", "hw_version", "hw_model", "os",
                            "sw_version", "agent_id", "comment", "visibility", "associated_interface", "display_with",
                            "custom_tags", "color", "filter", "sdn_addr_type", "node_ip_only", "obj_id", "list",
                            "tagging", "allow_routing", "managed_subnetwork_size", "ipam_allocate_unique",
                            "passive_fqdn_learning", "fabric_object", "fabric_force_sync", "fabric_object_source",
                            "dynamic_sort_subtable", "get_all_tables", "vdomparam", "update_if_exist"),
                    Set.of())),
            // 1.25.0, website/docs/r/fortios_firewall_addrgrp.html.markdown
            Map.entry("fortios_firewall_addrgrp", new Schema("fortios website/docs/r/fortios_firewall_addrgrp.html.markdown",
                    Set.of("name", "type", "category", "uuid", "member", "comment", "exclude", "exclude_member",
                            "visibility", "color", "tagging", "display_with", "custom_tags", "allow_routing",
                            "fabric_object", "fabric_force_sync", "fabric_object_source", "dynamic_sort_subtable",
                            "get_all_tables", "vdomparam", "update_if_exist"),
                    Set.of("name", "member"))));

    /** Provider blocks: the documented arguments we may write ({@code alias} is Terraform's meta-argument). */
    static final Map<String, Schema> PROVIDERS = Map.of(
            // panos v2.0.12 docs/index.md, "Schema"
            "2:panos", new Schema("panos docs/index.md",
                    Set.of("additional_headers", "api_key", "api_key_in_request", "auth_file", "config_file", "hostname",
                            "multi_config_batch_size", "panos_version", "password", "port", "protocol",
                            "sdk_log_categories", "sdk_log_level", "skip_verify_certificate", "target", "username"),
                    Set.of()),
            // panos v1.11.1 docs/index.md, "Argument Reference"
            "1:panos", new Schema("panos v1.11.1 docs/index.md",
                    Set.of("hostname", "username", "password", "api_key", "protocol", "port", "timeout", "target",
                            "additional_headers", "logging", "verify_certificate", "json_config_file"),
                    Set.of()),
            // fortios 1.25.0 website/docs/index.html.markdown
            "fortios", new Schema("fortios website/docs/index.html.markdown",
                    Set.of("hostname", "token", "username", "password", "insecure", "cabundlefile", "cabundlecontent",
                            "vdom", "http_proxy", "fmg_hostname", "fmg_username", "fmg_passwd", "fmg_insecure",
                            "fmg_cabundlefile"),
                    Set.of()),
            // aws website/docs/index.html.markdown, azurerm website/docs/index.html.markdown (features is required),
            // google website/docs/guides/provider_reference.html.markdown: only the arguments we use
            "aws", new Schema("aws website/docs/index.html.markdown", Set.of("region", "profile"), Set.of()),
            "azurerm", new Schema("azurerm website/docs/index.html.markdown", Set.of("features", "subscription_id"),
                    Set.of("features")),
            "google", new Schema("google website/docs/guides/provider_reference.html.markdown",
                    Set.of("project", "region"), Set.of()));

    /** panos 2.x {@code location} (docs/resources/address.md, "Nested Schema for location"). */
    static final Map<String, Set<String>> PANOS_LOCATION = Map.of(
            "vsys", Set.of("name", "ngfw_device"), "device_group", Set.of("name", "panorama_device"), "shared", Set.of());

    @TempDir
    static Path dir;
    static JsonNode v1;
    static JsonNode v2;

    @BeforeAll
    static void synth() throws IOException {
        ObjectMapper json = new ObjectMapper();
        v1 = json.readTree(Synth.run(Fixtures.config(), dir.resolve("v1"), "gw-test", null, PanosVersion.V1)
                .stackFile().toFile());
        v2 = json.readTree(Synth.run(Fixtures.config(), dir.resolve("v2"), "gw-test", null, PanosVersion.V2)
                .stackFile().toFile());
    }

    static Set<String> arguments(JsonNode resource) {
        Set<String> names = new TreeSet<>();
        resource.fieldNames().forEachRemaining(names::add);
        names.remove("//");
        names.remove("provider");
        names.remove("alias");
        return names;
    }

    static Schema schema(Map<String, Schema> table, String major, String type) {
        Schema s = table.get(type.startsWith("panos") ? major + ":" + type : type);
        assertTrue(s != null, "rendered " + type + " (panos " + major + ".x stack), which no documented schema here covers");
        return s;
    }

    static int check(JsonNode stack, String major) {
        int checked = 0;
        for (var types = stack.path("resource").fields(); types.hasNext(); ) {
            var type = types.next();
            Schema s = schema(RESOURCES, major, type.getKey());
            for (JsonNode r : type.getValue()) {
                Set<String> args = arguments(r);
                Set<String> unknown = new TreeSet<>(args);
                unknown.removeAll(s.arguments());
                assertTrue(unknown.isEmpty(), type.getKey() + ": " + unknown + " not in " + s.doc());
                assertTrue(args.containsAll(s.required()), type.getKey() + ": needs " + s.required() + " (" + s.doc() + ")");
                checked++;
            }
        }
        for (var types = stack.path("provider").fields(); types.hasNext(); ) {
            var type = types.next();
            Schema s = schema(PROVIDERS, major, type.getKey());
            for (JsonNode p : type.getValue()) {
                Set<String> unknown = new TreeSet<>(arguments(p));
                unknown.removeAll(s.arguments());
                assertTrue(unknown.isEmpty(), "provider " + type.getKey() + ": " + unknown + " not in " + s.doc());
                assertTrue(arguments(p).containsAll(s.required()), "provider " + type.getKey() + " needs " + s.required());
                checked++;
            }
        }
        return checked;
    }

    @Test
    void panos2StackUsesOnlyDocumentedArguments() {
        assertTrue(check(v2, "2") >= 25, "resources and providers checked");
        for (String type : new String[] {"panos_address", "panos_address_group", "panos_administrative_tag"}) {
            for (JsonNode r : v2.path("resource").path(type)) {
                JsonNode location = r.path("location");
                assertEquals(1, location.size(), "exactly one location: " + location);
                var kind = location.fields().next();
                assertTrue(PANOS_LOCATION.containsKey(kind.getKey()), kind.getKey());
                Set<String> inner = new TreeSet<>();
                kind.getValue().fieldNames().forEachRemaining(inner::add);
                assertTrue(PANOS_LOCATION.get(kind.getKey()).containsAll(inner), type + " location " + location);
            }
        }
    }

    @Test
    void panos1StackUsesOnlyDocumentedArgumentsAndThePanoramaTypes() {
        assertTrue(check(v1, "1") >= 25, "resources and providers checked");
        JsonNode res = v1.path("resource");
        assertEquals(Set.of("dc1_pa_payments", "dc1_pa_reports"), names(res.path("panos_address_group")),
                "firewall groups only");
        assertEquals(Set.of("pano_orders"), names(res.path("panos_panorama_address_group")));
        assertEquals("dg-egress", res.at("/panos_panorama_address_group/pano_orders/device_group").asText());
        assertEquals(Set.of("dc1_pa_gatewarden"), names(res.path("panos_administrative_tag")));
        assertEquals(Set.of("pano_gatewarden"), names(res.path("panos_panorama_administrative_tag")));
        assertEquals("vsys2", res.at("/panos_address_object/dc1_pa_payments_0/vsys").asText());
        assertEquals("dg-egress", res.at("/panos_address_object/pano_orders_0/device_group").asText());
        assertEquals("${panos_panorama_administrative_tag.pano_gatewarden.name}",
                res.at("/panos_address_object/pano_orders_0/tags/0").asText());
        assertEquals("~> 1.11", v1.at("/terraform/required_providers/panos/version").asText());
        assertTrue(v1.at("/terraform/required_version").isMissingNode(), "panos 1.x has no Terraform 1.8 floor");
        assertFalse(res.has("panos_address"), "no 2.x type in a 1.x stack");
    }

    @Test
    void sharedLocationsRenderPerMajor() throws IOException {
        String yaml = Fixtures.CONFIG.replace("location: device-group\n    deviceGroup: dg-egress", "location: shared");
        ObjectMapper json = new ObjectMapper();
        JsonNode s2 = json.readTree(Synth.run(Fixtures.config(yaml), dir.resolve("shared2"), "gw-test", null,
                PanosVersion.V2).stackFile().toFile());
        assertEquals("{\"shared\":{}}", s2.at("/resource/panos_address/pano_orders_0/location").toString());
        JsonNode s1 = json.readTree(Synth.run(Fixtures.config(yaml), dir.resolve("shared1"), "gw-test", null,
                PanosVersion.V1).stackFile().toFile());
        // without panorama: true, a shared location is the firewall's: vsys "shared" in 1.x
        assertEquals("shared", s1.at("/resource/panos_address_object/pano_orders_0/vsys").asText());
    }

    static Set<String> names(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }
}
