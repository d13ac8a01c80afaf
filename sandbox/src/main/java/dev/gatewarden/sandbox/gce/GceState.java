package dev.gatewarden.sandbox.gce;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The whole state of the Compute simulator for one project: resources as their wire JSON (so get and list answer
 * exactly what is stored), pending operations, the request ids seen, and the knobs tests turn (quotas, polls
 * before DONE, whether source-based NAT rules are accepted, denied permissions). Serialized as is for snapshots.
 */
public final class GceState {
    /** A subnetwork: its region, network, primary range and named secondary ranges. */
    public static final class Subnetwork {
        public String region;
        public String network = "default";
        public String ipCidrRange;
        public Map<String, String> secondaryIpRanges = new LinkedHashMap<>();
    }

    public String project = "gatewarden-sandbox";
    /** STATIC_ADDRESSES: regional static external addresses per region. */
    public int staticAddressQuota = 8;
    /** INTERNAL_ADDRESSES: regional static internal addresses per region. */
    public int internalAddressQuota = 200;
    public int maxAliasRangesPerInterface = 100;
    /** Polls (get or wait) an operation answers before it is DONE: PENDING first, then RUNNING; 0 = DONE at once. */
    public int operationPolls = 2;
    /** Whether NAT rules may match {@code source.ip} (Preview in the docs); false makes them 400 as unsupported. */
    public boolean sourceNatRules = true;
    /** Where regional external addresses come from. */
    public String externalPool = "203.0.113.0/24";
    /** IAM permissions the caller lacks, e.g. {@code compute.addresses.create}: requests needing one get 403. */
    public Set<String> deniedPermissions = new LinkedHashSet<>();
    public long nextId = 4_000_000_000_000_000_000L / 1000;
    public Map<String, Subnetwork> subnetworks = new TreeMap<>();
    /** Addresses by {@code region/name}. */
    public Map<String, ObjectNode> addresses = new TreeMap<>();
    /** Instances by {@code zone/name}. */
    public Map<String, ObjectNode> instances = new TreeMap<>();
    /** Routers by {@code region/name}. */
    public Map<String, ObjectNode> routers = new TreeMap<>();
    /** Operations by name (names are unique per project). */
    public Map<String, ObjectNode> operations = new LinkedHashMap<>();
    /** Polls left before each operation is DONE. */
    public Map<String, Integer> pollsLeft = new LinkedHashMap<>();
    /** requestId to the operation it started (same requestId, same operation). */
    public Map<String, String> requestIds = new LinkedHashMap<>();
}
