package dev.gatewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ConfigSchemaTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode schema() throws Exception {
        return JSON.readTree(ConfigSchema.generate(TestCatalog.catalog()));
    }

    @Test
    void isValidJsonDraft202012WithClosedObjects() throws Exception {
        JsonNode s = schema();
        assertEquals("https://json-schema.org/draft/2020-12/schema", s.get("$schema").asText());
        assertFalse(s.get("additionalProperties").asBoolean());
        assertEquals(new TreeSet<>(ConfigBinder.TOP_KEYS), names(s.get("properties")));
        assertEquals("owner", s.get("required").get(0).asText());
        JsonNode defs = s.get("$defs");
        assertEquals(new TreeSet<>(ConfigBinder.GATEWAY_KEYS), names(defs.get("gateway").get("properties")));
        assertEquals(new TreeSet<>(ConfigBinder.BINDING_KEYS), names(defs.get("binding").get("properties")));
        assertFalse(defs.get("gateway").get("additionalProperties").asBoolean());
        assertTrue(defs.get("gateway").get("description").asText().length() > 0);
        // every $ref points at a definition
        List<String> refs = new ArrayList<>();
        collectRefs(s, refs);
        assertFalse(refs.isEmpty());
        for (String r : refs) {
            assertTrue(r.startsWith("#/$defs/") && defs.has(r.substring("#/$defs/".length())), "dangling " + r);
        }
    }

    @Test
    void containsThePluginSettingsPerDiscriminator() throws Exception {
        JsonNode defs = schema().get("$defs");
        JsonNode cloud = defs.get("cloud");
        assertEquals(Set.of("aws", "azure"), values(cloud.get("properties").get("provider").get("enum")));
        Set<String> thens = new HashSet<>();
        cloud.get("allOf").forEach(c -> {
            assertEquals(c.get("if").get("properties").get("provider").get("const").asText(),
                    c.get("then").get("$ref").asText().substring("#/$defs/cloud-".length()));
            thens.add(c.get("then").get("$ref").asText());
        });
        assertEquals(Set.of("#/$defs/cloud-aws", "#/$defs/cloud-azure"), thens);

        JsonNode aws = defs.get("cloud-aws");
        assertFalse(aws.get("additionalProperties").asBoolean());
        assertTrue(aws.get("properties").has("region"));
        assertEquals("AWS region, e.g. eu-west-1", aws.get("properties").get("region").get("description").asText());
        assertTrue(values(aws.get("required")).containsAll(Set.of("name", "provider", "region")));
        assertEquals(3, aws.get("properties").get("maxRetries").get("default").asInt());

        JsonNode pa = defs.get("firewall-paloalto").get("properties");
        assertEquals("#/$defs/reference", pa.get("apiKey").get("$ref").asText());
        assertTrue(pa.get("apiKey").get("writeOnly").asBoolean());
        assertTrue(pa.get("apiKey").get("description").asText().contains("never inline"));
        assertTrue(pa.has("naming") && pa.has("timeout") && pa.has("vsys"));
        assertEquals("paloalto", pa.get("type").get("const").asText());
        assertTrue(defs.get("firewall-fortinet").get("properties").has("token"));
    }

    @Test
    void theExampleConfigValidatesAndATypoDoesNot() throws Exception {
        JsonNode s = schema();
        JsonNode valid = new YAMLMapper().readTree(ConfigLoaderTest.VALID);
        List<String> errors = new ArrayList<>();
        new MiniValidator(s).validate(s, valid, "", errors);
        assertEquals(List.of(), errors);

        JsonNode typo = new YAMLMapper().readTree(ConfigLoaderTest.VALID.replace("    region:", "    regoin:"));
        errors.clear();
        new MiniValidator(s).validate(s, typo, "", errors);
        assertTrue(errors.stream().anyMatch(e -> e.contains("clouds[0]") && e.contains("regoin")), errors.toString());

        JsonNode inline = new YAMLMapper().readTree(ConfigLoaderTest.VALID.replace("${env:PANOS_API_KEY}", "plain"));
        errors.clear();
        new MiniValidator(s).validate(s, inline, "", errors);
        assertTrue(errors.stream().anyMatch(e -> e.contains("firewalls[0].apiKey")), errors.toString());
    }

    @Test
    void emptyCatalogStillGivesAUsableSchema() throws Exception {
        JsonNode s = JSON.readTree(ConfigSchema.generate(PluginCatalog.of(Map.of(), Map.of(), Map.of())));
        assertEquals("string", s.get("$defs").get("cloud").get("properties").get("provider").get("type").asText());
        assertFalse(s.get("$defs").get("cloud").has("allOf"));
    }

    private static Set<String> names(JsonNode obj) {
        Set<String> s = new TreeSet<>();
        obj.fieldNames().forEachRemaining(s::add);
        return s;
    }

    private static Set<String> values(JsonNode array) {
        Set<String> s = new TreeSet<>();
        array.forEach(n -> s.add(n.asText()));
        return s;
    }

    private static void collectRefs(JsonNode n, List<String> out) {
        if (n.isObject()) {
            if (n.has("$ref")) {
                out.add(n.get("$ref").asText());
            }
            n.forEach(c -> collectRefs(c, out));
        } else if (n.isArray()) {
            n.forEach(c -> collectRefs(c, out));
        }
    }

    /** Just enough of JSON Schema to check the generated one against real configs (the keywords it uses). */
    private record MiniValidator(JsonNode root) {
        void validate(JsonNode schema, JsonNode v, String path, List<String> errors) {
            if (schema.has("$ref")) {
                String name = schema.get("$ref").asText().substring("#/$defs/".length());
                validate(root.get("$defs").get(name), v, path, errors);
            }
            if (schema.has("type") && !typeMatches(schema.get("type").asText(), v)) {
                errors.add(path + ": expected " + schema.get("type").asText());
                return;
            }
            if (schema.has("const") && !schema.get("const").equals(v)) {
                errors.add(path + ": expected " + schema.get("const"));
            }
            if (schema.has("enum")) {
                boolean any = false;
                for (JsonNode e : schema.get("enum")) {
                    any |= e.equals(v);
                }
                if (!any) {
                    errors.add(path + ": not in enum");
                }
            }
            if (schema.has("pattern") && v.isTextual()
                    && !Pattern.compile(schema.get("pattern").asText()).matcher(v.asText()).find()) {
                errors.add(path + ": does not match " + schema.get("pattern").asText());
            }
            if (schema.has("not")) {
                List<String> sub = new ArrayList<>();
                validate(schema.get("not"), v, path, sub);
                if (sub.isEmpty()) {
                    errors.add(path + ": matches 'not'");
                }
            }
            if (schema.has("anyOf")) {
                boolean any = false;
                for (JsonNode option : schema.get("anyOf")) {
                    List<String> sub = new ArrayList<>();
                    validate(option, v, path, sub);
                    any |= sub.isEmpty();
                }
                if (!any) {
                    errors.add(path + ": matches no anyOf option");
                }
            }
            if (schema.has("allOf")) {
                for (JsonNode part : schema.get("allOf")) {
                    if (part.has("if")) {
                        List<String> sub = new ArrayList<>();
                        validate(part.get("if"), v, path, sub);
                        if (sub.isEmpty()) {
                            validate(part.get("then"), v, path, errors);
                        }
                    } else {
                        validate(part, v, path, errors);
                    }
                }
            }
            if (v.isObject()) {
                JsonNode props = schema.get("properties");
                if (schema.has("required")) {
                    schema.get("required").forEach(r -> {
                        if (!v.has(r.asText())) {
                            errors.add(path + ": missing " + r.asText());
                        }
                    });
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                    if (props != null && props.has(e.getKey())) {
                        validate(props.get(e.getKey()), e.getValue(), p, errors);
                    } else if (schema.has("additionalProperties") && !schema.get("additionalProperties").asBoolean()) {
                        errors.add(p + ": not allowed");
                    }
                }
            }
            if (v.isArray() && schema.has("items")) {
                for (int i = 0; i < v.size(); i++) {
                    validate(schema.get("items"), v.get(i), path + "[" + i + "]", errors);
                }
            }
            if (v.isNumber() && schema.has("minimum") && v.asDouble() < schema.get("minimum").asDouble()) {
                errors.add(path + ": below minimum");
            }
            if (v.isNumber() && schema.has("maximum") && v.asDouble() > schema.get("maximum").asDouble()) {
                errors.add(path + ": above maximum");
            }
        }

        private static boolean typeMatches(String type, JsonNode v) {
            return switch (type) {
                case "object" -> v.isObject();
                case "array" -> v.isArray();
                case "string" -> v.isTextual();
                case "integer" -> v.isIntegralNumber();
                case "number" -> v.isNumber();
                case "boolean" -> v.isBoolean();
                case "null" -> v.isNull();
                default -> false;
            };
        }
    }
}
