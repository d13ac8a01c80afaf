package dev.gatewarden.spi;

import java.util.List;
import java.util.Objects;

/**
 * One setting a plugin accepts under its config entry. Core validates config entries against these (unknown
 * keys, types, required, allowed values) and builds the JSON Schema from them.
 *
 * @param allowed  for {@link Type#ENUM}: the accepted values
 * @param defaultValue shown in the schema; applied by the plugin
 */
public record SettingSpec(String name, Type type, boolean required, String description, List<String> allowed,
                          Object defaultValue) {
    public enum Type { STRING, INT, BOOLEAN, ENUM, SECRET, DURATION }

    public SettingSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
        allowed = allowed == null ? List.of() : List.copyOf(allowed);
    }

    public static SettingSpec string(String name, boolean required, String description) {
        return new SettingSpec(name, Type.STRING, required, description, List.of(), null);
    }

    public static SettingSpec integer(String name, boolean required, String description, Integer defaultValue) {
        return new SettingSpec(name, Type.INT, required, description, List.of(), defaultValue);
    }

    public static SettingSpec bool(String name, String description, boolean defaultValue) {
        return new SettingSpec(name, Type.BOOLEAN, false, description, List.of(), defaultValue);
    }

    public static SettingSpec secret(String name, boolean required, String description) {
        return new SettingSpec(name, Type.SECRET, required, description, List.of(), null);
    }

    public static SettingSpec oneOf(String name, boolean required, String description, String defaultValue,
                                    String... values) {
        return new SettingSpec(name, Type.ENUM, required, description, List.of(values), defaultValue);
    }
}
