package dev.gatewarden.cli;

import dev.gatewarden.spi.Settings;
import java.time.Duration;
import picocli.CommandLine;

/** Parses a positive duration in the syntax of the config ({@link Settings#parseDuration}): 30s, 5m, 1h, PT1M. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration d = Settings.parseDuration(value).orElseThrow(() -> new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration: use e.g. 30s, 5m, 1h or PT1M"));
        if (d.isNegative() || d.isZero()) {
            throw new CommandLine.TypeConversionException("'" + value + "' must be a positive duration");
        }
        return d;
    }
}
