package dev.gatewarden.sandbox.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Tags: CreateTags and DeleteTags on Elastic IPs, interfaces, instances, VPCs and subnets, and the tag rules. */
final class Ec2Tags extends Ec2Actions {
    Ec2Tags(Ec2State state, long now) {
        super(state, now);
    }

    private Map<String, String> taggable(String id) {
        Function<String, Ec2Error> nf = code -> Ec2Error.badRequest(code, "The ID '" + id + "' does not exist");
        if (id.startsWith("eipalloc-")) {
            Ec2State.Address a = state.addresses.get(id);
            if (a == null) {
                throw nf.apply("InvalidAllocationID.NotFound");
            }
            return a.tags;
        }
        if (id.startsWith("eni-")) {
            return eni(id).tags;
        }
        if (id.startsWith("i-")) {
            return instance(id).tags;
        }
        if (id.startsWith("vpc-")) {
            Ec2State.Vpc v = state.vpcs.get(id);
            if (v == null) {
                throw nf.apply("InvalidVpcID.NotFound");
            }
            return v.tags;
        }
        if (id.startsWith("subnet-")) {
            Ec2State.Subnet s = state.subnets.get(id);
            if (s == null) {
                throw nf.apply("InvalidSubnetID.NotFound");
            }
            return s.tags;
        }
        throw Ec2Error.badRequest("InvalidID", "The ID '" + id + "' is not valid");
    }

    /** EC2's tag rules: key 1-128 characters and not {@code aws:}, value at most 256, 50 tags a resource. */
    static void checkTags(Map<String, String> add, Map<String, String> existing) {
        for (Map.Entry<String, String> t : add.entrySet()) {
            String k = t.getKey();
            if (k.isEmpty() || k.length() > 128) {
                throw Ec2Error.invalidValue("Tag key must be 1 to 128 characters: '" + k + "'");
            }
            if (k.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw Ec2Error.invalidValue("Tag keys starting with 'aws:' are reserved for internal use");
            }
            if (t.getValue() != null && t.getValue().length() > 256) {
                throw Ec2Error.invalidValue("Tag value must be at most 256 characters (key '" + k + "')");
            }
        }
        Set<String> keys = new java.util.HashSet<>(existing.keySet());
        keys.addAll(add.keySet());
        if (keys.size() > 50) {
            throw Ec2Error.badRequest("TagLimitExceeded", "The maximum number of tags (50) per resource has been reached.");
        }
    }

    void createTags(Ec2Params p, Xml out) {
        List<String> ids = p.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missing("ResourceId");
        }
        Map<String, String> tags = p.tags("Tag");
        if (tags.isEmpty()) {
            throw Ec2Error.missing("Tag");
        }
        List<Map<String, String>> targets = new ArrayList<>();
        for (String id : ids) {
            Map<String, String> t = taggable(id);
            checkTags(tags, t);
            targets.add(t);
        }
        for (Map<String, String> t : targets) {
            tags.forEach((k, v) -> t.put(k, v == null ? "" : v));
        }
        out.el("return", "true");
    }

    void deleteTags(Ec2Params p, Xml out) {
        List<String> ids = p.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missing("ResourceId");
        }
        Map<String, String> tags = p.tags("Tag");
        List<Map<String, String>> targets = new ArrayList<>();
        for (String id : ids) {
            targets.add(taggable(id));
        }
        for (Map<String, String> t : targets) {
            if (tags.isEmpty()) {
                t.clear();
            }
            tags.forEach((k, v) -> {
                if (v == null || v.equals(t.get(k))) {
                    t.remove(k);
                }
            });
        }
        out.el("return", "true");
    }
}
