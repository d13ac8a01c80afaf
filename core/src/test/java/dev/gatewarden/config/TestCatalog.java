package dev.gatewarden.config;

import dev.gatewarden.ownership.NameRules;
import dev.gatewarden.spi.SettingSpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A small catalog standing in for real plugins (core has none): two providers, two firewall types. */
final class TestCatalog {
    static final NameRules PANOS_LIKE = new NameRules("PAN-OS", 63,
            Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_. -]*$"), "letters, digits, '_', '.', '-' and spaces");
    static final NameRules FORTIOS_LIKE = new NameRules("FortiOS", 79,
            Pattern.compile("^[^\"<>&]+$"), "no quotes, <, > or &");

    private TestCatalog() {
    }

    static PluginCatalog catalog() {
        return PluginCatalog.of(
                Map.of("aws", List.of(
                                SettingSpec.string("region", true, "AWS region, e.g. eu-west-1"),
                                SettingSpec.string("profile", false, "shared credentials profile"),
                                SettingSpec.integer("maxRetries", false, "SDK retries", 3),
                                SettingSpec.oneOf("addressScope", false, "EIP domain", "vpc", "vpc", "standard")),
                        "azure", List.of(
                                SettingSpec.string("subscription", true, "subscription id"),
                                SettingSpec.string("resourceGroup", true, "resource group"),
                                SettingSpec.secret("clientSecret", false, "service principal secret"))),
                Map.of("paloalto", List.of(
                                SettingSpec.string("url", true, "https://firewall"),
                                SettingSpec.secret("apiKey", true, "XML API key"),
                                SettingSpec.string("vsys", false, "virtual system"),
                                SettingSpec.bool("insecureSkipTlsVerify", "no TLS verification", false),
                                new SettingSpec("timeout", SettingSpec.Type.DURATION, false, "request timeout",
                                        List.of(), "30s")),
                        "fortinet", List.of(
                                SettingSpec.string("url", true, "https://firewall"),
                                SettingSpec.secret("token", true, "REST API token"),
                                SettingSpec.string("vdom", false, "VDOM"))),
                Map.of("paloalto", PANOS_LIKE, "fortinet", FORTIOS_LIKE));
    }
}
