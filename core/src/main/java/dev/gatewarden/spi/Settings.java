package dev.gatewarden.spi;

import dev.gatewarden.GatewardenException.ConfigException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A plugin's validated settings: strings, integers, booleans and {@link Secret}s, keyed by setting name.
 * {@code where} names the config entry (e.g. {@code firewalls[dc1-pa]}) for error messages.
 */
public final class Settings {
    private static final Pattern SIMPLE_DURATION = Pattern.compile("^(\\d{1,12})(ms|s|m|h|d)$");
    private final String where;
    private final Map<String, Object> values;

    public Settings(String where, Map<String, ?> values) {
        this.where = where;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static Settings of(String where, Map<String, ?> values) {
        return new Settings(where, values);
    }

    public String where() {
        return where;
    }

    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    public Optional<String> string(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Secret) {
            throw new ConfigException(where + ": " + key + " is a secret; read it with secret()");
        }
        return Optional.of(v.toString());
    }

    public String string(String key, String defaultValue) {
        return string(key).orElse(defaultValue);
    }

    public String requireString(String key) {
        return string(key).orElseThrow(() -> new ConfigException(where + ": " + key + " is required"));
    }

    /**
     * A duration setting: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d} or ISO-8601
     * ({@code PT30S}); empty when absent.
     *
     * @throws ConfigException naming the setting when the value is not a duration
     */
    public Optional<Duration> duration(String key) {
        Optional<String> text = string(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parseDuration(text.get()).orElseThrow(() -> new ConfigException(where + ": " + key
                + " must be a duration like 30s, 5m or PT30S, got '" + text.get() + "'")));
    }

    /**
     * The one duration syntax of Gatewarden (config, plugin settings, command line): a whole number with
     * {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, or ISO-8601; empty when {@code text} is neither or
     * negative.
     */
    public static Optional<Duration> parseDuration(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher m = SIMPLE_DURATION.matcher(t);
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return Optional.of(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
            Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
            return d.isNegative() ? Optional.empty() : Optional.of(d);
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    public Optional<Integer> integer(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Number n) {
            return Optional.of(n.intValue());
        }
        try {
            return Optional.of(Integer.parseInt(v.toString().trim()));
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": " + key + " must be a whole number, got '" + v + "'");
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        Object v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        return Boolean.parseBoolean(v.toString());
    }

    public Optional<Secret> secret(String key) {
        Object v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Secret s) {
            return Optional.of(s);
        }
        throw new ConfigException(where + ": " + key + " must be a secret reference (${env:NAME} or ${file:/path})");
    }

    /** Every secret among the values, in key order (for redaction: never print them). */
    public java.util.List<Secret> secrets() {
        return values.values().stream().filter(v -> v instanceof Secret).map(v -> (Secret) v).toList();
    }

    /** A copy with some values replaced (used by the sandbox to point a plugin at a simulator). */
    public Settings with(Map<String, ?> overrides) {
        Map<String, Object> m = new LinkedHashMap<>(values);
        m.putAll(overrides);
        return new Settings(where, m);
    }

    /** Keys in order; values printed with secrets masked. */
    @Override
    public String toString() {
        return where + new TreeMap<>(values);
    }
}
