package dev.gatewarden.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by the commands that work on a config. */
final class CommonOptions {
    enum Output { table, json }

    @Option(names = {"-f", "--config"}, required = true, paramLabel = "FILE", description = "the config file (YAML)")
    Path config;

    @Option(names = "--sandbox", description = "run against the embedded simulators and their persisted world "
            + "(.gatewarden-sandbox/, or GATEWARDEN_SANDBOX_DIR) instead of the real endpoints")
    boolean sandbox;

    @Option(names = "--sandbox-world", paramLabel = "FILE",
            description = "seed a new sandbox world from this file (default: the built-in world)")
    Path sandboxWorld;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Output output;

    @Option(names = {"-q", "--quiet"}, description = "log warnings only")
    boolean quiet;

    @Option(names = "--debug", description = "log everything, including stack traces")
    boolean debug;

    boolean json() {
        return output == Output.json;
    }
}
