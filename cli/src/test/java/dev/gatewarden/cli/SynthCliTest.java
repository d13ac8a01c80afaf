package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatewarden synth} renders the quickstart as plain Terraform JSON, the same bytes every time. */
class SynthCliTest {
    @TempDir
    Path dir;

    @Test
    void quickstartSynthesizesDeterministicTerraformJson() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        long start = System.nanoTime();
        Cli.Result first = Cli.run("synth", "-f", QuickstartCliTest.QUICKSTART.toString(), "--all", "-o", a.toString());
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(0, first.exit(), first.all());
        Cli.Result second = Cli.run("synth", "-f", QuickstartCliTest.QUICKSTART.toString(), "--all", "-o", b.toString());
        assertEquals(0, second.exit(), second.all());
        Path stack = a.resolve("stacks/gatewarden-quickstart/cdk.tf.json");
        assertTrue(Files.isRegularFile(stack), first.all());
        assertEquals(Files.readString(stack), Files.readString(b.resolve("stacks/gatewarden-quickstart/cdk.tf.json")));
        JsonNode tf = new ObjectMapper().readTree(stack.toFile());
        assertEquals(2, tf.at("/resource/aws_eip").size(), "one reserved Elastic IP per slot");
        assertTrue(tf.at("/resource/panos_address_group").size() >= 1, tf.toString());
        assertTrue(tf.at("/resource/fortios_firewall_addrgrp").size() >= 1, tf.toString());
        assertTrue(tf.at("/resource/panos_address").size() >= 1, "panos 2.x by default: " + tf);
        assertEquals(">= 2.0, < 3.0", tf.at("/terraform/required_providers/panos/version").asText());
        assertEquals(2, tf.at("/output").size(), "an output per reserved address");
        System.out.println("synth of the quickstart took " + millis + " ms (in-process, first run)");
    }

    @Test
    void panosProviderOneRendersThe1xTypes() throws IOException {
        Path out = dir.resolve("v1");
        Cli.Result r = Cli.run("synth", "-f", QuickstartCliTest.QUICKSTART.toString(), "--all", "-o", out.toString(),
                "--panos-provider", "1");
        assertEquals(0, r.exit(), r.all());
        JsonNode tf = new ObjectMapper().readTree(out.resolve("stacks/gatewarden-quickstart/cdk.tf.json").toFile());
        assertEquals(2, tf.at("/resource/panos_address_object").size(), tf.toString());
        assertEquals("vsys1", tf.at("/resource/panos_address_object/dc1_pa_payments_0/vsys").asText());
        assertEquals("~> 1.11", tf.at("/terraform/required_providers/panos/version").asText());

        Cli.Result bad = Cli.run("synth", "-f", QuickstartCliTest.QUICKSTART.toString(), "--all", "-o",
                dir.resolve("v3").toString(), "--panos-provider", "3");
        assertEquals(1, bad.exit(), bad.all());
        assertTrue(bad.err().contains("--panos-provider 3: choose 1 or 2"), bad.err());
    }
}
