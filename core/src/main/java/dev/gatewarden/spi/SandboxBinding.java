package dev.gatewarden.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * How one plugin runs under {@code --sandbox}: which loopback simulator to start for a configured target, which
 * settings point the plugin at it, and which fixture credentials it accepts. Contributed by the plugin's simulator
 * (registered in {@code META-INF/services}) and chosen by {@link #pluginId()}: the CLI knows no vendor.
 */
public interface SandboxBinding {

    /** The cloud provider id or firewall type served, e.g. {@code aws} or {@code paloalto}. */
    String pluginId();

    /** The key under which the state of target {@code name} is persisted in the sandbox directory. */
    String storeKey(String name);

    /** The target a persisted key belongs to, when it is one of this binding's keys. */
    Optional<String> targetOfStoreKey(String key);

    /**
     * The targets {@code sandbox serve} starts: those persisted ({@code persisted}) plus those the world file
     * describes or the binding starts by default.
     */
    List<String> serveTargets(JsonNode world, List<String> persisted);

    /**
     * Starts the simulator of target {@code name}.
     *
     * @param settings the target's settings from the config (empty for {@code sandbox serve})
     * @param world    the sandbox world file (seeds for every simulator)
     * @param saved    the persisted state, when there is one
     * @param caFile   the PEM of the CA the simulators' TLS certificates chain to
     * @throws dev.gatewarden.GatewardenException.ConfigException when the target's settings cannot be simulated
     */
    Sandboxed start(String name, Settings settings, JsonNode world, Optional<JsonNode> saved, Path caFile);

    /** One line naming the fixture credentials, for {@code sandbox serve}. */
    String credentialsNote();

    /** The fixture secrets, which must never be printed (tests check). */
    List<String> fixtureSecrets();
}
