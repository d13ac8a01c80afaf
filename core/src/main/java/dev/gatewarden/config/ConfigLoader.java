package dev.gatewarden.config;

import dev.gatewarden.GatewardenException.ConfigException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Loads a Gatewarden config file (YAML) and validates all of it against core's rules and the installed plugins'
 * settings. Every problem is collected; if there is any, one {@link InvalidConfigException} (a
 * {@link ConfigException}) lists them all, one per line, as {@code FILE:LINE:COL: field.path: what is wrong and
 * how to fix it}.
 *
 * <p>Plugin settings are converted by their {@link dev.gatewarden.spi.SettingSpec.Type}: {@code STRING} and
 * {@code ENUM} to {@code String}, {@code INT} to {@code Integer}, {@code BOOLEAN} to {@code Boolean},
 * {@code DURATION} to {@link java.time.Duration} ({@code 30s}, {@code 5m}, {@code 1h}, {@code 250ms} or ISO-8601;
 * {@code Settings.string} gives the ISO form, which {@code Duration.parse} reads) and {@code SECRET} to
 * {@link dev.gatewarden.spi.Secret}. Secrets must be written as a reference, {@code ${env:NAME}} or
 * {@code ${file:/path}}; other settings, {@code owner} and {@code auditLog} may be references too. No secret
 * value ever appears in an error message.
 */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    /**
     * Reads and validates {@code file}.
     *
     * @throws InvalidConfigException listing every problem found
     * @throws ConfigException        when the file cannot be read
     */
    public static GatewardenConfig load(Path file, PluginCatalog catalog, SecretResolver resolver) {
        Objects.requireNonNull(file, "file");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file; pass the config with -f <file>", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": not UTF-8 text; save the config as UTF-8", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the config (" + e.getClass().getSimpleName()
                    + "); check the path and its permissions", e);
        }
        return parse(file.toString(), text, catalog, resolver);
    }

    /**
     * Validates YAML text; {@code source} names it in messages (e.g. the file name).
     *
     * @throws InvalidConfigException listing every problem found
     */
    public static GatewardenConfig parse(String source, String yaml, PluginCatalog catalog, SecretResolver resolver) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(catalog, "catalog");
        Objects.requireNonNull(resolver, "resolver");
        Problems problems = new Problems(source);
        YamlNode root = new YamlReader(problems).read(yaml);
        GatewardenConfig config = root == null ? null : new ConfigBinder(problems, catalog, resolver).bind(root);
        problems.throwIfAny();
        if (config == null) {
            throw new ConfigException(source + ": the configuration could not be read");
        }
        return config;
    }
}
