package io.retentionplatform.infra.attack;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The schemas of one OpenAPI document, read for two purposes: plausible values (what a well-meaning caller would send,
 * so that a request missing only its credentials would otherwise succeed) and values that break exactly one declared
 * rule (wrong JSON type, a violated constraint), so that a generated request is invalid by construction.
 *
 * <p>Wrong types are chosen so that Jackson cannot coerce them (an object for a scalar, an array of three for an
 * object): a number sent for a string field would be accepted as its text, and would not be a defect.
 */
public final class OpenApiSchemas {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern WORD_ALTERNATION = Pattern.compile("\\^?\\(?([A-Za-z0-9_.-]+(\\|[A-Za-z0-9_.-]+)*)\\)?\\$?");
    private static final List<String> STRING_CANDIDATES = List.of("acme-attack-1", "attack", "EUR", "a", "A", "1", "x1");
    private static final List<String> PATTERN_BREAKERS = List.of("   ", "\t", "!!!", "%%%", "", "\u00e9\u00e9\u00e9",
            "zz-not-allowed-zz");
    static final String FIXED_NOW = "2026-01-15T10:00:00Z";
    /** The time in values that must not depend on when they are drawn (malformed requests, path values). */
    static final Instant FIXED_INSTANT = Instant.parse(FIXED_NOW);

    private final JsonNode root;

    public OpenApiSchemas(JsonNode root) {
        this.root = root == null ? NODES.objectNode() : root;
    }

    /** The schema with {@code $ref}s followed and {@code allOf} merged; never null. */
    public JsonNode resolve(JsonNode schema) {
        JsonNode current = schema == null ? NODES.objectNode() : schema;
        for (int hops = 0; current.has("$ref") && hops < 32; hops++) {
            current = pointer(current.path("$ref").asText());
        }
        if (current.has("allOf")) {
            ObjectNode merged = NODES.objectNode();
            ObjectNode properties = NODES.objectNode();
            ArrayNode required = NODES.arrayNode();
            for (JsonNode part : current.path("allOf")) {
                JsonNode resolved = resolve(part);
                resolved.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("properties") && !e.getKey().equals("required")) {
                        merged.set(e.getKey(), e.getValue());
                    }
                });
                resolved.path("properties").fields().forEachRemaining(e -> properties.set(e.getKey(), e.getValue()));
                resolved.path("required").forEach(required::add);
            }
            current.fields().forEachRemaining(e -> {
                if (!e.getKey().equals("allOf")) {
                    merged.set(e.getKey(), e.getValue());
                }
            });
            if (!properties.isEmpty()) {
                merged.set("properties", properties);
                merged.put("type", "object");
            }
            if (!required.isEmpty()) {
                merged.set("required", required);
            }
            return merged;
        }
        if (current.has("oneOf") || current.has("anyOf")) {
            JsonNode first = current.has("oneOf") ? current.path("oneOf").path(0) : current.path("anyOf").path(0);
            return resolve(first);
        }
        return current;
    }

    /** A local reference such as {@code #/components/schemas/Account}; an unresolvable one is an untyped schema. */
    JsonNode pointer(String ref) {
        if (!ref.startsWith("#")) {
            return NODES.objectNode();
        }
        JsonNode node = root.at(ref.substring(1));
        return node.isMissingNode() ? NODES.objectNode() : node;
    }

    /** The JSON type a schema declares: object, array, string, integer, number, boolean, or "" if untyped. */
    public static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asText().equals("null")) {
                    return t.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        if (schema.has("properties")) {
            return "object";
        }
        if (schema.has("items")) {
            return "array";
        }
        return "";
    }

    /** Declared as opaque bytes (the ingest endpoints read their body themselves). */
    public static boolean isBinary(JsonNode schema) {
        return type(schema).equals("string") && schema.path("format").asText().equals("binary");
    }

    /** The properties of an object schema, resolved, in declaration order. */
    public Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        resolve(schema).path("properties").fields().forEachRemaining(e -> properties.put(e.getKey(), resolve(e.getValue())));
        return properties;
    }

    public List<String> required(JsonNode schema) {
        List<String> required = new ArrayList<>();
        resolve(schema).path("required").forEach(name -> required.add(name.asText()));
        return required;
    }

    /**
     * A value a well-meaning caller would send: required properties only, each within its declared constraints
     * (enum, pattern, length, range, format, the document's examples); {@code now} for the times in it.
     */
    public JsonNode plausible(JsonNode schema, String name, Random random, Instant now) {
        return plausible(resolve(schema), name, random, now, 0);
    }

    private JsonNode plausible(JsonNode schema, String name, Random random, Instant now, int depth) {
        switch (type(schema)) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                if (depth > 8) {
                    return object;
                }
                Map<String, JsonNode> properties = properties(schema);
                for (String required : required(schema)) {
                    JsonNode property = properties.getOrDefault(required, NODES.objectNode());
                    object.set(required, plausible(property, required, random, now, depth + 1));
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                int items = Math.max(1, schema.path("minItems").asInt(1));
                for (int i = 0; i < items && depth <= 8; i++) {
                    array.add(plausible(resolve(schema.path("items")), name, random, now, depth + 1));
                }
                return array;
            }
            case "integer" -> {
                return NODES.numberNode(plausibleNumber(schema).setScale(0, java.math.RoundingMode.CEILING).longValue());
            }
            case "number" -> {
                return NODES.numberNode(plausibleNumber(schema));
            }
            case "boolean" -> {
                return NODES.booleanNode(false);
            }
            case "string" -> {
                return NODES.textNode(plausibleString(schema, name, random, now));
            }
            default -> {
                return NODES.textNode("attack");
            }
        }
    }

    private static BigDecimal plausibleNumber(JsonNode schema) {
        BigDecimal value = BigDecimal.ONE;
        if (schema.has("minimum") && schema.path("minimum").decimalValue().compareTo(value) > 0) {
            value = schema.path("minimum").decimalValue();
        }
        if (schema.has("maximum") && schema.path("maximum").decimalValue().compareTo(value) < 0) {
            value = schema.path("maximum").decimalValue();
        }
        return value;
    }

    /** A string within the schema's enum, format, pattern and length. */
    static String plausibleString(JsonNode schema, String name, Random random, Instant now) {
        if (schema.has("enum") && schema.path("enum").size() > 0) {
            return schema.path("enum").get(0).asText();
        }
        List<String> candidates = new ArrayList<>();
        String format = schema.path("format").asText();
        switch (format) {
            case "date" -> candidates.add("2026-01-15");
            case "date-time" -> candidates.add(FIXED_NOW);
            case "uuid" -> candidates.add(uuid(random));
            case "email" -> candidates.add("attack@example.com");
            case "uri", "url" -> candidates.add("https://example.com/attack");
            default -> {
            }
        }
        String pattern = schema.path("pattern").asText("");
        java.util.regex.Matcher alternation = WORD_ALTERNATION.matcher(pattern);
        if (!pattern.isEmpty() && alternation.matches()) {
            candidates.add(alternation.group(1).split("\\|")[0]);
        }
        String given = name == null ? "" : name;
        String lower = given.toLowerCase(Locale.ROOT);
        if (lower.equals("id") || lower.equals("messageid")) {
            candidates.add("attack-" + uuid(random)); // a new id each time: an accepted probe must leave a trace
        } else if (lower.endsWith("id")) {
            candidates.add("acme-attack-" + (1 + random.nextInt(9)));
        } else if (lower.contains("currency")) {
            candidates.add("EUR");
        } else if (given.endsWith("At") && format.isEmpty()) {
            candidates.add(now.truncatedTo(ChronoUnit.SECONDS).toString());
        } else if (lower.contains("date")) {
            candidates.add("2026-01-15");
        }
        JsonNode examples = schema.path("examples");
        if (examples.isArray() && examples.size() > 0 && examples.get(0).isTextual()) {
            candidates.add(examples.get(0).asText());
        }
        if (schema.path("example").isTextual()) {
            candidates.add(schema.path("example").asText());
        }
        candidates.addAll(STRING_CANDIDATES);
        // Bean Validation matches a pattern whole; OpenAPI (as @NotBlank becomes "\\S") searches it: prefer the first.
        for (String candidate : candidates) {
            String fitted = fitLength(schema, candidate);
            if (pattern.isEmpty() || matchesFully(pattern, fitted)) {
                return fitted;
            }
        }
        for (String candidate : candidates) {
            String fitted = fitLength(schema, candidate);
            if (!breaksPattern(pattern, fitted)) {
                return fitted;
            }
        }
        return fitLength(schema, "attack");
    }

    private static String fitLength(JsonNode schema, String value) {
        String fitted = value;
        if (schema.has("maxLength") && fitted.length() > schema.path("maxLength").asInt()) {
            fitted = fitted.substring(0, Math.max(0, schema.path("maxLength").asInt()));
        }
        int min = schema.path("minLength").asInt(0);
        if (fitted.length() < min) {
            fitted = fitted + "a".repeat(min - fitted.length());
        }
        return fitted;
    }

    static boolean matchesFully(String pattern, String value) {
        try {
            return Pattern.compile(pattern).matcher(value).matches();
        } catch (PatternSyntaxException e) {
            return true; // a pattern Java cannot read: do not judge by it
        }
    }

    /** Whether the value breaks the pattern in both readings (Bean Validation's whole match, JSON Schema's search). */
    static boolean breaksPattern(String pattern, String value) {
        try {
            return !Pattern.compile(pattern).matcher(value).find();
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    static String uuid(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /**
     * A value of a JSON type Jackson cannot turn into the declared one; empty for an untyped schema (anything fits).
     */
    public static Optional<JsonNode> wrongType(JsonNode schema) {
        return switch (type(schema)) {
            case "string", "integer", "number", "boolean", "array" -> {
                ObjectNode object = NODES.objectNode();
                object.put("unexpected", true);
                yield Optional.of(object);
            }
            case "object" -> Optional.of(NODES.arrayNode().add(1).add(2).add(3));
            default -> Optional.empty();
        };
    }

    /** A value of the right JSON type that breaks one declared constraint, and which one; empty if none is declared. */
    public Optional<Violation> violation(JsonNode schema, String name, Random random) {
        JsonNode s = resolve(schema);
        List<Violation> options = new ArrayList<>();
        String type = type(s);
        if (s.has("enum") && s.path("enum").size() > 0 && type.equals("string")) {
            options.add(new Violation(NODES.textNode("zz-not-allowed-zz"), "not one of the enum values"));
        }
        if (type.equals("string")) {
            String pattern = s.path("pattern").asText("");
            if (!pattern.isEmpty()) {
                for (String breaker : PATTERN_BREAKERS) {
                    if (breaksPattern(pattern, breaker)) {
                        options.add(new Violation(NODES.textNode(breaker), "does not match pattern " + pattern));
                        break;
                    }
                }
            }
            if (s.has("maxLength") && s.path("maxLength").asInt() < 100_000) {
                int max = s.path("maxLength").asInt();
                options.add(new Violation(NODES.textNode("a".repeat(max + 1 + random.nextInt(64))), "longer than maxLength " + max));
            }
            if (s.path("minLength").asInt(0) > 0) {
                options.add(new Violation(NODES.textNode(""), "shorter than minLength"));
            }
            switch (s.path("format").asText()) {
                case "date" -> options.add(new Violation(NODES.textNode("2026-13-45"), "not a date"));
                case "date-time" -> options.add(new Violation(NODES.textNode("2026-13-45T25:61:00Z"), "not a date-time"));
                case "uuid" -> options.add(new Violation(NODES.textNode("not-a-uuid"), "not a UUID"));
                default -> {
                }
            }
        }
        if (type.equals("integer") || type.equals("number")) {
            if (s.has("minimum")) {
                options.add(new Violation(NODES.numberNode(s.path("minimum").decimalValue().subtract(BigDecimal.ONE)),
                        "below minimum " + s.path("minimum").asText()));
            }
            if (s.has("maximum")) {
                options.add(new Violation(NODES.numberNode(s.path("maximum").decimalValue().add(BigDecimal.ONE)),
                        "above maximum " + s.path("maximum").asText()));
            }
        }
        if (type.equals("array")) {
            if (s.has("maxItems") && s.path("maxItems").asInt() < 20_000) {
                int max = s.path("maxItems").asInt();
                ArrayNode array = NODES.arrayNode();
                JsonNode item = plausible(s.path("items"), name, random, FIXED_INSTANT);
                for (int i = 0; i <= max; i++) {
                    array.add(item.deepCopy());
                }
                options.add(new Violation(array, "more than maxItems " + max));
            }
            if (s.path("minItems").asInt(0) > 0) {
                options.add(new Violation(NODES.arrayNode(), "fewer than minItems"));
            }
        }
        if (options.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(options.get(random.nextInt(options.size())));
    }

    /** A value that breaks one constraint, with what it breaks. */
    public record Violation(JsonNode value, String rule) {
    }

    /** Names of the properties of an object schema that have some declared constraint to break. */
    public List<String> constrained(JsonNode schema) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : properties(schema).entrySet()) {
            if (violation(e.getValue(), e.getKey(), new Random(0)).isPresent()) {
                names.add(e.getKey());
            }
        }
        return names;
    }
}
