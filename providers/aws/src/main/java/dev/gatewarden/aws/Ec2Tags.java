package dev.gatewarden.aws;

import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.Ownership;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Tag;

/** The ownership tags Gatewarden puts on Elastic IPs ({@code gatewarden-owner/-gateway/-slot}) and reads back. */
final class Ec2Tags {
    private Ec2Tags() {
    }

    /** The tags that mark an Elastic IP as {@code slot} of {@code owner}, in the order they are written. */
    static Map<String, String> ownership(String owner, SlotId slot) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Ownership.OWNER, owner);
        tags.put(Ownership.GATEWAY, slot.gateway());
        tags.put(Ownership.SLOT, String.valueOf(slot.index()));
        return tags;
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Tag t : tags) {
            m.put(t.key(), t.value());
        }
        return m;
    }

    static SlotId slotOf(Map<String, String> tags) {
        String gateway = tags.get(Ownership.GATEWAY);
        String slot = tags.get(Ownership.SLOT);
        if (gateway == null || slot == null) {
            return null;
        }
        try {
            return new SlotId(gateway, Integer.parseInt(slot));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static boolean isExternal(Map<String, String> tags) {
        return Ownership.LIFECYCLE_EXTERNAL.equals(tags.get(Ownership.LIFECYCLE));
    }
}
