package dev.gatewarden.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.spi.CloudProviderFactory;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class AwsCloudProviderFactoryTest {
    private final AwsCloudProviderFactory factory = new AwsCloudProviderFactory();

    private static Settings settings(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return Settings.of("clouds[aws-prod]", m);
    }

    private ConfigException refused(Object... kv) {
        return assertThrows(ConfigException.class,
                () -> factory.create("aws-prod", settings(kv), new PluginContext("prod", null, null)));
    }

    @Test
    void isRegisteredAsAws() {
        List<String> ids = ServiceLoader.load(CloudProviderFactory.class).stream().map(p -> p.get().id()).toList();
        assertEquals(List.of("aws"), ids);
    }

    @Test
    void declaresItsSettings() {
        Map<String, SettingSpec> specs = new HashMap<>();
        factory.settings().forEach(s -> specs.put(s.name(), s));
        assertTrue(specs.get("region").required());
        assertEquals(SettingSpec.Type.SECRET, specs.get("accessKeyId").type());
        assertEquals(SettingSpec.Type.SECRET, specs.get("secretAccessKey").type());
        for (String name : List.of("profile", "roleArn", "externalId", "endpoint", "publicIpv4Pool", "maxAttempts")) {
            assertTrue(specs.containsKey(name), name);
            assertFalse(specs.get(name).required(), name);
        }
    }

    @Test
    void refusesInconsistentSettingsWithTheEntryName() {
        assertTrue(refused().getMessage().contains("clouds[aws-prod]: region is required"));
        assertTrue(refused("region", "Ireland").getMessage().contains("not an AWS region"));
        assertTrue(refused("region", "eu-west-1", "accessKeyId", new Secret("${env:K}", "AKID")).getMessage()
                .contains("set both accessKeyId and secretAccessKey"));
        assertTrue(refused("region", "eu-west-1", "externalId", "x").getMessage().contains("externalId needs roleArn"));
        assertTrue(refused("region", "eu-west-1", "roleArn", "gatewarden").getMessage().contains("not an IAM role ARN"));
        assertTrue(refused("region", "eu-west-1", "endpoint", "ec2.local").getMessage().contains("not a URL"));
        assertTrue(refused("region", "eu-west-1", "maxAttempts", 0).getMessage().contains("maxAttempts"));
        assertTrue(refused("region", "eu-west-1", "pageSize", 4).getMessage().contains("between 5 and 1000"));
    }

    @Test
    void secretsNeverAppearInMessages() {
        ConfigException e = refused("region", "eu-west-1", "profile", "p", "accessKeyId",
                new Secret("${env:AWS_KEY}", "AKIAVERYSECRET"), "secretAccessKey",
                new Secret("${env:AWS_SECRET}", "wJalrXUtnFEMI"));
        assertTrue(e.getMessage().contains("either a profile or static keys"), e.getMessage());
        assertFalse(e.getMessage().contains("AKIAVERYSECRET"));
        Settings s = settings("accessKeyId", new Secret("${env:AWS_KEY}", "AKIAVERYSECRET"));
        assertFalse(s.toString().contains("AKIAVERYSECRET"));
    }

    @Test
    void createsAProviderWithValidSettingsWithoutCallingAws() {
        try (var p = factory.create("aws-prod", settings("region", "eu-west-1", "roleArn",
                "arn:aws:iam::123456789012:role/gatewarden", "externalId", "x", "endpoint", "https://127.0.0.1:1"),
                new PluginContext("prod", null, null))) {
            assertEquals("aws-prod", p.name());
        }
    }
}
