package dev.gatewarden.sandbox.gce;

import static dev.gatewarden.sandbox.gce.GceWorld.API;
import static dev.gatewarden.sandbox.gce.GceWorld.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates the {@code nats[]} of a {@code routers.patch} the way Cloud NAT does, and normalizes address
 * references to full URLs: allocate options, source subnetworks and ranges, manual NAT IPs, drained IPs (only
 * ones the NAT had), and NAT rules (CEL {@code source.ip == '…'} / {@code inIpRange(source.ip, '…')} or the
 * {@code destination.ip} forms joined by {@code ||}, never both kinds in one rule; MANUAL_ONLY and
 * endpoint-independent mapping off; unique rule numbers 0–65000; {@code action.sourceNatActiveIps}).
 */
final class GceNat {
    private static final Pattern TERM = Pattern.compile(
            "\\s*(?:(source|destination)\\.ip\\s*==\\s*'([0-9.]+)'|inIpRange\\(\\s*(source|destination)\\.ip\\s*,\\s*'([0-9./]+)'\\s*\\))\\s*");
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Set<String> ALLOCATE = Set.of("AUTO_ONLY", "MANUAL_ONLY");
    private static final Set<String> SOURCES = Set.of("ALL_SUBNETWORKS_ALL_IP_RANGES",
            "ALL_SUBNETWORKS_ALL_PRIMARY_IP_RANGES", "LIST_OF_SUBNETWORKS");
    private static final Set<String> RANGES = Set.of("ALL_IP_RANGES", "PRIMARY_IP_RANGE", "LIST_OF_SECONDARY_IP_RANGES");
    private final GceSimulator sim;
    private final GceState state;
    private final String region;
    private final ObjectNode router;

    GceNat(GceSimulator sim, String region, ObjectNode router) {
        this.sim = sim;
        this.state = sim.stateForNat();
        this.region = region;
        this.router = router;
    }

    /** Every address URL a router's NATs name (manual, drained, rule active and drained IPs). */
    static Set<String> addressLinks(JsonNode router) {
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode nat : router.path("nats")) {
            nat.path("natIps").forEach(n -> out.add(n.asText()));
            nat.path("drainNatIps").forEach(n -> out.add(n.asText()));
            for (JsonNode rule : nat.path("rules")) {
                rule.path("action").path("sourceNatActiveIps").forEach(n -> out.add(n.asText()));
                rule.path("action").path("sourceNatDrainIps").forEach(n -> out.add(n.asText()));
            }
        }
        return out;
    }

    ArrayNode validate(JsonNode nats) {
        if (!nats.isArray()) {
            throw GceError.invalid("Invalid value for field 'resource.nats': must be a list.");
        }
        ArrayNode out = MAPPER.createArrayNode();
        Set<String> names = new HashSet<>();
        for (int k = 0; k < nats.size(); k++) {
            ObjectNode nat = ((ObjectNode) nats.get(k)).deepCopy();
            String f = "resource.nats[" + k + "]";
            String name = nat.path("name").asText("");
            if (!NAME.matcher(name).matches()) {
                throw GceError.invalidField(f + ".name", name, "Must be a match of regex '[a-z]([-a-z0-9]*[a-z0-9])?'");
            }
            if (!names.add(name)) {
                throw GceError.invalidField(f + ".name", name, "Duplicate NAT name.");
            }
            String allocate = nat.path("natIpAllocateOption").asText("");
            if (!ALLOCATE.contains(allocate)) {
                throw GceError.invalidField(f + ".natIpAllocateOption", allocate, "Must be AUTO_ONLY or MANUAL_ONLY.");
            }
            sources(nat, f);
            ArrayNode natIps = links(nat, "natIps", f);
            ArrayNode drain = links(nat, "drainNatIps", f);
            if (allocate.equals("AUTO_ONLY") && (!natIps.isEmpty() || !drain.isEmpty())) {
                throw GceError.invalidField(f + ".natIps", natIps.toString(),
                        "NAT IPs may only be specified when natIpAllocateOption is MANUAL_ONLY.");
            }
            Set<String> had = previous(name);
            for (JsonNode d : drain) {
                if (contains(natIps, d.asText())) {
                    throw GceError.invalidField(f + ".drainNatIps", d.asText(),
                            "An IP cannot be both in natIps and drainNatIps.");
                }
                if (!had.contains(d.asText())) {
                    throw GceError.invalidField(f + ".drainNatIps", d.asText(),
                            "Only IPs currently assigned to the NAT can be drained.");
                }
            }
            rules(nat, f, allocate);
            out.add(nat);
        }
        for (JsonNode nat : out) {
            for (String link : addressLinks(MAPPER.createObjectNode().set("nats", MAPPER.createArrayNode().add(nat)))) {
                ObjectNode a = state.addresses.get(region + "/" + link.substring(link.lastIndexOf('/') + 1));
                for (JsonNode user : a.path("users")) {
                    if (!user.asText().equals(router.get("selfLink").asText())) {
                        throw new GceError(400, "resourceInUseByAnotherResource", "global", "The IP address "
                                + a.path("address").asText() + " is already being used by '"
                                + user.asText().replace(API, "") + "'");
                    }
                }
            }
        }
        return out;
    }

    private Set<String> previous(String natName) {
        Set<String> had = new HashSet<>();
        for (JsonNode nat : router.path("nats")) {
            if (nat.path("name").asText().equals(natName)) {
                nat.path("natIps").forEach(n -> had.add(n.asText()));
                nat.path("drainNatIps").forEach(n -> had.add(n.asText()));
            }
        }
        return had;
    }

    private static boolean contains(ArrayNode list, String v) {
        for (JsonNode n : list) {
            if (n.asText().equals(v)) {
                return true;
            }
        }
        return false;
    }

    private ArrayNode links(ObjectNode holder, String field, String f) {
        ArrayNode out = MAPPER.createArrayNode();
        for (JsonNode ref : holder.path(field)) {
            out.add(sim.addressLinkFor(region, ref.asText(), f + "." + field));
        }
        if (out.isEmpty()) {
            holder.remove(field);
        } else {
            holder.set(field, out);
        }
        return out;
    }

    private void sources(ObjectNode nat, String f) {
        String which = nat.path("sourceSubnetworkIpRangesToNat").asText("");
        if (!SOURCES.contains(which)) {
            throw GceError.invalidField(f + ".sourceSubnetworkIpRangesToNat", which, "Must be one of " + SOURCES + ".");
        }
        JsonNode subs = nat.path("subnetworks");
        if (!which.equals("LIST_OF_SUBNETWORKS")) {
            if (subs.size() > 0) {
                throw GceError.invalidField(f + ".subnetworks", subs.toString(),
                        "Subnetworks may only be listed with LIST_OF_SUBNETWORKS.");
            }
            return;
        }
        if (subs.size() == 0) {
            throw GceError.invalidField(f + ".subnetworks", "[]", "LIST_OF_SUBNETWORKS needs at least one subnetwork.");
        }
        for (int k = 0; k < subs.size(); k++) {
            ObjectNode s = (ObjectNode) subs.get(k);
            String sf = f + ".subnetworks[" + k + "]";
            String ref = s.path("name").asText("");
            String subName = ref.substring(ref.lastIndexOf('/') + 1);
            GceState.Subnetwork sub = state.subnetworks.get(region + "/" + subName);
            if (sub == null) {
                throw GceError.invalidField(sf + ".name", ref, "The subnetwork does not exist in region " + region + ".");
            }
            s.put("name", API + "projects/" + state.project + "/regions/" + region + "/subnetworks/" + subName);
            List<String> ranges = new ArrayList<>();
            s.path("sourceIpRangesToNat").forEach(n -> ranges.add(n.asText()));
            if (ranges.isEmpty() || !RANGES.containsAll(ranges)) {
                throw GceError.invalidField(sf + ".sourceIpRangesToNat", ranges.toString(), "Must be from " + RANGES + ".");
            }
            boolean secondary = ranges.contains("LIST_OF_SECONDARY_IP_RANGES");
            JsonNode names = s.path("secondaryIpRangeNames");
            if (secondary != names.size() > 0) {
                throw GceError.invalidField(sf + ".secondaryIpRangeNames", names.toString(),
                        "Secondary range names go with LIST_OF_SECONDARY_IP_RANGES, and only with it.");
            }
            for (JsonNode n : names) {
                if (!sub.secondaryIpRanges.containsKey(n.asText())) {
                    throw GceError.invalidField(sf + ".secondaryIpRangeNames", n.asText(),
                            "No such secondary range in subnetwork " + subName + ".");
                }
            }
        }
    }

    private void rules(ObjectNode nat, String f, String allocate) {
        JsonNode rules = nat.path("rules");
        if (rules.size() == 0) {
            return;
        }
        if (!allocate.equals("MANUAL_ONLY")) {
            throw GceError.invalidField(f + ".rules", "", "NAT rules require natIpAllocateOption MANUAL_ONLY.");
        }
        if (nat.path("enableEndpointIndependentMapping").asBoolean(false)) {
            throw GceError.invalidField(f + ".rules", "", "NAT rules require endpoint-independent mapping to be off.");
        }
        Set<Integer> numbers = new HashSet<>();
        for (int k = 0; k < rules.size(); k++) {
            ObjectNode rule = (ObjectNode) rules.get(k);
            String rf = f + ".rules[" + k + "]";
            if (!rule.path("ruleNumber").canConvertToInt()) {
                throw GceError.invalid("Required field '" + rf + ".ruleNumber' not specified");
            }
            int number = rule.path("ruleNumber").asInt();
            if (number < 0 || number > 65000 || !numbers.add(number)) {
                throw GceError.invalidField(rf + ".ruleNumber", Integer.toString(number),
                        "Rule numbers must be unique and between 0 and 65000.");
            }
            match(rule.path("match").asText(""), rf + ".match");
            ObjectNode action = rule.path("action") instanceof ObjectNode a ? a : rule.putObject("action");
            ArrayNode active = links(action, "sourceNatActiveIps", rf + ".action");
            links(action, "sourceNatDrainIps", rf + ".action");
            if (active.isEmpty()) {
                throw GceError.invalid("Required field '" + rf + ".action.sourceNatActiveIps' not specified");
            }
        }
    }

    private void match(String expression, String field) {
        if (expression.isBlank()) {
            throw GceError.invalid("Required field '" + field + "' not specified");
        }
        Set<String> kinds = new HashSet<>();
        for (String term : expression.split("\\|\\|")) {
            Matcher m = TERM.matcher(term);
            if (!m.matches()) {
                throw GceError.invalidField(field, expression, "Unsupported match expression.");
            }
            String kind = m.group(1) != null ? m.group(1) : m.group(3);
            String value = m.group(2) != null ? m.group(2) : m.group(4);
            try {
                Cidr.of(value);
            } catch (IllegalArgumentException e) {
                throw GceError.invalidField(field, expression, "'" + value + "' is not an IPv4 address or range.");
            }
            kinds.add(kind);
        }
        if (kinds.size() > 1) {
            throw GceError.invalidField(field, expression,
                    "Source- and destination-based conditions cannot be combined in one rule.");
        }
        if (kinds.contains("source") && !state.sourceNatRules) {
            throw GceError.invalidField(field, expression, "Source-based NAT rules are not supported.");
        }
    }
}
