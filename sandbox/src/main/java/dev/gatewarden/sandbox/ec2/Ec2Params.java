package dev.gatewarden.sandbox.ec2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The flattened EC2 query parameters of one request ({@code Name.N}, {@code Name.N.Field}, …). */
final class Ec2Params {
    private final Map<String, String> values = new TreeMap<>();

    Ec2Params(Map<String, List<String>> raw) {
        raw.forEach((k, v) -> {
            if (!v.isEmpty()) {
                values.put(k, v.get(0));
            }
        });
    }

    String get(String key) {
        return values.get(key);
    }

    String require(String key) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            throw Ec2Error.missing(key);
        }
        return v;
    }

    /** Every parameter name of the request. */
    Iterable<String> keys() {
        return values.keySet();
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    Boolean bool(String key) {
        String v = values.get(key);
        if (v == null) {
            return null;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        if (v.equalsIgnoreCase("false")) {
            return false;
        }
        throw Ec2Error.invalidValue("Value (" + v + ") for parameter " + key + " is invalid. Expected a boolean.");
    }

    boolean flag(String key) {
        Boolean b = bool(key);
        return b != null && b;
    }

    Integer integer(String key) {
        String v = values.get(key);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw Ec2Error.invalidValue("Value (" + v + ") for parameter " + key + " is invalid. Expected an integer.");
        }
    }

    /** Values of {@code prefix.1}, {@code prefix.2}, … in index order. */
    List<String> list(String prefix) {
        Map<Integer, String> byIndex = new TreeMap<>();
        String p = prefix + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(p)) {
                String rest = k.substring(p.length());
                if (rest.chars().allMatch(Character::isDigit) && !rest.isEmpty()) {
                    byIndex.put(Integer.parseInt(rest), v);
                }
            }
        });
        return new ArrayList<>(byIndex.values());
    }

    /** The structures {@code prefix.N.*}, each as a sub-parameter set keyed by the rest of the name. */
    List<Ec2Params> structs(String prefix) {
        Map<Integer, Map<String, List<String>>> byIndex = new TreeMap<>();
        String p = prefix + ".";
        values.forEach((k, v) -> {
            if (k.startsWith(p)) {
                String rest = k.substring(p.length());
                int dot = rest.indexOf('.');
                if (dot > 0 && rest.substring(0, dot).chars().allMatch(Character::isDigit)) {
                    byIndex.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), i -> new LinkedHashMap<>())
                            .put(rest.substring(dot + 1), List.of(v));
                }
            }
        });
        List<Ec2Params> out = new ArrayList<>();
        byIndex.values().forEach(m -> out.add(new Ec2Params(m)));
        return out;
    }

    /** {@code Filter.N.Name} / {@code Filter.N.Value.M} as name → values (values of repeated names merged). */
    Map<String, List<String>> filters() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Ec2Params f : structs("Filter")) {
            String name = f.get("Name");
            if (name == null) {
                throw Ec2Error.missing("Filter.N.Name");
            }
            out.computeIfAbsent(name, n -> new ArrayList<>()).addAll(f.list("Value"));
        }
        return out;
    }

    /** {@code Tag.N.Key} / {@code Tag.N.Value} pairs (value null when absent). */
    Map<String, String> tags(String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Ec2Params t : structs(prefix)) {
            String key = t.get("Key");
            if (key == null) {
                throw Ec2Error.missing(prefix + ".N.Key");
            }
            out.put(key, t.get("Value"));
        }
        return out;
    }
}
