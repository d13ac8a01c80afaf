package dev.gatewarden.sandbox.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimulatorBinding;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code aws} provider against the EC2 simulator (world: the world file's {@code ec2} section). */
public final class Ec2SandboxBinding extends SimulatorBinding {
    public static final String ACCESS_KEY = "AKIAGATEWARDENSANDBOX";
    public static final String SECRET_KEY = "sandbox-only-aws-secret-key";

    public Ec2SandboxBinding() {
        super("aws", "ec2-", false, null);
    }

    @Override
    public List<String> serveTargets(JsonNode world, List<String> persisted) {
        return persisted.isEmpty() ? List.of("aws") : new ArrayList<>(persisted);
    }

    @Override
    protected HttpSimulator simulator(String name, Settings settings, JsonNode world) {
        Ec2Simulator sim = new Ec2Simulator(Ec2World.fromTree(world));
        String region = settings.string("region").orElse(sim.region());
        if (!region.equals(sim.region())) {
            throw new ConfigException("clouds[" + name + "]: region " + region + " is not in the sandbox world (its EC2 "
                    + "region is " + sim.region() + "); use that region or a --sandbox-world with this one");
        }
        return sim;
    }

    @Override
    protected Map<String, Object> settings(HttpSimulator sim, Settings settings, Path caFile) {
        Map<String, Object> o = new HashMap<>();
        o.put("endpoint", sim.baseUri().toString());
        o.put("accessKeyId", new Secret("sandbox", ACCESS_KEY));
        o.put("secretAccessKey", new Secret("sandbox", SECRET_KEY));
        o.put("profile", null);
        o.put("roleArn", null);
        o.put("externalId", null);
        return o;
    }

    @Override
    public String credentialsNote() {
        return "EC2 access key id " + ACCESS_KEY + " (any secret key; signatures are not checked)";
    }

    @Override
    public List<String> fixtureSecrets() {
        return List.of(SECRET_KEY);
    }
}
