package io.retentionplatform.infra.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every root field of the gateway's GraphQL schema, read by introspection, with its minimum role taken from its
 * description: the API declares it there as a sentence, "Requires the `viewer` role." (or manager, admin). A field
 * without that sentence is taken as public.
 */
public final class GraphQLOperations {

    /** Depth 9 and about 40 fields: within the limits the gateway sets for any caller. */
    public static final String INTROSPECTION_QUERY = """
            query AttackIntrospection {
              __schema {
                queryType { name }
                mutationType { name }
                subscriptionType { name }
                types {
                  kind
                  name
                  fields(includeDeprecated: true) {
                    name
                    description
                    args { name defaultValue type { ...TypeRef } }
                    type { ...TypeRef }
                  }
                  inputFields { name defaultValue type { ...TypeRef } }
                  enumValues(includeDeprecated: true) { name }
                }
              }
            }
            fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }
            """;

    private static final Pattern ROLE_SENTENCE = Pattern.compile("Requires the [`'\"]?(viewer|manager|admin)[`'\"]? role",
            Pattern.CASE_INSENSITIVE);

    private GraphQLOperations() {
    }

    /** The root fields in an introspection response ({@code {"data": {"__schema": ...}}}). */
    public static List<GraphQLField> read(String endpoint, JsonNode response) {
        JsonNode schema = response.path("data").path("__schema");
        if (schema.isMissingNode() || schema.isNull()) {
            throw new IllegalArgumentException("no __schema in the introspection answer: " + excerpt(response.toString()));
        }
        GraphQLTypes types = new GraphQLTypes(schema.path("types"));
        List<GraphQLField> fields = new ArrayList<>();
        for (String operation : List.of("query", "mutation", "subscription")) {
            String rootName = schema.path(operation + "Type").path("name").asText(null);
            if (rootName == null) {
                continue;
            }
            for (JsonNode type : schema.path("types")) {
                if (!type.path("name").asText().equals(rootName)) {
                    continue;
                }
                for (JsonNode field : type.path("fields")) {
                    String name = field.path("name").asText();
                    if (name.startsWith("__")) {
                        continue;
                    }
                    List<GraphQLField.Argument> arguments = new ArrayList<>();
                    for (JsonNode arg : field.path("args")) {
                        GraphQLTypes.TypeRef argType = GraphQLTypes.TypeRef.of(arg.get("type"));
                        arguments.add(new GraphQLField.Argument(arg.path("name").asText(), argType,
                                argType.nonNull() && !arg.hasNonNull("defaultValue")));
                    }
                    fields.add(new GraphQLField("gateway", endpoint, operation, name, List.copyOf(arguments),
                            GraphQLTypes.TypeRef.of(field.get("type")), access(field.path("description").asText("")), types));
                }
            }
        }
        return fields;
    }

    /** The minimum role a description declares; open when it declares none. */
    public static Access access(String description) {
        return role(description).map(role -> Access.ofRoles(List.of(role))).orElse(Access.OPEN);
    }

    static Optional<String> role(String description) {
        Matcher m = ROLE_SENTENCE.matcher(description == null ? "" : description);
        return m.find() ? Optional.of(m.group(1).toLowerCase(java.util.Locale.ROOT)) : Optional.empty();
    }

    static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ");
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "...";
    }
}
