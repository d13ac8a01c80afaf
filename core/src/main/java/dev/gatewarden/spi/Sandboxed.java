package dev.gatewarden.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.Map;

/** One running simulator of a {@link SandboxBinding}. */
public interface Sandboxed extends AutoCloseable {

    /** The base URI on loopback. */
    URI endpoint();

    /**
     * The settings that replace the target's own so the plugin talks to this simulator with the fixture credentials
     * (a null value removes a setting, e.g. a real profile or role).
     */
    Map<String, Object> settings();

    /** The state to persist. */
    JsonNode snapshot();

    @Override
    void close();
}
