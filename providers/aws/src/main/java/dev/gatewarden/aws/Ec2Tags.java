package dev.gatewarden.aws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Tag;

/** EC2 tag lists as maps (the ownership marks themselves are core's {@link dev.gatewarden.ownership.Ownership}). */
final class Ec2Tags {
    private Ec2Tags() {
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Tag t : tags) {
            m.put(t.key(), t.value());
        }
        return m;
    }
}
