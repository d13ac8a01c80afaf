package dev.gatewarden.config;

import dev.gatewarden.GatewardenException.ConfigException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
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
    /**
     * The largest config accepted (thousands of gateways fit in far less); the YAML parser's own limit is 3 Mi code
     * points, so nothing below this bound hits that one.
     */
    public static final int MAX_BYTES = 3 * 1024 * 1024;

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
        return parse(file.toString(), read(file), catalog, resolver);
    }

    /**
     * The text of a config file: a regular file (not a directory, device or FIFO, which could block or never end)
     * of at most {@link #MAX_BYTES} bytes, in UTF-8. Reads at most that many bytes whatever the file claims.
     *
     * @throws ConfigException naming the file and what to do
     */
    static String read(Path file) {
        try {
            return BoundedFile.readUtf8(file, MAX_BYTES);
        } catch (BoundedFile.DirectoryException e) {
            throw new ConfigException(file + ": is a directory; pass the config file itself with -f <file>, e.g. -f "
                    + file.resolve("gatewarden.yaml"), e);
        } catch (BoundedFile.NotRegularException e) {
            throw new ConfigException(file + ": is not a regular file (a device, FIFO or socket); save the config "
                    + "to a file and pass that with -f <file>", e);
        } catch (BoundedFile.TooLargeException e) {
            throw new ConfigException(file + ": is " + e.size() + " bytes or more, more than the " + MAX_BYTES
                    + " a config may have; check that -f names the config", e);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + ": no such file; pass the config with -f <file>", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(file + ": not UTF-8 text; save the config as UTF-8", e);
        } catch (AccessDeniedException e) {
            throw new ConfigException(file + ": not readable by this process; fix its permissions", e);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read the config (" + e.getClass().getSimpleName()
                    + "); check the path and its permissions", e);
        }
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
        if (yaml.length() > MAX_BYTES) {
            problems.add(0, 0, "", "the configuration is " + yaml.length() + " characters long, more than the "
                    + MAX_BYTES + " accepted");
            problems.throwIfAny();
        }
        YamlNode root = new YamlReader(problems).read(yaml);
        GatewardenConfig config = root == null ? null : new ConfigBinder(problems, catalog, resolver).bind(root);
        problems.throwIfAny();
        if (config == null) {
            throw new ConfigException(source + ": the configuration could not be read");
        }
        return config;
    }
}
