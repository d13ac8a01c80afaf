package dev.gatewarden.ownership;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names firewall objects: placeholders {@code {owner}}, {@code {gateway}}, {@code {ip}} (dots kept, IPv6 colons
 * become {@code -}) and {@code {slot}} (the slot index). The default object template is
 * {@value #DEFAULT_OBJECT}; the default group template is {@value #DEFAULT_GROUP}.
 */
public record NameTemplate(String objectTemplate, String groupTemplate) {
    public static final String DEFAULT_OBJECT = "gw-{owner}-{gateway}-{ip}";
    public static final String DEFAULT_GROUP = "gw-{owner}-{gateway}";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z]+)}");
    /** The longest IPv4 address, for validating templates at load time. */
    public static final String WORST_IPV4 = "255.255.255.255";
    public static final NameTemplate DEFAULT = new NameTemplate(DEFAULT_OBJECT, DEFAULT_GROUP);

    public NameTemplate {
        objectTemplate = objectTemplate == null ? DEFAULT_OBJECT : objectTemplate;
        groupTemplate = groupTemplate == null ? DEFAULT_GROUP : groupTemplate;
        checkPlaceholders(objectTemplate, true);
        checkPlaceholders(groupTemplate, false);
        if (!objectTemplate.contains("{ip}")) {
            throw new IllegalArgumentException("object name template '" + objectTemplate
                    + "' must contain {ip}: each address gets its own object");
        }
    }

    private static void checkPlaceholders(String template, boolean object) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String p = m.group(1);
            boolean ok = p.equals("owner") || p.equals("gateway") || (object && (p.equals("ip") || p.equals("slot")));
            if (!ok) {
                throw new IllegalArgumentException("unknown placeholder {" + p + "} in name template '" + template
                        + "': use " + (object ? "{owner}, {gateway}, {ip}, {slot}" : "{owner}, {gateway}"));
            }
        }
    }

    /** The object name on {@code firewall} by its template in {@code naming} ({@link #DEFAULT} when it has none). */
    public static String render(java.util.Map<String, NameTemplate> naming, String firewall, String owner,
                                String gateway, String ip, int slot) {
        return naming.getOrDefault(firewall, DEFAULT).objectName(owner, gateway, ip, slot);
    }

    public String objectName(String owner, String gateway, String ip, int slot) {
        Objects.requireNonNull(ip, "ip");
        return objectTemplate.replace("{owner}", owner).replace("{gateway}", gateway)
                .replace("{ip}", ip.replace(':', '-')).replace("{slot}", Integer.toString(slot));
    }

    public String groupName(String owner, String gateway) {
        return groupTemplate.replace("{owner}", owner).replace("{gateway}", gateway);
    }
}
