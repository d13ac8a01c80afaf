package dev.gatewarden.sandbox.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** EC2 filter semantics: names ANDed, values ORed, {@code *} and {@code ?} wildcards, {@code tag:k} / {@code tag-key}. */
final class Ec2Filters {
    /** Filter values per call, all filters together. */
    static final int MAX_VALUES = 200;

    private Ec2Filters() {
    }

    /** No value, or the one value: an attribute as the filters see it. */
    static List<String> list(String value) {
        return value == null ? List.of() : List.of(value);
    }

    /** Refuses unknown filter names and empty value lists, as EC2 does before looking at any resource. */
    static Map<String, List<String>> check(Map<String, List<String>> filters, Set<String> names) {
        int values = filters.values().stream().mapToInt(List::size).sum();
        if (values > MAX_VALUES) {
            throw Ec2Error.badRequest("FilterLimitExceeded",
                    "The maximum number of filter values specified on a single call is " + MAX_VALUES);
        }
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            String name = f.getKey();
            if (!name.startsWith("tag:") && !name.equals("tag-key") && !name.equals("tag-value")
                    && !names.contains(name)) {
                throw Ec2Error.invalidValue("The filter '" + name + "' is invalid");
            }
            if (f.getValue().isEmpty()) {
                throw Ec2Error.invalidValue("The filter '" + name + "' needs at least one value");
            }
        }
        return filters;
    }

    static boolean matches(Map<String, List<String>> filters, Map<String, List<String>> attrs, Map<String, String> tags) {
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            String name = f.getKey();
            List<String> have;
            if (name.startsWith("tag:")) {
                String v = tags.get(name.substring(4));
                have = list(v);
            } else if (name.equals("tag-key")) {
                have = new ArrayList<>(tags.keySet());
            } else if (name.equals("tag-value")) {
                have = new ArrayList<>(tags.values());
            } else if (attrs.containsKey(name)) {
                have = attrs.get(name);
            } else {
                throw Ec2Error.invalidValue("The filter '" + name + "' is invalid");
            }
            if (f.getValue().isEmpty()) {
                throw Ec2Error.invalidValue("The filter '" + name + "' needs at least one value");
            }
            boolean any = false;
            for (String pattern : f.getValue()) {
                Pattern re = glob(pattern);
                for (String v : have) {
                    if (v != null && re.matcher(v).matches()) {
                        any = true;
                        break;
                    }
                }
                if (any) {
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }
}
