package dev.gatewarden.config;

import static dev.gatewarden.config.ValueReader.child;
import static dev.gatewarden.config.ValueReader.didYouMean;
import static dev.gatewarden.config.ValueReader.duration;
import static dev.gatewarden.config.ValueReader.isNull;
import static dev.gatewarden.config.ValueReader.quotesHint;
import static dev.gatewarden.config.ValueReader.strictBoolean;
import static dev.gatewarden.config.ValueReader.yaml11Boolean;

import dev.gatewarden.config.SecretResolver.Reference;
import dev.gatewarden.config.YamlNode.Mapping;
import dev.gatewarden.config.YamlNode.Scalar;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds a plugin's settings (a cloud account's or a firewall's) against its {@link SettingSpec}s: typed values,
 * references resolved, secrets only by reference.
 */
final class SettingsBinder {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigBinder.class);

    private final Problems problems;
    private final ValueReader values;

    SettingsBinder(Problems problems, ValueReader values) {
        this.problems = problems;
        this.values = values;
    }

    Settings bind(Mapping m, String path, String where, List<SettingSpec> specs, Set<String> reserved) {
        Set<String> allowed = new LinkedHashSet<>(reserved);
        specs.forEach(s -> allowed.add(s.name()));
        values.checkKeys(m, path, allowed);
        Map<String, Object> bound = new LinkedHashMap<>();
        for (SettingSpec spec : specs) {
            Object v = setting(m, spec, path);
            if (v != null) {
                bound.put(spec.name(), v);
            }
        }
        return Settings.of(where, bound);
    }

    private Object setting(Mapping m, SettingSpec spec, String path) {
        String p = child(path, spec.name());
        YamlNode.Entry e = m.entry(spec.name());
        if (e == null || isNull(e.value())) {
            if (spec.required()) {
                values.missing(m, e, p, "add '" + spec.name() + ": " + example(spec) + "'"
                        + (spec.description().isEmpty() ? "" : " (" + spec.description() + ")"));
            }
            return null;
        }
        YamlNode n = e.value();
        if (!(n instanceof Scalar s)) {
            problems.add(n, p, "must be " + expected(spec) + ", got " + n.kind());
            return null;
        }
        if (spec.type() == SettingSpec.Type.SECRET) {
            return secret(s, p);
        }
        String text = s.text();
        Reference ref = null;
        if (s.type() == Scalar.Type.STRING && Reference.looksLikeReference(text)) {
            ref = values.reference(s, p);
            if (ref == null) {
                return null;
            }
            text = values.resolve(ref, s, p);
            if (text == null) {
                return null;
            }
        }
        return convert(spec, s, text, ref, p);
    }

    private Object convert(SettingSpec spec, Scalar s, String text, Reference ref, String p) {
        String got = ref == null ? s.describe() : "the value of " + ref.text();
        switch (spec.type()) {
            case STRING:
                return text;
            case INT:
                if (ref == null && s.type() != Scalar.Type.INT) {
                    problems.add(s, p, "must be a whole number, got " + s.describe() + quotesHint(s));
                    return null;
                }
                try {
                    return Integer.parseInt(text.trim());
                } catch (NumberFormatException ex) {
                    problems.add(s, p, "must be a whole number, got " + got);
                    return null;
                }
            case BOOLEAN:
                if (ref == null && s.type() != Scalar.Type.BOOLEAN) {
                    problems.add(s, p, "must be true or false, got " + s.describe() + quotesHint(s));
                    return null;
                }
                Boolean b = strictBoolean(text.trim());
                if (b != null) {
                    return b;
                }
                if (ref == null) {
                    problems.add(s, p, yaml11Boolean(text));
                    return null;
                }
                problems.add(s, p, "must be true or false, got " + got);
                return null;
            case ENUM:
                if (spec.allowed().contains(text)) {
                    return text;
                }
                problems.add(s, p, "must be one of " + String.join(", ", spec.allowed()) + ", got " + got
                        + (ref == null ? didYouMean(text, spec.allowed()) : ""));
                return null;
            case DURATION:
                Duration d = duration(text);
                if (d == null) {
                    problems.add(s, p, "must be a duration such as 30s, 5m, 1h, 250ms or PT30S, got " + got);
                }
                return d;
            default:
                throw new IllegalStateException("unexpected setting type " + spec.type());
        }
    }

    private Secret secret(Scalar s, String p) {
        if (s.type() != Scalar.Type.STRING || !Reference.looksLikeReference(s.text())) {
            problems.add(s, p, "an inline secret is not allowed: put it in an environment variable or file and "
                    + "reference it, e.g. ${env:" + envName(p) + "} or ${file:/run/secrets/" + lastKey(p) + "}");
            return null;
        }
        Reference ref = values.reference(s, p);
        if (ref == null) {
            return null;
        }
        if (!values.resolvesSecrets()) {
            values.unresolvedSecret(s, p, ref);
            return new Secret(ref.text(), "");
        }
        String value = values.resolve(ref, s, p);
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            // not an error: the sandbox resolves every credential to a placeholder; a real API will refuse it
            LOG.warn("{}: {} is empty", p, ref.text());
        }
        return new Secret(ref.text(), value);
    }

    private static String expected(SettingSpec spec) {
        return switch (spec.type()) {
            case STRING -> "a string";
            case INT -> "a whole number";
            case BOOLEAN -> "true or false";
            case ENUM -> "one of " + String.join(", ", spec.allowed());
            case SECRET -> "a reference ${env:NAME} or ${file:/path}";
            case DURATION -> "a duration such as 30s";
        };
    }

    private static String example(SettingSpec spec) {
        return switch (spec.type()) {
            case STRING -> "<text>";
            case INT -> "<number>";
            case BOOLEAN -> "true";
            case ENUM -> spec.allowed().isEmpty() ? "<value>" : spec.allowed().get(0);
            case SECRET -> "${env:" + spec.name().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "}";
            case DURATION -> "30s";
        };
    }

    private static String envName(String path) {
        return lastKey(path).replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static String lastKey(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
