package dev.gatewarden.spi;

import dev.gatewarden.GatewardenException.ConfigException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A plugin's validated settings: strings, integers, booleans and {@link Secret}s, keyed by setting name.
 * {@code where} names the config entry (e.g. {@code firewalls[dc1-pa]}) for error messages.
 */
public final class Settings {
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
