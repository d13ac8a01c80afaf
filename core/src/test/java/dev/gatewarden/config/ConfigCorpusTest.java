package dev.gatewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatewarden.model.FirewallBinding;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.testing.HostileInput;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A generated corpus for the config reader and validators (seeded property-based generation, see
 * {@link HostileInput}): whatever the text, only the located config error escapes, every case is fast, and reading
 * time grows linearly with the size. Prints one summary line per property.
 */
class ConfigCorpusTest {
    private static final long SEED = HostileInput.seed(20261202L);
    private static final Pattern TAG_SAFE = Pattern.compile("[a-z0-9-]+");
    /** Pieces that mean something to YAML, to a reference or to a number parser. */
    private static final List<String> YAML_PIECES = List.of("{", "}", "[", "]", ":", ": ", "- ", ",", "&a ", "*a",
            "<<: *a", "!!binary ", "!!python/object ", "'", "\"", "\t", "\n", "\n  ", "#", "---\n", "...\n", "? ", "|",
            ">", "%YAML 1.1\n", "${file:/dev/zero}", "${env:NOPE}", "${env:PANOS_API_KEY}", "${", "}",
            "99999999999999999999999", "-1", "1e999", "0x7fffffff", ".nan", "~", "null", "yes", "\u0000", "\uFEFF",
            "\u2028", "\\", "\\u0000", "@", "`");

    private static GatewardenConfig parse(String yaml) {
        return ConfigLoader.parse("c.yaml", yaml, TestCatalog.catalog(), ConfigLoaderTest.ENV);
    }

    /** The outcome of one case: a config, or the located error; anything else fails the test with the input. */
    private static InvalidConfigException attempt(String yaml, String what) {
        long t0 = System.nanoTime();
        try {
            parse(yaml);
            return null;
        } catch (InvalidConfigException e) {
            boolean located = e.problems().stream().anyMatch(p -> p.line() > 0)
                    || e.getMessage().contains("characters long, more than the");
            if (!located) {
                fail(what + ": no problem is located: " + e.getMessage() + "\ninput:\n" + yaml);
            }
            e.problems().forEach(p -> assertTrue(p.toString().startsWith("c.yaml"), p.toString()));
            return e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(what + ": " + e + " escaped for input:\n" + yaml, e);
        } finally {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 2_000, what + " took " + ms + " ms");
        }
    }

    @Test
    void mutatedConfigsEndInAConfigOrALocatedError() {
        HostileInput in = new HostileInput(SEED);
        int cases = HostileInput.cases(3000);
        int refused = 0;
        String seed = ConfigLoaderTest.VALID;
        List<String> lines = List.of(seed.split("\n", -1));
        for (int i = 0; i < cases; i++) {
            String yaml = switch (in.nextInt(5)) {
                case 0 -> insert(in, seed, in.pick(YAML_PIECES));
                case 1 -> insert(in, seed, in.injection());
                case 2 -> delete(in, seed);
                case 3 -> shuffledLines(in, lines);
                default -> insert(in, insert(in, delete(in, seed), in.pick(YAML_PIECES)), in.pick(YAML_PIECES));
            };
            if (attempt(yaml, "case " + i + " (seed " + SEED + ")") != null) {
                refused++;
            }
        }
        System.out.println("config corpus: " + cases + " mutated configs (seed " + SEED + "), " + refused
                + " refused with a located error, " + (cases - refused) + " accepted, 0 other exceptions");
        assertTrue(refused > cases / 10, "the mutations do reach the validators");
    }

    @Test
    void injectionStringsInEveryNameAreRefusedOrTagSafe() {
        HostileInput in = new HostileInput(SEED + 1);
        int cases = HostileInput.cases(3000) / 3;
        List<String> fields = List.of("owner", "cloud", "firewall", "gateway", "group", "objectTemplate", "node",
                "privateIp", "vsys", "auditLog");
        int refused = 0;
        for (int i = 0; i < cases; i++) {
            String field = fields.get(i % fields.size());
            String value = in.injection();
            String yaml = configWith(field, value);
            InvalidConfigException e = attempt(yaml, field + " = " + value);
            if (e != null) {
                refused++;
                continue;
            }
            GatewardenConfig c = parse(yaml);
            // what reaches a tag, a label or a rendered name is within the rules
            assertTrue(TAG_SAFE.matcher(c.owner()).matches(), c.owner());
            for (Gateway g : c.gateways()) {
                assertTrue(TAG_SAFE.matcher(g.name()).matches(), g.name());
                assertTrue(TAG_SAFE.matcher(g.cloud()).matches(), g.cloud());
                for (FirewallBinding b : g.publish()) {
                    if (b.group() != null) {
                        assertEquals(null, TestCatalog.PANOS_LIKE.check(b.group()), "group " + b.group());
                    }
                }
            }
            c.firewalls().forEach(f -> assertTrue(TAG_SAFE.matcher(f.name()).matches(), f.name()));
        }
        System.out.println("config corpus: " + cases + " injection strings in " + fields.size() + " fields (seed "
                + (SEED + 1) + "), " + refused + " refused at validation, the rest within the name rules");
    }

    @Test
    void readingTimeIsLinearInTheSize() {
        // a config of n gateways and 4n gateways, plus comment lines of the longest accepted length
        String small = bigConfig(150);
        String large = bigConfig(600);
        parse(large); // warm-up: the JIT compiles the reader before anything is measured
        long tSmall = best(small);
        long tLarge = best(large);
        double ratio = (double) tLarge / Math.max(1, tSmall);
        System.out.printf("config corpus: %d KB read in %d ms, %d KB in %d ms (x%.1f for x4 the size)%n",
                small.length() / 1024, tSmall / 1_000_000, large.length() / 1024, tLarge / 1_000_000, ratio);
        assertTrue(ratio < 12, "linear is x4, quadratic x16 (bound set for a loaded 2-core machine): x" + ratio);
    }

    private static long best(String yaml) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            parse(yaml);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }

    private static String bigConfig(int gateways) {
        StringBuilder b = new StringBuilder("owner: prod-eu-1\nclouds:\n  - {name: aws-prod, provider: aws, region: "
                + "eu-west-1}\nfirewalls:\n  - name: dc2-fgt\n    type: fortinet\n    url: https://f.example\n"
                + "    token: ${env:FGT_TOKEN}\ngateways:\n");
        String comment = "# " + "c".repeat(YamlReader.MAX_LINE_CHARS / 4) + "\n";
        for (int i = 0; i < gateways; i++) {
            b.append(comment);
            b.append("  - name: g").append(i).append("\n    cloud: aws-prod\n    addresses: 2\n    public: true\n")
                    .append("    nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001]\n")
                    .append("    publish:\n      - {firewall: dc2-fgt, addresses: public}\n");
        }
        return b.toString();
    }

    /** A small valid config with {@code value} written (quoted as YAML) in {@code field}. */
    private static String configWith(String field, String value) {
        String q = "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
                .replace("\t", "\\t").replace("\u0000", "\\0") + "\"";
        String owner = field.equals("owner") ? q : "prod-eu-1";
        String cloud = field.equals("cloud") ? q : "aws-prod";
        String firewall = field.equals("firewall") ? q : "dc1-pa";
        String gateway = field.equals("gateway") ? q : "payments";
        String group = field.equals("group") ? q : "k8s-egress";
        String template = field.equals("objectTemplate") ? q : "\"gw-{owner}-{gateway}-{ip}\"";
        String node = field.equals("node") ? q : "aws:///eu-west-1a/i-0a1b2c3d4e5f60001";
        String ip = field.equals("privateIp") ? q : "10.0.1.50";
        String vsys = field.equals("vsys") ? q : "vsys1";
        String audit = field.equals("auditLog") ? q : "/var/log/gatewarden/audit.jsonl";
        return """
                owner: %s
                auditLog: %s
                clouds:
                  - {name: %s, provider: aws, region: eu-west-1}
                firewalls:
                  - name: %s
                    type: paloalto
                    url: https://pa.example
                    apiKey: ${env:PANOS_API_KEY}
                    vsys: %s
                    naming: {object: %s}
                gateways:
                  - name: %s
                    cloud: %s
                    addresses: 1
                    nodes: [%s]
                    privateIps: [%s]
                    publish:
                      - {firewall: %s, group: %s, addresses: private}
                """.formatted(owner, audit, cloud, firewall, vsys, template, gateway, cloud, node, ip, firewall, group);
    }

    private static String insert(HostileInput in, String s, String piece) {
        int at = in.nextInt(s.length() + 1);
        return s.substring(0, at) + piece + s.substring(at);
    }

    private static String delete(HostileInput in, String s) {
        int a = in.nextInt(s.length());
        int b = Math.min(s.length(), a + 1 + in.nextInt(20));
        return s.substring(0, a) + s.substring(b);
    }

    private static String shuffledLines(HostileInput in, List<String> lines) {
        List<String> l = new ArrayList<>(lines);
        int a = in.nextInt(l.size());
        int b = in.nextInt(l.size());
        String t = l.get(a);
        l.set(a, l.get(b));
        l.set(b, t);
        if (in.nextInt(2) == 0) {
            l.add(in.nextInt(l.size()), l.get(in.nextInt(l.size())));
        }
        return String.join("\n", l);
    }
}
