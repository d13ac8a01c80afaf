package dev.gatewarden.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.ownership.Ownership;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthesizes the multi-cloud fixture once (AWS, Azure and GCP gateways; PAN-OS firewall, Panorama and FortiOS
 * bindings) and checks the Terraform JSON.
 */
class GatewardenStackTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern REF = Pattern.compile("\\$\\{([^}]*)}");

    @TempDir
    static Path dir;
    static Synth.Result result;
    static String text;
    static JsonNode root;

    @BeforeAll
    static void synth() throws IOException {
        result = Synth.run(Fixtures.config(), dir.resolve("first"), "gw-test", null);
        text = Files.readString(result.stackFile(), StandardCharsets.UTF_8);
        root = JSON.readTree(text);
    }

    static JsonNode resources(String type) {
        JsonNode n = root.path("resource").path(type);
        assertTrue(n.isObject() && n.size() > 0, "no " + type + " in the stack");
        return n;
    }

    /** The argument names of every resource of a type ("//" is cdktf's metadata, "provider" the meta-argument). */
    static Set<String> arguments(String type) {
        Set<String> names = new TreeSet<>();
        resources(type).forEach(r -> r.fieldNames().forEachRemaining(names::add));
        names.remove("//");
        names.remove("provider");
        return names;
    }

    static List<JsonNode> all(String type) {
        List<JsonNode> out = new ArrayList<>();
        resources(type).forEach(out::add);
        return out;
    }

    @Test
    void writesTheStackWhereTerraformExpectsIt() {
        assertEquals(dir.resolve("first/stacks/gw-test/cdk.tf.json"), result.stackFile());
        assertEquals(List.of("payments", "orders", "reports"), result.gateways(),
                "reservation: external gateways only (legacy is the engine's)");
        assertEquals("terraform.gw-test.tfstate", root.at("/terraform/backend/local/path").asText(),
                "explicit local backend with a relative path");
    }

    @Test
    void reservationsUseTheProvidersArgumentNames() {
        assertEquals(Set.of("domain", "tags"), arguments("aws_eip"));
        all("aws_eip").forEach(r -> assertEquals("vpc", r.path("domain").asText()));
        assertEquals(2, resources("aws_eip").size());

        assertEquals(Set.of("name", "resource_group_name", "location", "allocation_method", "sku", "zones", "tags"),
                arguments("azurerm_public_ip"));
        JsonNode az = resources("azurerm_public_ip").path("gw_orders_0");
        assertEquals("Static", az.path("allocation_method").asText());
        assertEquals("Standard", az.path("sku").asText());
        assertEquals("rg-egress", az.path("resource_group_name").asText());
        assertEquals("westeurope", az.path("location").asText());
        assertEquals(List.of("1", "2", "3"), strings(az.path("zones")), "the cloud's zones setting");

        assertEquals(Set.of("name", "address_type", "labels"), arguments("google_compute_address"),
                "project and region come from the provider block here");
        all("google_compute_address").forEach(r -> {
            assertEquals("EXTERNAL", r.path("address_type").asText());
            assertTrue(r.path("name").asText().matches("[a-z]([-a-z0-9]{0,61}[a-z0-9])?"), r.toString());
        });
    }

    @Test
    void reservationsCarryTheEngineOwnershipTagsAndTheExternalLifecycle() {
        Map<String, String> slots = Map.of("gw_payments_0", "payments/0", "gw_payments_1", "payments/1",
                "gw_orders_0", "orders/0", "gw_reports_0", "reports/0", "gw_reports_1", "reports/1");
        int seen = 0;
        for (String type : List.of("aws_eip", "azurerm_public_ip", "google_compute_address")) {
            String key = type.startsWith("google") ? "labels" : "tags";
            Iterator<Map.Entry<String, JsonNode>> it = resources(type).fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode tags = e.getValue().path(key);
                String[] slot = slots.get(e.getKey()).split("/");
                assertEquals("prod-eu-1", tags.path(Ownership.OWNER).asText(), e.getKey());
                assertEquals(slot[0], tags.path(Ownership.GATEWAY).asText(), e.getKey());
                assertEquals(slot[1], tags.path(Ownership.SLOT).asText(), e.getKey());
                assertEquals(Ownership.LIFECYCLE_EXTERNAL, tags.path(Ownership.LIFECYCLE).asText(), e.getKey());
                if (key.equals("labels")) {
                    tags.fields().forEachRemaining(l -> {
                        assertTrue(l.getKey().matches("[a-z][a-z0-9_-]{0,62}"), "GCP label key " + l.getKey());
                        assertTrue(l.getValue().asText().matches("[a-z0-9_-]{0,63}"), "GCP label value " + l.getValue());
                    });
                }
                seen++;
            }
        }
        assertEquals(slots.size(), seen);
    }

    @Test
    void firewallObjectsUseThePanos2ArgumentNamesAndReferenceTheReservations() {
        assertEquals(Set.of("location", "name", "ip_netmask", "description", "tags"), arguments("panos_address"));
        assertEquals(Set.of("location", "name", "static", "description", "tag"), arguments("panos_address_group"));
        assertEquals(Set.of("location", "name", "comments"), arguments("panos_administrative_tag"));
        assertEquals(Set.of("name", "type", "subnet", "comment", "vdomparam"), arguments("fortios_firewall_address"));
        assertEquals(Set.of("name", "member", "comment", "vdomparam"), arguments("fortios_firewall_addrgrp"));
        assertTrue(root.path("resource").path("panos_address_object").isMissingNode(), "no 1.x type in a 2.x stack");

        JsonNode pa = resources("panos_address").path("dc1_pa_payments_0");
        assertEquals("${aws_eip.gw_payments_0.public_ip}/32", pa.path("ip_netmask").asText());
        assertEquals("gw-prod-eu-1-payments-${aws_eip.gw_payments_0.public_ip}", pa.path("name").asText(),
                "the engine's naming template, with the IP as a reference");
        assertEquals("{\"vsys\":{\"name\":\"vsys2\"}}", pa.path("location").toString());
        assertEquals("panos.dc1_pa", pa.path("provider").asText());
        assertEquals(List.of("${panos_administrative_tag.dc1_pa_gatewarden.name}"), strings(pa.path("tags")));

        JsonNode pano = resources("panos_address").path("pano_orders_0");
        assertEquals("{\"device_group\":{\"name\":\"dg-egress\"}}", pano.path("location").toString(),
                "Panorama objects go to the device group");
        assertEquals("${azurerm_public_ip.gw_orders_0.ip_address}/32", pano.path("ip_netmask").asText());

        JsonNode group = resources("panos_address_group").path("dc1_pa_payments");
        assertEquals("k8s-egress-payments", group.path("name").asText(), "the binding's group");
        assertEquals(List.of("${panos_address.dc1_pa_payments_0.name}", "${panos_address.dc1_pa_payments_1.name}"),
                strings(group.path("static")));
        assertEquals(List.of("${panos_administrative_tag.dc1_pa_gatewarden.name}"), strings(group.path("tag")));
        assertEquals("gw-prod-eu-1-reports", resources("panos_address_group").path("dc1_pa_reports").path("name").asText(),
                "default group name from the firewall's naming template");
        assertEquals("{\"device_group\":{\"name\":\"dg-egress\"}}",
                resources("panos_administrative_tag").path("pano_gatewarden").path("location").toString());

        JsonNode fgt = resources("fortios_firewall_address").path("dc2_fgt_payments_0");
        assertEquals("ipmask", fgt.path("type").asText());
        assertEquals("${aws_eip.gw_payments_0.public_ip}/32", fgt.path("subnet").asText());
        assertEquals("egress", fgt.path("vdomparam").asText());
        JsonNode addrgrp = resources("fortios_firewall_addrgrp").path("dc2_fgt_payments");
        assertEquals(List.of("${fortios_firewall_address.dc2_fgt_payments_0.name}",
                "${fortios_firewall_address.dc2_fgt_payments_1.name}"),
                addrgrp.path("member").findValuesAsText("name"));
        assertEquals("${google_compute_address.gw_reports_1.address}/32",
                resources("panos_address").path("dc1_pa_reports_1").path("ip_netmask").asText());
    }

    @Test
    void everyReservedAddressIsAnOutput() {
        Map<String, String> expected = Map.of(
                "gw_payments_0_ip", "${aws_eip.gw_payments_0.public_ip}",
                "gw_payments_1_ip", "${aws_eip.gw_payments_1.public_ip}",
                "gw_orders_0_ip", "${azurerm_public_ip.gw_orders_0.ip_address}",
                "gw_reports_0_ip", "${google_compute_address.gw_reports_0.address}",
                "gw_reports_1_ip", "${google_compute_address.gw_reports_1.address}");
        JsonNode outputs = root.path("output");
        assertEquals(expected.keySet(), fieldNames(outputs));
        expected.forEach((name, value) -> {
            assertEquals(value, outputs.path(name).path("value").asText(), name);
            assertTrue(outputs.path(name).path("description").asText().startsWith("reserved public IP of "), name);
        });
        assertTrue(outputs.path("gw_orders_0_ip").path("description").asText()
                .contains("orders#0 (azurerm_public_ip.gw_orders_0)"), outputs.toString());
    }

    @Test
    void privateBindingsAndGatewaysTheEngineReservesAreNotRendered() {
        assertFalse(text.contains("payments-private"), "private IPs are assigned at run time: the engine's");
        assertFalse(text.contains("legacy"), "legacy has reservation: gatewarden");
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("private-address binding to pano")), result.notes().toString());
    }

    @Test
    void terraformsFirewallObjectsNeverCarryTheEnginesOwnershipMarks() {
        // the FortiOS adapter recognises "gatewarden owner=<owner>" in comments, the PAN-OS adapter the tag
        // "gatewarden-owner-<owner>": either would make the reconcile job manage (and withdraw) Terraform's objects
        assertFalse(text.contains("gatewarden owner="));
        assertFalse(text.contains("gatewarden-owner-"));
        all("panos_administrative_tag").forEach(t ->
                assertEquals(GatewardenStack.PANOS_TAG_PREFIX + "prod-eu-1", t.path("name").asText()));
    }

    @Test
    void everyReferenceResolvesToSomethingInTheStack() {
        List<String> refs = new ArrayList<>();
        collectStrings(root.path("resource"), refs);
        collectStrings(root.path("provider"), refs);
        collectStrings(root.path("output"), refs);
        Set<String> checked = new TreeSet<>();
        for (String s : refs) {
            Matcher m = REF.matcher(s);
            while (m.find()) {
                String expr = m.group(1);
                String[] parts = expr.split("\\.");
                if (parts[0].equals("var")) {
                    assertEquals(2, parts.length, expr);
                    assertTrue(root.path("variable").has(parts[1]), "undeclared variable in " + expr);
                } else {
                    assertEquals(3, parts.length, "expected <type>.<name>.<attribute>: " + expr);
                    assertTrue(root.path("resource").path(parts[0]).has(parts[1]), "no resource for " + expr);
                    assertTrue(Set.of("public_ip", "ip_address", "address", "name").contains(parts[2]), expr);
                }
                checked.add(expr);
            }
        }
        assertTrue(checked.size() >= 15, "references found: " + checked);
        // provider meta-arguments point at declared aliases
        Set<String> aliases = new TreeSet<>();
        root.path("provider").fields().forEachRemaining(p -> p.getValue().forEach(b ->
                aliases.add(p.getKey() + "." + b.path("alias").asText())));
        root.path("resource").forEach(type -> type.forEach(r ->
                assertTrue(aliases.contains(r.path("provider").asText()), "unknown provider " + r.path("provider"))));
        assertEquals(Set.of("aws.aws_prod", "azurerm.azure_prod", "google.gcp_prod", "panos.dc1_pa", "panos.pano",
                "fortios.dc2_fgt"), aliases);
    }

    @Test
    void requiredProvidersArePinnedAndCredentialsAreVariables() {
        JsonNode req = root.at("/terraform/required_providers");
        assertEquals("hashicorp/aws", req.at("/aws/source").asText());
        assertEquals("hashicorp/azurerm", req.at("/azurerm/source").asText());
        assertEquals("hashicorp/google", req.at("/google/source").asText());
        assertEquals("PaloAltoNetworks/panos", req.at("/panos/source").asText());
        assertEquals("fortinetdev/fortios", req.at("/fortios/source").asText());
        req.forEach(p -> assertFalse(p.path("version").asText().isBlank(), "unpinned: " + p));
        assertEquals(">= 2.0, < 3.0", req.at("/panos/version").asText(), "panos 2.x types and arguments");
        assertEquals(">= 1.8", root.at("/terraform/required_version").asText(), "what panos 2.x needs");
        assertEquals(">= 3.90, < 6.0", req.at("/azurerm/version").asText(), "azurerm 5.x is current");

        JsonNode pa = provider("panos", "dc1_pa");
        assertEquals("${var.dc1_pa_api_key}", pa.path("api_key").asText());
        assertEquals("pa-dc1.corp.example", pa.path("hostname").asText());
        JsonNode pano = provider("panos", "pano");
        assertEquals("${var.pano_password}", pano.path("password").asText());
        assertEquals("automation", pano.path("username").asText());
        assertEquals(8443, pano.path("port").asInt());
        JsonNode fgt = provider("fortios", "dc2_fgt");
        assertEquals("${var.dc2_fgt_token}", fgt.path("token").asText());
        assertEquals("fgt-dc2.corp.example:10443", fgt.path("hostname").asText());
        assertEquals("/etc/ssl/fgt-ca.pem", fgt.path("cabundlefile").asText());
        assertEquals(Set.of("alias", "region"), fieldNames(provider("aws", "aws_prod")), "no access keys");
        assertEquals(Set.of("alias", "features", "subscription_id"), fieldNames(provider("azurerm", "azure_prod")));
        assertEquals(Set.of("alias", "project", "region"), fieldNames(provider("google", "gcp_prod")));
        root.path("variable").forEach(v -> {
            assertTrue(v.path("sensitive").asBoolean(), "credential variables are sensitive: " + v);
            assertTrue(v.path("default").isMissingNode(), "no default value: " + v);
        });
        assertEquals(Set.of("dc1_pa_api_key", "pano_password", "dc2_fgt_token"), result.variables());
    }

    @Test
    void noSecretValueIsWrittenAnywhere() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir.resolve("first"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() >= 2, "manifest and stack: " + files);
        for (Path f : files) {
            String content = Files.readString(f, StandardCharsets.UTF_8);
            for (Map.Entry<String, String> secret : Fixtures.SECRETS.entrySet()) {
                assertFalse(content.contains(secret.getValue()), f + " contains the value of " + secret.getKey());
                assertFalse(content.contains(secret.getKey()), f + " names the secret reference " + secret.getKey());
            }
        }
    }

    @Test
    void sameConfigGivesByteIdenticalJson() throws IOException {
        Synth.Result again = Synth.run(Fixtures.config(), dir.resolve("second"), "gw-test", null);
        byte[] a = Files.readAllBytes(result.stackFile());
        byte[] b = Files.readAllBytes(again.stackFile());
        assertEquals(new String(a, StandardCharsets.UTF_8), new String(b, StandardCharsets.UTF_8));
        assertTrue(java.util.Arrays.equals(a, b));
    }

    // ---------------------------------------------------------------- helpers

    static JsonNode provider(String type, String alias) {
        for (JsonNode b : root.path("provider").path(type)) {
            if (alias.equals(b.path("alias").asText())) {
                return b;
            }
        }
        throw new AssertionError("no provider " + type + "." + alias);
    }

    static Set<String> fieldNames(JsonNode n) {
        Set<String> s = new TreeSet<>();
        n.fieldNames().forEachRemaining(s::add);
        return s;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static void collectStrings(JsonNode n, List<String> out) {
        if (n.isTextual()) {
            out.add(n.asText());
        }
        n.forEach(c -> collectStrings(c, out));
    }
}
