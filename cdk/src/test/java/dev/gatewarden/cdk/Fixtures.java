package dev.gatewarden.cdk;

import dev.gatewarden.config.ConfigLoader;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.PluginCatalog;
import dev.gatewarden.config.SecretResolver;
import dev.gatewarden.ownership.NameRules;
import dev.gatewarden.spi.SettingSpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A multi-cloud config with PAN-OS and FortiOS bindings, and a plugin catalog mirroring the real plugins' keys. */
final class Fixtures {
    /** Secret values the config references; none may ever appear in the synthesized output. */
    static final Map<String, String> SECRETS = Map.of(
            "PANOS_API_KEY", "LUFRPT1-panos-S3cr3t-Key-0042",
            "PANORAMA_PASSWORD", "pan0rama-Pa55word-0043",
            "FORTIOS_TOKEN", "fgt-T0ken-Value-0044",
            "AWS_SECRET", "aws-Secret-Access-Key-0045",
            "AZURE_CLIENT_SECRET", "azure-Client-Secret-0046");

    static final String CONFIG = """
            owner: prod-eu-1
            clouds:
              - name: aws-prod
                provider: aws
                region: eu-west-1
                accessKeyId: ${env:AWS_SECRET}
                secretAccessKey: ${env:AWS_SECRET}
              - name: azure-prod
                provider: azure
                subscriptionId: 00000000-0000-0000-0000-000000000001
                resourceGroup: rg-egress
                location: westeurope
                zones: "1,2,3"
                clientSecret: ${env:AZURE_CLIENT_SECRET}
              - name: gcp-prod
                provider: gcp
                project: acme-egress
                region: europe-west1
            firewalls:
              - name: dc1-pa
                type: paloalto
                url: https://pa-dc1.corp.example
                apiKey: ${env:PANOS_API_KEY}
                vsys: vsys2
              - name: pano
                type: paloalto
                url: https://panorama.corp.example:8443
                username: automation
                password: ${env:PANORAMA_PASSWORD}
                location: device-group
                deviceGroup: dg-egress
              - name: dc2-fgt
                type: fortinet
                url: https://fgt-dc2.corp.example:10443
                token: ${env:FORTIOS_TOKEN}
                vdom: egress
                caBundle: /etc/ssl/fgt-ca.pem
            gateways:
              - name: payments
                cloud: aws-prod
                addresses: 2
                public: true
                reservation: external
                nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001, aws:///eu-west-1b/i-0a1b2c3d4e5f60002]
                publish:
                  - {firewall: dc1-pa, group: k8s-egress-payments, addresses: public}
                  - {firewall: dc2-fgt, addresses: public}
                  - {firewall: pano, group: payments-private, addresses: private}
              - name: orders
                cloud: azure-prod
                addresses: 1
                public: true
                reservation: external
                nodes: [azure:///subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-nodes/providers/Microsoft.Compute/virtualMachines/vm-1]
                publish:
                  - {firewall: pano, addresses: public}
                  - {firewall: dc2-fgt, addresses: public}
              - name: reports
                cloud: gcp-prod
                addresses: 2
                public: true
                reservation: external
                nodes: [gce://acme-egress/europe-west1-b/gw-node-1]
                publish:
                  - {firewall: dc1-pa, addresses: public}
              - name: legacy
                cloud: aws-prod
                addresses: 1
                public: true
                nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001]
                publish:
                  - {firewall: dc1-pa, addresses: public}
            """;

    private Fixtures() {
    }

    static PluginCatalog catalog() {
        NameRules panos = new NameRules("PAN-OS", 63, Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]*"), "letters, digits, '.', '_', '-', space");
        NameRules fortios = new NameRules("FortiOS", 79, Pattern.compile("[^\"<>&]+"), "no quotes, <, > or &");
        return PluginCatalog.of(
                Map.of("aws", List.of(
                                SettingSpec.string("region", true, ""),
                                SettingSpec.string("profile", false, ""),
                                SettingSpec.secret("accessKeyId", false, ""),
                                SettingSpec.secret("secretAccessKey", false, "")),
                        "azure", List.of(
                                SettingSpec.string("subscriptionId", true, ""),
                                SettingSpec.string("resourceGroup", false, ""),
                                SettingSpec.string("location", false, ""),
                                SettingSpec.string("zones", false, ""),
                                SettingSpec.secret("clientSecret", false, "")),
                        "gcp", List.of(
                                SettingSpec.string("project", true, ""),
                                SettingSpec.string("region", false, ""))),
                Map.of("paloalto", List.of(
                                SettingSpec.string("url", true, ""),
                                SettingSpec.secret("apiKey", false, ""),
                                SettingSpec.string("username", false, ""),
                                SettingSpec.secret("password", false, ""),
                                SettingSpec.oneOf("location", false, "", "vsys", "vsys", "device-group", "shared"),
                                SettingSpec.string("vsys", false, ""),
                                SettingSpec.string("deviceGroup", false, "")),
                        "fortinet", List.of(
                                SettingSpec.string("url", true, ""),
                                SettingSpec.secret("token", true, ""),
                                SettingSpec.string("vdom", false, ""),
                                SettingSpec.string("caBundle", false, ""),
                                SettingSpec.bool("insecureSkipTlsVerify", "", false))),
                Map.of("paloalto", panos, "fortinet", fortios));
    }

    static GatewardenConfig config() {
        return config(CONFIG);
    }

    static GatewardenConfig config(String yaml) {
        return ConfigLoader.parse("test.yaml", yaml, catalog(), SecretResolver.from(SECRETS));
    }
}
