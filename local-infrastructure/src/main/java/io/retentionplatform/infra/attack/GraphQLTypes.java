package io.retentionplatform.infra.attack;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The types of a GraphQL schema as introspection returned them: enough to write literals for arguments (valid ones
 * for probes, wrong ones for the malformed requests) and to know whether a field needs a selection set.
 */
public final class GraphQLTypes {

    /** A type reference: NON_NULL and LIST wrap another; the innermost one has a name. */
    public record TypeRef(String kind, String name, TypeRef ofType) {

        static TypeRef of(JsonNode node) {
            if (node == null || node.isNull() || node.isMissingNode()) {
                return null;
            }
            return new TypeRef(node.path("kind").asText(), node.path("name").isNull() ? null : node.path("name").asText(null),
                    of(node.get("ofType")));
        }

        public boolean nonNull() {
            return kind.equals("NON_NULL");
        }

        public boolean list() {
            return kind.equals("LIST") || (nonNull() && ofType != null && ofType.list());
        }

        public TypeRef named() {
            TypeRef current = this;
            while (current.ofType != null && (current.kind.equals("NON_NULL") || current.kind.equals("LIST"))) {
                current = current.ofType;
            }
            return current;
        }

        /** The type as written in a document: {@code [ID!]!}. */
        public String text() {
            return switch (kind) {
                case "NON_NULL" -> ofType.text() + "!";
                case "LIST" -> "[" + ofType.text() + "]";
                default -> name;
            };
        }
    }

    private final Map<String, JsonNode> byName = new HashMap<>();

    public GraphQLTypes(JsonNode types) {
        if (types != null) {
            types.forEach(t -> byName.put(t.path("name").asText(), t));
        }
    }

    /** The introspected type of that name, if the schema has one. */
    public java.util.Optional<JsonNode> type(String name) {
        return java.util.Optional.ofNullable(byName.get(name));
    }

    public String kindOf(TypeRef ref) {
        TypeRef named = ref.named();
        JsonNode type = byName.get(named.name());
        return type == null ? named.kind() : type.path("kind").asText(named.kind());
    }

    public boolean isComposite(TypeRef ref) {
        String kind = kindOf(ref);
        return kind.equals("OBJECT") || kind.equals("INTERFACE") || kind.equals("UNION");
    }

    /** A valid literal of the type, as a careful caller would write it. */
    public String literal(TypeRef ref, String argumentName, Random random, int depth) {
        if (ref.nonNull()) {
            return literal(ref.ofType(), argumentName, random, depth);
        }
        if (ref.kind().equals("LIST")) {
            return "[" + literal(ref.ofType(), argumentName, random, depth) + "]";
        }
        String name = ref.name();
        String kind = kindOf(ref);
        if (kind.equals("ENUM")) {
            JsonNode values = byName.get(name).path("enumValues");
            return values.isEmpty() ? "UNKNOWN" : values.get(0).path("name").asText();
        }
        if (kind.equals("INPUT_OBJECT")) {
            if (depth > 6) {
                return "{}";
            }
            JsonNode fields = byName.get(name).path("inputFields");
            List<String> parts = new java.util.ArrayList<>();
            for (JsonNode field : fields) {
                TypeRef type = TypeRef.of(field.get("type"));
                if (type != null && type.nonNull() && !field.hasNonNull("defaultValue")) {
                    parts.add(field.path("name").asText() + ": " + literal(type, field.path("name").asText(), random, depth + 1));
                }
            }
            return parts.stream().collect(Collectors.joining(", ", "{", "}"));
        }
        return scalar(name, argumentName, random);
    }

    private static String scalar(String name, String argumentName, Random random) {
        String lowerArg = argumentName == null ? "" : argumentName.toLowerCase(java.util.Locale.ROOT);
        return switch (name) {
            case "Int", "Long", "BigInteger", "Short", "Byte" -> "1";
            case "Float", "BigDecimal" -> "1.0";
            case "Boolean" -> "false";
            case "ID" -> lowerArg.equals("id") || lowerArg.contains("account") ? "\"acme-attack-1\""
                    : "\"" + OpenApiSchemas.uuid(random) + "\"";
            default -> {
                if (name.contains("DateTime") || name.equals("Instant")) {
                    yield "\"" + OpenApiSchemas.FIXED_NOW + "\"";
                }
                if (name.contains("Date")) {
                    yield "\"2026-01-15\"";
                }
                yield lowerArg.contains("account") ? "\"acme-attack-1\"" : "\"attack\"";
            }
        };
    }

    /** Whether the named type is a scalar that only accepts numbers (so a string is a wrong type). */
    public boolean numeric(TypeRef ref) {
        String name = ref.named().name();
        return List.of("Int", "Long", "BigInteger", "Short", "Byte", "Float", "BigDecimal").contains(name);
    }
}
