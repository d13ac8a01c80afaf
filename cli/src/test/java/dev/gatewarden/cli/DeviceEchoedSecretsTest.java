package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.audit.Redactor;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.fortios.FortiOsSimulator;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulators answer with errors that quote the credentials (as devices do that echo the request); the real
 * CLI process (its own JVM, so its stdout, stderr and log lines are the real ones) runs plan and apply against
 * them, and none of its output, logs or audit records holds a secret: each was redacted where it passed.
 */
class DeviceEchoedSecretsTest {
    static final String PANOS_KEY = "LUFRPT-echo-key-5e1f0c9a77";
    static final String FORTI_TOKEN = "fgt-echo-token-81b2c4d6e8";
    static final String AWS_KEY_ID = "AKIAECHOTEST12345678";
    static final String AWS_SECRET = "aws-echo-secret-0a9b8c7d6e";
    static final List<String> SECRETS = List.of(PANOS_KEY, FORTI_TOKEN, AWS_KEY_ID, AWS_SECRET);

    @TempDir
    Path dir;

    private final List<AutoCloseable> sims = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : sims) {
            c.close();
        }
    }

    @Test
    void secretsEchoedByDevicesAreRedactedEverywhere() throws Exception {
        Ec2Simulator ec2 = new Ec2Simulator(dev.gatewarden.sandbox.ec2.Ec2World.defaultWorld());
        sims.add(ec2);
        ec2.start(false);
        ec2.faults().inject("AllocateAddress", Fault.error(400, "AuthFailure",
                "The security token " + AWS_KEY_ID + "/" + AWS_SECRET + " is not valid"), 1);
        PanOsSimulator pa = new PanOsSimulator(PanOsDeviceSpec.firewall("pa-x", PANOS_KEY));
        sims.add(pa);
        pa.start(true);
        for (String op : List.of("multi-config", "config/set", "config/edit")) {
            pa.faults().inject(op, Fault.error(200, "403", "Invalid credential: key=" + PANOS_KEY));
        }
        FortiOsSimulator fgt = new FortiOsSimulator().token(FORTI_TOKEN, true);
        sims.add(fgt);
        fgt.start(true);
        for (String op : List.of("POST firewall/address", "PUT firewall/address", "POST firewall/addrgrp",
                "PUT firewall/addrgrp")) {
            fgt.faults().inject(op, Fault.error(500, "-5", "token " + FORTI_TOKEN + " refused"));
        }
        Path ca = Files.writeString(dir.resolve("ca.pem"), SandboxTls.caPem());
        Path config = TestConfigs.write(dir, "echo-test",
                TestConfigs.aws(ec2.baseUri().toString(), TestConfigs.fileRef(dir, "aws.id", AWS_KEY_ID),
                        TestConfigs.fileRef(dir, "aws.secret", AWS_SECRET)),
                TestConfigs.firewall("pa-x", "paloalto", pa.baseUri().toString(), "apiKey",
                        TestConfigs.fileRef(dir, "pa.key", PANOS_KEY + "\n"), ca.toString())
                        + TestConfigs.firewall("fgt-x", "fortinet", fgt.baseUri().toString(), "token",
                        TestConfigs.fileRef(dir, "fgt.token", FORTI_TOKEN), ca.toString()),
                TestConfigs.payments(2, "{firewall: pa-x, group: k8s-egress-payments, addresses: public}",
                        "{firewall: fgt-x, addresses: public}"));
        Path audit = dir.resolve("audit.jsonl");

        List<Run> runs = List.of(
                cli("apply", "-f", config.toString(), "--auto-approve", "--audit-log", audit.toString(), "--debug"),
                cli("apply", "-f", config.toString(), "--auto-approve", "--audit-log", audit.toString(), "-o", "json"),
                cli("plan", "-f", config.toString(), "--debug"));
        String auditText = Files.readString(audit);
        StringBuilder everything = new StringBuilder(auditText);
        runs.forEach(r -> everything.append(r.out).append(r.err));
        for (String s : SECRETS) {
            assertFalse(everything.toString().contains(s), "secret " + s.substring(0, 6) + "… found in: " + everything);
        }
        // the echoes did arrive (so the scan above could fail): in the output, the logs and the audit records
        assertTrue(runs.get(0).out.contains(Redactor.MASK), runs.get(0).out);
        assertTrue(runs.get(0).err.contains(Redactor.MASK), "the debug log carries the device error: " + runs.get(0).err);
        assertTrue(runs.get(1).out.contains(Redactor.MASK), runs.get(1).out);
        assertTrue(auditText.contains(Redactor.MASK), auditText);
        assertEquals(1, runs.get(0).exit, "a failed change fails the run");
    }

    record Run(int exit, String out, String err) {
    }

    /** The CLI as its own process, on the test's class path. */
    private Run cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        File out = dir.resolve("out-" + System.nanoTime()).toFile();
        File err = dir.resolve("err-" + System.nanoTime()).toFile();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the CLI did not end: " + String.join(" ", args));
        }
        return new Run(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
