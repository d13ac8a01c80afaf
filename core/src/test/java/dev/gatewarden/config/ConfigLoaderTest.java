package dev.gatewarden.config;

import dev.gatewarden.apply.PublishPolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.DesiredGroup;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.spi.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final String PANOS_KEY = "LUFRPT1-s3cr3t-Value-42";
    static final String FGT_TOKEN = "fgt-T0ken-Value-77";
    static final SecretResolver ENV = SecretResolver.from(Map.of("PANOS_API_KEY", PANOS_KEY,
            "FGT_TOKEN", FGT_TOKEN, "PA_VSYS", "vsys2", "RETRIES", "5"));

    static final String VALID = """
            owner: prod-eu-1
            auditLog: /var/log/gatewarden/audit.jsonl
            policy:
              publish: best-effort
              maxDeleteFraction: 0.25
            clouds:
              - name: aws-prod
                provider: aws
                region: eu-west-1
                maxRetries: ${env:RETRIES}
            firewalls:
              - name: dc1-pa
                type: paloalto
                naming: {object: "gw-{owner}-{gateway}-{ip}", group: "gw-{owner}-{gateway}"}
                url: https://pa-dc1.corp.example
                apiKey: ${env:PANOS_API_KEY}
                vsys: ${env:PA_VSYS}
                timeout: 45s
              - name: dc2-fgt
                type: fortinet
                url: https://fgt-dc2.corp.example
                token: ${env:FGT_TOKEN}
            gateways:
              - name: payments
                cloud: aws-prod
                addresses: 2
                public: true
                nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001, aws:///eu-west-1b/i-0a1b2c3d4e5f60002]
                privateIps: [10.0.1.50, 10.0.2.50]
                interface: {deviceIndex: 1}
                publish:
                  - {firewall: dc1-pa, group: k8s-egress-payments, addresses: private}
                  - {firewall: dc2-fgt, addresses: public}
              - name: partners
                cloud: aws-prod
                addresses: 1
                mode: firewall-only
                publicIps: [203.0.113.7]
                kubernetes: {source: calico, namespace: egress, name: partners}
                publish:
                  - firewall: dc1-pa
                    addresses: public
            """;

    static GatewardenConfig load(String yaml) {
        return ConfigLoader.parse("test.yaml", yaml, TestCatalog.catalog(), ENV);
    }

    static InvalidConfigException fails(String yaml) {
        return assertThrows(InvalidConfigException.class, () -> load(yaml));
    }

    /** "test.yaml:LINE:COL" of the first occurrence of {@code marker} (after {@code after}, if given). */
    static String at(String yaml, String marker) {
        return at(yaml, marker, 0);
    }

    static String at(String yaml, String marker, int from) {
        int i = yaml.indexOf(marker, from);
        assertTrue(i >= 0, "marker not found: " + marker);
        int line = 1;
        int lineStart = 0;
        for (int k = 0; k < i; k++) {
            if (yaml.charAt(k) == '\n') {
                line++;
                lineStart = k + 1;
            }
        }
        return "test.yaml:" + line + ":" + (i - lineStart + 1);
    }

    /** Some problem line starts with {@code location: path: } and contains every hint. */
    static void assertProblem(InvalidConfigException e, String location, String path, String... hints) {
        String prefix = location + ": " + path + ": ";
        List<String> candidates = e.getMessage().lines().filter(l -> l.startsWith(prefix)).toList();
        assertFalse(candidates.isEmpty(), "no problem starting with '" + prefix + "' in:\n" + e.getMessage());
        assertTrue(candidates.stream().anyMatch(l -> java.util.Arrays.stream(hints).allMatch(l::contains)),
                "no problem at '" + prefix + "' contains all of " + List.of(hints) + " in:\n" + e.getMessage());
    }

    @Test
    void validConfigLoads() {
        GatewardenConfig c = load(VALID);
        assertEquals("prod-eu-1", c.owner());
        assertEquals(Path.of("/var/log/gatewarden/audit.jsonl"), c.auditLog());
        assertEquals(PublishPolicy.BEST_EFFORT, c.publishPolicy());
        assertEquals(0.25, c.maxDeleteFraction());

        assertEquals(1, c.clouds().size());
        CloudAccount aws = c.clouds().get(0);
        assertEquals("aws", aws.provider());
        assertEquals("eu-west-1", aws.settings().requireString("region"));
        assertEquals(5, aws.settings().integer("maxRetries").orElseThrow());
        assertEquals("clouds[aws-prod]", aws.settings().where());

        FirewallTarget pa = c.firewall("dc1-pa").orElseThrow();
        assertEquals("paloalto", pa.type());
        Secret key = pa.settings().secret("apiKey").orElseThrow();
        assertEquals(PANOS_KEY, key.reveal());
        assertEquals("${env:PANOS_API_KEY}", key.reference());
        assertEquals("vsys2", pa.settings().requireString("vsys"));
        assertEquals(Duration.ofSeconds(45), Duration.parse(pa.settings().requireString("timeout")));
        assertEquals(FGT_TOKEN, c.firewall("dc2-fgt").orElseThrow().settings().secret("token").orElseThrow().reveal());

        Gateway payments = c.gateway("payments").orElseThrow();
        assertEquals(2, payments.addresses());
        assertTrue(payments.publicIps());
        assertEquals(2, payments.nodes().size());
        assertEquals("i-0a1b2c3d4e5f60002", payments.nodes().get(1).instance());
        assertEquals(List.of("10.0.1.50", "10.0.2.50"), payments.privateIps());
        assertEquals(1, payments.nic().deviceIndex());
        assertEquals(AddressKind.PUBLIC, payments.publish().get(1).addresses());

        Gateway partners = c.gateway("partners").orElseThrow();
        assertEquals(GatewayMode.FIREWALL_ONLY, partners.mode());
        assertEquals(List.of("203.0.113.7"), partners.publicIpsFixed());
        assertEquals(KubernetesSource.Kind.CALICO, c.kubernetes().get("partners").source());

        DesiredState d = c.desiredState();
        assertEquals(3, d.slots().size());
        assertEquals(List.of("payments", "partners"), d.gateways());
        // explicit group kept; a binding without group gets the firewall's default group name
        assertTrue(d.groups().stream().anyMatch(g -> g.firewall().equals("dc1-pa") && g.group().equals("k8s-egress-payments")));
        DesiredGroup fgt = d.groups().stream().filter(g -> g.firewall().equals("dc2-fgt")).findFirst().orElseThrow();
        assertEquals("gw-prod-eu-1-payments", fgt.group());
        assertEquals(List.of(new SlotId("payments", 0), new SlotId("payments", 1)), fgt.slots());
        assertEquals("203.0.113.7", d.slotsById().get(new SlotId("partners", 0)).fixedPublicIp());
        assertEquals(pa.naming(), d.naming().get("dc1-pa"));
    }

    @Test
    void loadsFromFileAndResolvesFileSecretsWithoutTrailingNewline(@TempDir Path dir) throws IOException {
        Path token = dir.resolve("token");
        Files.writeString(token, FGT_TOKEN + "\n");
        Path file = dir.resolve("gatewarden.yaml");
        Files.writeString(file, VALID.replace("${env:FGT_TOKEN}", "${file:" + token + "}"));
        GatewardenConfig c = ConfigLoader.load(file, TestCatalog.catalog(), ENV);
        Secret s = c.firewall("dc2-fgt").orElseThrow().settings().secret("token").orElseThrow();
        assertEquals(FGT_TOKEN, s.reveal());
        assertEquals("${file:" + token + "}", s.reference());
    }

    @Test
    void missingFileIsAnActionableConfigException(@TempDir Path dir) {
        Path file = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, TestCatalog.catalog(), ENV));
        assertTrue(e.getMessage().startsWith(file + ": no such file"), e.getMessage());
    }

    @Test
    void typoedKeyIsLocatedWithSuggestion() {
        String yaml = VALID.replace("    addresses: 2\n", "    adresses: 2\n");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "adresses"), "gateways[0].adresses", "unknown key", "did you mean 'addresses'?");
    }

    @Test
    void typoedPluginSettingIsLocatedWithSuggestion() {
        String yaml = VALID.replace("    region: eu-west-1", "    regoin: eu-west-1");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "regoin"), "clouds[0].regoin", "unknown key; did you mean 'region'?");
        // and the required setting is reported missing, at the entry
        assertProblem(e, at(yaml, "name: aws-prod"), "clouds[0].region", "required", "region: <text>");
    }

    @Test
    void badIpIsLocated() {
        String yaml = VALID.replace("10.0.2.50", "10.0.2.300");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "10.0.2.300"), "gateways[0].privateIps[1]", "'10.0.2.300'", "not a valid IPv4 address");
    }

    @Test
    void hostNamesAreNotIpsAndAreNeverLookedUp() {
        assertNull(GatewayBinder.ipProblem("fd00::5"));
        assertNull(GatewayBinder.ipProblem("2001:db8::1"));
        assertNull(GatewayBinder.ipProblem("192.168.0.1"));
        assertTrue(GatewayBinder.ipProblem("localhost").contains("not a host name"));
        assertTrue(GatewayBinder.ipProblem("example.invalid").contains("not a host name"));
        assertTrue(GatewayBinder.ipProblem("fd00::zz").contains("not a host name"));
        assertTrue(GatewayBinder.ipProblem("fd00:::1:::").contains("not a valid IPv6"));
        assertTrue(GatewayBinder.ipProblem("10.0.0.0/24").contains("CIDR"));
        assertTrue(GatewayBinder.ipProblem("010.0.0.1").contains("leading zeros"));
    }

    @Test
    void nameTooLongForTheFirewallNamesFirewallRenderedNameLengthAndLimit() {
        String longName = "payments-settlement-and-clearing-eu-west";   // 40 characters: fine as a tag value
        String yaml = VALID.replace("name: payments", "name: " + longName);
        InvalidConfigException e = fails(yaml);
        String rendered = "gw-prod-eu-1-" + longName + "-255.255.255.255";
        assertProblem(e, at(yaml, longName), "gateways[0].name", "too long for firewall 'dc1-pa' (publish[0])",
                "'" + rendered + "'", rendered.length() + " characters", "PAN-OS allows at most 63",
                "naming.object");
        // FortiOS allows 79: no complaint for dc2-fgt
        assertFalse(e.getMessage().contains("firewall 'dc2-fgt'"), e.getMessage());
        assertEquals(1, e.problems().size(), e.getMessage());
    }

    @Test
    void ipv6AddressesLoadAndLongOnesAreCheckedAgainstNameRules() {
        String v6 = "fd00:1234:5678:9abc:def0:1234:5678:9abc";
        String ok = VALID.replace("[10.0.1.50, 10.0.2.50]", "[fd00::5, \"fd00::6\"]");
        assertEquals(List.of("fd00::5", "fd00::6"), load(ok).gateway("payments").orElseThrow().privateIps());

        String tooLong = VALID.replace("[10.0.1.50, 10.0.2.50]", "[\"" + v6 + "\"]")
                .replace("name: payments", "name: payments-eu");
        InvalidConfigException e = fails(tooLong);
        assertProblem(e, at(tooLong, "payments-eu"), "gateways[0].name", "too long for firewall 'dc1-pa'",
                "gw-prod-eu-1-payments-eu-fd00-1234-5678-9abc-def0-1234-5678-9abc", "64 characters",
                "rendered with IP " + v6);
    }

    @Test
    void groupNameTooLongIsReported() {
        String group = "k8s-egress-payments-" + "x".repeat(50);
        String yaml = VALID.replace("group: k8s-egress-payments", "group: " + group);
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, group), "gateways[0].publish[0].group", "firewall 'dc1-pa' would reject this group name",
                "'" + group + "'", "70 characters", "at most 63");

        String longName = "payments-" + "x".repeat(45);
        String viaTemplate = VALID.replace("name: payments", "name: " + longName)
                .replace("group: \"gw-{owner}-{gateway}\"", "group: \"group-of-{owner}-and-{gateway}-x\"")
                .replace("group: k8s-egress-payments, ", "");
        InvalidConfigException t = fails(viaTemplate);
        assertProblem(t, at(viaTemplate, longName), "gateways[0].name", "its default group name would be",
                "naming.group template (now 'group-of-{owner}-and-{gateway}-x')");
    }

    @Test
    void badNamingTemplateIsLocated() {
        String yaml = VALID.replace("\"gw-{owner}-{gateway}-{ip}\"", "\"gw-{owner}-{gateway}\"");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "\"gw-{owner}-{gateway}\""), "firewalls[0].naming.object", "must contain {ip}");
    }

    @Test
    void missingSecretEnvReferenceNamesTheReference() {
        String yaml = VALID.replace("${env:PANOS_API_KEY}", "${env:PANOS_KEY_TYPO}");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "${env:PANOS_KEY_TYPO}"), "firewalls[0].apiKey",
                "cannot resolve ${env:PANOS_KEY_TYPO}", "environment variable PANOS_KEY_TYPO is not set", "export it");
    }

    @Test
    void missingSecretFileNamesTheReference(@TempDir Path dir) {
        Path missing = dir.resolve("absent-token");
        String yaml = VALID.replace("${env:FGT_TOKEN}", "${file:" + missing + "}");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "${file:"), "firewalls[1].token", "cannot resolve ${file:" + missing + "}",
                "does not exist");
    }

    @Test
    void inlineSecretIsRefusedWithoutShowingIt() {
        String yaml = VALID.replace("${env:PANOS_API_KEY}", PANOS_KEY);
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, PANOS_KEY), "firewalls[0].apiKey", "inline secret is not allowed",
                "put it in an environment variable or file and reference it", "${env:API_KEY}");
        assertFalse(e.getMessage().contains(PANOS_KEY));
        assertFalse(e.problems().toString().contains(PANOS_KEY));
    }

    @Test
    void partialReferenceIsRefused() {
        String yaml = VALID.replace("${env:PANOS_API_KEY}", "Bearer-${env:PANOS_API_KEY}");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "Bearer-"), "firewalls[0].apiKey", "must be the whole value");
    }

    @Test
    void unknownProviderAndFirewallTypeListTheKnownOnes() {
        String yaml = VALID.replace("provider: aws", "provider: awz").replace("type: fortinet", "type: fortigate");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "awz"), "clouds[0].provider", "unknown provider 'awz'",
                "known providers are aws, azure", "did you mean 'aws'?");
        assertProblem(e, at(yaml, "fortigate"), "firewalls[1].type", "unknown firewall type 'fortigate'",
                "known firewall types are fortinet, paloalto");
    }

    @Test
    void unknownCloudAndFirewallReferences() {
        String yaml = VALID.replace("cloud: aws-prod\n    addresses: 2", "cloud: aws-prd\n    addresses: 2")
                .replace("{firewall: dc2-fgt", "{firewall: dc3-fgt");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "aws-prd"), "gateways[0].cloud", "no cloud named 'aws-prd'", "use one of aws-prod",
                "did you mean 'aws-prod'?");
        assertProblem(e, at(yaml, "dc3-fgt"), "gateways[0].publish[1].firewall", "no firewall named 'dc3-fgt'",
                "dc1-pa, dc2-fgt");
    }

    @Test
    void duplicateNames() {
        String yaml = VALID.replace("name: partners", "name: payments").replace("name: dc2-fgt", "name: dc1-pa");
        InvalidConfigException e = fails(yaml);
        int second = VALID.indexOf("name: partners");
        assertProblem(e, at(yaml, "payments", second), "gateways[1].name", "duplicate gateway name 'payments'",
                "gateways[0]", "unique");
        assertProblem(e, at(yaml, "dc1-pa", yaml.indexOf("name: dc1-pa") + 8), "firewalls[1].name",
                "duplicate firewall name 'dc1-pa'");
    }

    @Test
    void duplicateKeyInOneMapping() {
        String yaml = VALID.replace("    public: true\n", "    public: true\n    public: false\n");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "public: false"), "gateways[0].public", "duplicate key");
    }

    @Test
    void badProviderIdIsLocatedAndListsAcceptedForms() {
        String yaml = VALID.replace("aws:///eu-west-1b/i-0a1b2c3d4e5f60002", "x");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "x]"), "gateways[0].nodes[1]", "unsupported provider ID 'x'", "expected aws:///",
                "spec.providerID");
    }

    @Test
    void nodeOfAnotherCloudIsRefused() {
        String yaml = VALID.replace("aws:///eu-west-1b/i-0a1b2c3d4e5f60002", "gce://proj/europe-west1-b/node-1");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "gce://"), "gateways[0].nodes[1]", "is a gcp node", "provider aws");
    }

    @Test
    void wrongTypeForAddresses() {
        String yaml = VALID.replace("addresses: 2", "addresses: two");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "two"), "gateways[0].addresses", "must be a whole number", "the string 'two'");

        String quoted = VALID.replace("addresses: 2", "addresses: \"2\"");
        assertProblem(fails(quoted), at(quoted, "\"2\""), "gateways[0].addresses", "remove the quotes");
    }

    @Test
    void yaml11BooleansAreRefusedNotMisread() {
        String yaml = VALID.replace("public: true", "public: yes").replace("timeout: 45s", "insecureSkipTlsVerify: on");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "yes"), "gateways[0].public", "must be true or false", "'yes'");
        assertProblem(e, at(yaml, "on\n", yaml.indexOf("insecureSkipTlsVerify")), "firewalls[0].insecureSkipTlsVerify",
                "must be true or false", "'on'");
    }

    @Test
    void emptySecretsLoadForTheSandboxPlaceholderResolver() {
        SecretResolver placeholder = ref -> ref.name().equals("RETRIES") ? "1" : ref.name().equals("PA_VSYS") ? "v" : "";
        GatewardenConfig c = ConfigLoader.parse("test.yaml", VALID, TestCatalog.catalog(), placeholder);
        assertEquals("", c.firewall("dc1-pa").orElseThrow().settings().secret("apiKey").orElseThrow().reveal());
    }

    @Test
    void ownerMayComeFromTheEnvironment() {
        GatewardenConfig c = ConfigLoader.parse("test.yaml", VALID.replace("owner: prod-eu-1", "owner: ${env:CLUSTER}"),
                TestCatalog.catalog(), SecretResolver.from(Map.of("CLUSTER", "prod-us-2", "PANOS_API_KEY", "k",
                        "FGT_TOKEN", "t", "PA_VSYS", "vsys1", "RETRIES", "1")));
        assertEquals("prod-us-2", c.owner());
    }

    @Test
    void duplicateIpsAndSharedGroupsAreRefused() {
        String yaml = VALID.replace("[10.0.1.50, 10.0.2.50]", "[10.0.1.50, 10.0.1.50]")
                .replace("  - name: dc2-fgt\n    type: fortinet\n", "  - name: dc2-fgt\n    type: fortinet\n    naming: {group: \"shared-{owner}\"}\n")
                .replace("    publish:\n      - firewall: dc1-pa\n        addresses: public",
                        "    publish:\n      - firewall: dc2-fgt\n        addresses: public");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "10.0.1.50]"), "gateways[0].privateIps[1]", "also given at gateways[0].privateIps[0]");
        assertProblem(e, at(yaml, "firewall: dc2-fgt\n        addresses: public"), "gateways[1].publish[0]",
                "group 'shared-prod-eu-1' on firewall 'dc2-fgt' is already used by gateway 'payments'", "{gateway}");
    }

    @Test
    void nodesAndDiscoveryAreExclusiveAndManagedGatewaysNeedNodes() {
        String yaml = VALID.replace("    nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001, aws:///eu-west-1b/i-0a1b2c3d4e5f60002]\n", "");
        assertProblem(fails(yaml), at(yaml, "name: payments"), "gateways[0].nodes", "needs the nodes",
                "kubernetes: {source: calico");
        String both = VALID.replace("    mode: firewall-only\n", "    nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60009]\n")
                .replace("    publicIps: [203.0.113.7]\n", "");
        assertProblem(fails(both), at(both, "{source: calico"), "gateways[1].kubernetes", "not both");
    }

    @Test
    void publicBindingNeedsPublicIps() {
        String yaml = VALID.replace("    public: true\n", "");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "public}"), "gateways[0].publish[1].addresses", "gateway 'payments' has no public IPs",
                "set public: true");
    }

    @Test
    void invalidNamesAreRefused() {
        String yaml = VALID.replace("owner: prod-eu-1", "owner: Prod_EU").replace("name: aws-prod", "name: aws--prod");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, at(yaml, "Prod_EU"), "owner", "'Prod_EU' is not a valid owner name", "lowercase");
        assertProblem(e, at(yaml, "aws--prod"), "clouds[0].name", "not a valid cloud account name");
    }

    @Test
    void missingOwnerAndWrongShapes() {
        String yaml = VALID.replace("owner: prod-eu-1\n", "").replace("interface: {deviceIndex: 1}",
                "interface: {deviceIndex: 1, subnet: subnet-abc}").replace("mode: firewall-only", "mode: firewall_only");
        InvalidConfigException e = fails(yaml);
        assertProblem(e, "test.yaml:1:1", "owner", "required", "owner: <name>");
        assertProblem(e, at(yaml, "{deviceIndex: 1,"), "gateways[0].interface", "deviceIndex or by subnet, not both");
        assertProblem(e, at(yaml, "firewall_only"), "gateways[1].mode", "managed, firewall-only",
                "did you mean 'firewall-only'?");
    }

    @Test
    void severalErrorsAreReportedTogetherInFileOrder() {
        String yaml = VALID.replace("provider: aws", "provider: awz")
                .replace("${env:PANOS_API_KEY}", "${env:NOT_SET}")
                .replace("addresses: 2", "addresses: two")
                .replace("10.0.2.50", "10.0.2.256");
        InvalidConfigException e = fails(yaml);
        List<String> lines = e.getMessage().lines().toList();
        assertEquals(4, lines.size(), e.getMessage());
        assertEquals(4, e.problems().size());
        assertTrue(lines.get(0).contains("clouds[0].provider"));
        assertTrue(lines.get(1).contains("firewalls[0].apiKey"));
        assertTrue(lines.get(2).contains("gateways[0].addresses"));
        assertTrue(lines.get(3).contains("gateways[0].privateIps[1]"));
        assertInstanceOf(ConfigException.class, e);
    }

    @Test
    void yamlSyntaxErrorIsLocatedAndDoesNotEchoTheLine() {
        String yaml = VALID.replace("    apiKey: ${env:PANOS_API_KEY}", "    apiKey: " + PANOS_KEY + "\n   bad: [");
        InvalidConfigException e = fails(yaml);
        assertTrue(e.getMessage().startsWith("test.yaml:"), e.getMessage());
        assertTrue(e.getMessage().contains("YAML syntax error"), e.getMessage());
        assertFalse(e.getMessage().contains(PANOS_KEY), e.getMessage());
    }

    @Test
    void secretsNeverAppearInMessagesOrToString() {
        GatewardenConfig c = load(VALID);
        assertFalse(c.toString().contains(PANOS_KEY), c.toString());
        assertFalse(c.toString().contains(FGT_TOKEN));
        assertTrue(c.toString().contains("${env:PANOS_API_KEY}"));
        assertFalse(c.firewall("dc1-pa").orElseThrow().settings().toString().contains(PANOS_KEY));

        // an error elsewhere while secrets resolved fine: the message still holds no secret
        String other = VALID.replace("addresses: 2", "addresses: -1");
        InvalidConfigException e = fails(other);
        assertFalse(e.getMessage().contains(PANOS_KEY) || e.getMessage().contains(FGT_TOKEN));

        // a secret in a wrong-typed secret field (a number) is not echoed either
        String numeric = VALID.replace("${env:PANOS_API_KEY}", "123456789");
        InvalidConfigException n = fails(numeric);
        assertFalse(n.getMessage().contains("123456789"), n.getMessage());

        // a secret typed into a non-secret setting by reference is resolved but never printed on error
        String misplaced = VALID.replace("maxRetries: ${env:RETRIES}", "maxRetries: ${env:PANOS_API_KEY}");
        InvalidConfigException m = fails(misplaced);
        assertProblem(m, at(misplaced, "${env:PANOS_API_KEY}"), "clouds[0].maxRetries", "whole number",
                "the value of ${env:PANOS_API_KEY}");
        assertFalse(m.getMessage().contains(PANOS_KEY), m.getMessage());
    }

    @Test
    void emptyAndNonMappingDocuments() {
        assertEquals("test.yaml:1:1: the file is empty; start with 'owner: <name>'", fails("").getMessage());
        InvalidConfigException e = fails("- a\n- b\n");
        assertTrue(e.getMessage().startsWith("test.yaml:1:1: must be a mapping"), e.getMessage());
    }

    @Test
    void suggestionsUseEditDistance() {
        assertEquals("addresses", ValueReader.closest("adresses", List.of("name", "addresses", "nodes")).orElseThrow());
        assertEquals("apiKey", ValueReader.closest("apikey", List.of("url", "apiKey")).orElseThrow());
        assertTrue(ValueReader.closest("zzzz", List.of("url", "apiKey")).isEmpty());
        assertEquals(1, ValueReader.distance("pubilc", "public"));
    }

    @Test
    void durationsInShortAndIsoForm() {
        assertEquals(Duration.ofMillis(250), ValueReader.duration("250ms"));
        assertEquals(Duration.ofMinutes(5), ValueReader.duration("5m"));
        assertEquals(Duration.ofSeconds(30), ValueReader.duration("PT30S"));
        assertNull(ValueReader.duration("soon"));
    }
}
