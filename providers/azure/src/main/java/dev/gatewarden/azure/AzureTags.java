package dev.gatewarden.azure;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Ownership marks on Azure resources, kept in this module until core's tag/label codec (provider-seam issue)
 * replaces it: the tags {@code gatewarden-owner}, {@code gatewarden-gateway}, {@code gatewarden-slot} on public
 * IPs (set in the creating PUT), and the names Gatewarden gives its public IPs and ipConfigurations
 * ({@code gw-<owner>-<gateway>-<slot>}: ipConfigurations carry no tags, so their name is the mark).
 */
final class AzureTags {
    static final String OWNER = "gatewarden-owner";
    static final String GATEWAY = "gatewarden-gateway";
    static final String SLOT = "gatewarden-slot";
    private static final Pattern NAME = Pattern.compile("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$");
    /** ARM names of network resources: at most 80 characters. */
    private static final int MAX_NAME = 80;

    private AzureTags() {
    }

    /** One slot of one gateway of one owner. */
    record SlotKey(String owner, String gateway, int index) {
        SlotKey {
            for (String[] v : new String[][] {{"owner", owner}, {"gateway", gateway}}) {
                if (v[1] == null || !NAME.matcher(v[1]).matches() || v[1].contains("--")) {
                    throw new IllegalArgumentException(v[0] + " '" + v[1] + "' is not a valid tag value: use 1-63"
                            + " lowercase letters, digits and single '-', starting with a letter");
                }
            }
            if (index < 0) {
                throw new IllegalArgumentException("slot index must be >= 0");
            }
            if (resourceName(owner, gateway, index).length() > MAX_NAME) {
                throw new IllegalArgumentException("owner and gateway names too long for Azure resource names ("
                        + MAX_NAME + " characters): " + resourceName(owner, gateway, index));
            }
        }

        /** The public IP's and the ipConfiguration's name. */
        String name() {
            return resourceName(owner, gateway, index);
        }

        Map<String, String> tags() {
            Map<String, String> t = new TreeMap<>();
            t.put(OWNER, owner);
            t.put(GATEWAY, gateway);
            t.put(SLOT, String.valueOf(index));
            return t;
        }
    }

    private static String resourceName(String owner, String gateway, int index) {
        return "gw-" + owner + "-" + gateway + "-" + index;
    }

    /** The slot a resource's tags mark as {@code owner}'s, if they do (all three tags, well-formed). */
    static java.util.Optional<SlotKey> owned(Map<String, String> tags, String owner) {
        if (tags == null || !owner.equals(tags.get(OWNER)) || tags.get(GATEWAY) == null) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(new SlotKey(owner, tags.get(GATEWAY), Integer.parseInt(tags.get(SLOT))));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty(); // looks like ours, is not well-formed: report, never touch
        }
    }

    /** Whether an ipConfiguration name is one Gatewarden gives ({@code gw-<owner>-…}). */
    static boolean ownedConfigName(String name, String owner) {
        return name != null && name.startsWith("gw-" + owner + "-");
    }
}
