package dev.gatewarden.bench;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The fewest calls, and the fewest dependent round trips, a scenario needs, computed from the layouts before and
 * after it and the APIs' batching rules (see ../shared/API-NOTES.md), not from what our code sends:
 * <ul>
 * <li>EC2: DescribeAddresses is not paged (1 call); DescribeNetworkInterfaces takes at most 200 filter values
 * (FilterLimitExceeded) and answers at most 1000 items a page; AllocateAddress makes one address (tagged in the
 * same call) and AssociateAddress binds one; AssignPrivateIpAddresses and UnassignPrivateIpAddresses take every IP
 * of one interface; CreateTags sets the same tags on every resource it names, so per-IP ownership records (keys
 * differ per interface) take one call per interface; DeleteTags of keys a resource lacks is harmless, so one call
 * covers up to {@link #TAG_RESOURCES} interfaces; ReleaseAddress frees one address, after DisassociateAddress
 * (a non-default VPC refuses to release an associated address).</li>
 * <li>PAN-OS: reading owned objects is one {@code show} per container (address, address-group); a phase that
 * changes anything is one multi-config, one commit and the job polls until FIN (the device's pace).</li>
 * <li>FortiOS: one GET per table (address, addrgrp, address6, addrgrp6: owned objects of either family must be
 * found to be retired, even in a world with IPv4 slots only); a phase that changes anything is one transaction: start, one
 * write per address created or deleted, one write per group changed, commit.</li>
 * <li>Round trips: observe is one (all targets and pages at once, pages are independent with filters split by
 * instance); then each phase that has work, in the make-before-break order: allocate 1; publish max(PAN-OS 2 +
 * polls, FortiOS 3); attach 2 (assign with its tags, then associate); detach 2 (disassociate, then unassign with its
 * tag removal); withdraw as publish; release 1.</li>
 * </ul>
 */
final class Minimum {
    static final int FILTER_VALUES = 200;
    static final int PAGE = 1000;
    static final int TAG_RESOURCES = 1000;

    private Minimum() {
    }

    /** Calls per target and operation, and the dependent round trips. */
    record Count(Map<String, Map<String, Long>> calls, long roundTrips) {
        long total(String target) {
            return calls.getOrDefault(target, Map.of()).values().stream().mapToLong(Long::longValue).sum();
        }

        long total() {
            return calls.keySet().stream().mapToLong(this::total).sum();
        }
    }

    /** A round that goes from {@code before} to {@code after} ({@code apply == false}: observe only). */
    static Count of(Layout before, Layout after, boolean apply, int commitPolls) {
        Map<String, Map<String, Long>> calls = new TreeMap<>();
        Map<String, Long> ec2 = calls.computeIfAbsent(Layout.CLOUD, k -> new TreeMap<>());
        Map<String, Long> pa = calls.computeIfAbsent(Layout.PANOS, k -> new TreeMap<>());
        Map<String, Long> fgt = calls.computeIfAbsent(Layout.FORTIOS, k -> new TreeMap<>());
        int nodes = after.allNodes().size();
        add(ec2, "DescribeAddresses", 1);
        for (int chunk = 0; chunk < nodes; chunk += FILTER_VALUES) {
            int interfaces = Math.min(FILTER_VALUES, nodes - chunk);
            add(ec2, "DescribeNetworkInterfaces", Math.max(1, ceil(interfaces, PAGE)));
        }
        add(pa, "config/show", 2);
        for (String table : List.of("address", "addrgrp", "address6", "addrgrp6")) {
            add(fgt, "GET firewall/" + table, 1);
        }
        long trips = 1;
        if (!apply) {
            return new Count(calls, trips);
        }
        Map<String, String> was = before.slotNodes();
        Map<String, String> will = after.slotNodes();
        Set<String> added = before.added(after);
        Set<String> retired = after.added(before);
        Set<String> attachOn = new LinkedHashSet<>();
        added.forEach(s -> attachOn.add(will.get(s)));
        Set<String> detachFrom = new LinkedHashSet<>();
        retired.forEach(s -> detachFrom.add(was.get(s)));
        Set<String> groups = before.changedGateways(after);
        int publish = max(commitPolls + 2, 3);
        if (!added.isEmpty()) {
            add(ec2, "AllocateAddress", added.size());
            add(ec2, "AssignPrivateIpAddresses", attachOn.size());
            add(ec2, "CreateTags", attachOn.size());
            add(ec2, "AssociateAddress", added.size());
            firewallPhase(pa, fgt, added.size(), groupsOf(added, groups, before), commitPolls);
            trips += 1 + publish + 2;
        }
        if (!retired.isEmpty()) {
            add(ec2, "DisassociateAddress", retired.size());
            add(ec2, "UnassignPrivateIpAddresses", detachFrom.size());
            add(ec2, "DeleteTags", ceil(detachFrom.size(), TAG_RESOURCES));
            add(ec2, "ReleaseAddress", retired.size());
            firewallPhase(pa, fgt, retired.size(), groupsOf(retired, groups, after), commitPolls);
            trips += 2 + publish + 1;
        }
        return new Count(calls, trips);
    }

    /** Groups touched by {@code slots}: {@code created} counts groups that do not exist in {@code base} yet. */
    private record Groups(int created, int changed) {
    }

    private static Groups groupsOf(Set<String> slots, Set<String> changed, Layout base) {
        Set<String> gateways = new LinkedHashSet<>();
        slots.forEach(s -> gateways.add(s.substring(0, s.indexOf('#'))));
        gateways.retainAll(changed);
        int created = (int) gateways.stream().filter(g -> base.addresses().get(g) == 0).count();
        return new Groups(created, gateways.size() - created);
    }

    private static void firewallPhase(Map<String, Long> pa, Map<String, Long> fgt, int objects, Groups groups,
                                      int commitPolls) {
        add(pa, "multi-config", 1);
        add(pa, "commit", 1);
        add(pa, "op/show-jobs", commitPolls);
        add(fgt, "transaction-start", 1);
        add(fgt, "transaction-commit", 1);
        add(fgt, "objects (POST or DELETE firewall/address)", objects);
        add(fgt, "groups (POST or PUT firewall/addrgrp)", groups.created() + groups.changed());
    }

    private static void add(Map<String, Long> m, String op, long n) {
        if (n > 0) {
            m.merge(op, n, Long::sum);
        }
    }

    private static int ceil(int a, int b) {
        return (a + b - 1) / b;
    }

    private static int max(int a, int b) {
        return Math.max(a, b);
    }

    static List<String> targets() {
        return List.of(Layout.CLOUD, Layout.PANOS, Layout.FORTIOS);
    }

    static Map<String, Long> totals(Map<String, Map<String, Long>> calls) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String t : targets()) {
            m.put(t, calls.getOrDefault(t, Map.of()).values().stream().mapToLong(Long::longValue).sum());
        }
        return m;
    }
}
