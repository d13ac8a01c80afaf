package dev.gatewarden.spi;

import java.time.Clock;
import java.util.Objects;

/** What every plugin instance gets from the engine: the owner id, a call recorder and a clock. */
public record PluginContext(String owner, CallRecorder calls, Clock clock) {
    public PluginContext {
        Objects.requireNonNull(owner, "owner");
        calls = calls == null ? new CallRecorder() : calls;
        clock = clock == null ? Clock.systemUTC() : clock;
    }
}
