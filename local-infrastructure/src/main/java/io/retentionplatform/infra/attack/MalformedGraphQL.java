package io.retentionplatform.infra.attack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retentionplatform.infra.security.LocalTokens;

/**
 * Malformed requests for one GraphQL field: documents that fail parsing or validation (syntax, unknown fields and
 * arguments, wrong argument and variable types, undeclared variables, unknown directives, conflicting aliases, fragment
 * cycles, operation names), exceed the limits (depth, aliases, tokens, variable and body size), or are not GraphQL
 * requests at all (no body, truncated or invalid JSON, foreign content types and methods, mutations over GET).
 */
final class MalformedGraphQL {

    private MalformedGraphQL() {
    }

    /** Whether the defect can be made for this field (wrong argument types need arguments, say). */
    static boolean applies(GraphQLField field, Defect d) {
        boolean hasArgs = !field.arguments().isEmpty();
        return switch (d) {
            case GQL_WRONG_ARGUMENT_TYPE, GQL_WRONG_VARIABLE -> hasArgs;
            case GQL_MISSING_ARGUMENT -> field.arguments().stream().anyMatch(GraphQLField.Argument::required);
            case GQL_GET_MUTATION -> field.operation().equals("mutation");
            default -> true;
        };
    }

    /** The request for one defect, sent to the GraphQL endpoint with the field's credentials. */
    static Probe probe(GraphQLField field, Defect defect, Credential credential, Random random) {
        Probe.Expect expect = Probe.Expect.invalidInput(field);
        String op = field.operation();
        String call = field.call(null, random);
        String json = "application/json";
        String what = defect.description;
        byte[] body;
        switch (defect) {
            case GQL_SYNTAX -> {
                String valid = field.probe(random);
                int cut = random.nextInt(valid.length() - 1);
                body = PlausibleRequests.graphql(valid.substring(0, cut), null);
                what += ": cut after " + cut + " characters";
            }
            case GQL_UNKNOWN_FIELD -> body = PlausibleRequests.graphql(op + " AttackProbe { " + call + " attackUnknownField"
                    + random.nextInt(1000) + " }", null);
            case GQL_WRONG_ARGUMENT_TYPE -> {
                GraphQLField.Argument arg = field.arguments().get(random.nextInt(field.arguments().size()));
                String wrong = wrongLiteral(field, arg);
                body = PlausibleRequests.graphql(op + " AttackProbe { " + field.name() + argumentsWith(field, arg.name(), wrong, random)
                        + field.selection() + " }", null);
                what += ": " + arg.name() + ": " + wrong;
            }
            case GQL_UNKNOWN_ARGUMENT -> body = PlausibleRequests.graphql(op + " AttackProbe { " + field.name()
                    + argumentsWith(field, "attackUnknownArgument", "1", random) + field.selection() + " }", null);
            case GQL_MISSING_ARGUMENT -> body = PlausibleRequests.graphql(op + " AttackProbe { " + field.name() + field.selection()
                    + " }", null);
            case GQL_DEEP_INTROSPECTION -> {
                StringBuilder q = new StringBuilder("query AttackDeep { __schema { queryType { ");
                for (int i = 0; i < MalformedRequests.GRAPHQL_DEPTH; i++) {
                    q.append("ofType { ");
                }
                q.append("name");
                q.append(" }".repeat(MalformedRequests.GRAPHQL_DEPTH)).append(" } } }");
                body = PlausibleRequests.graphql(q.toString(), null);
            }
            case GQL_DEEP_FRAGMENTS -> {
                StringBuilder q = new StringBuilder("query AttackDeep { __schema { queryType { ...F1 } } }");
                for (int i = 1; i <= MalformedRequests.GRAPHQL_DEPTH; i++) {
                    q.append(" fragment F").append(i).append(" on __Type { name ofType { ")
                            .append(i < MalformedRequests.GRAPHQL_DEPTH ? "...F" + (i + 1) : "name").append(" } }");
                }
                body = PlausibleRequests.graphql(q.toString(), null);
            }
            case GQL_FRAGMENT_CYCLE -> body = PlausibleRequests.graphql("query AttackCycle { __schema { queryType { ...A } } }"
                    + " fragment A on __Type { name ...B } fragment B on __Type { name ...A }", null);
            case GQL_ALIAS_CONFLICT -> body = PlausibleRequests.graphql(op + " AttackProbe { attack: " + call
                    + " attack: __typename }", null);
            case GQL_UNKNOWN_DIRECTIVE -> body = PlausibleRequests.graphql(op + " AttackProbe { " + field.name() + field.arguments(random)
                    + " @attackDirective" + field.selection() + " }", null);
            case GQL_WRONG_VARIABLE -> {
                GraphQLField.Argument arg = field.arguments().get(random.nextInt(field.arguments().size()));
                Map<String, Object> variables = new LinkedHashMap<>();
                Object wrong = wrongVariable(field, arg, false);
                variables.put("v", wrong);
                body = PlausibleRequests.graphql(op + " AttackProbe($v: " + arg.type().text() + ") { " + field.name()
                        + argumentsWith(field, arg.name(), "$v", random) + field.selection() + " }", variables);
                what += ": $v = " + Tally.shorten(String.valueOf(wrong), 60);
            }
            case GQL_UNDECLARED_VARIABLE -> body = PlausibleRequests.graphql(op + " AttackProbe { " + call
                    + " __typename @include(if: $attackUndeclared) }", null);
            case GQL_OPERATION_NAME -> {
                if (random.nextBoolean()) {
                    body = PlausibleRequests.graphql(op + " First { " + call + " } " + op + " Second { __typename }", null);
                    what += ": two operations, none named";
                } else {
                    ObjectNode node = OpenApiSchemas.NODES.objectNode();
                    node.put("query", field.probe(random));
                    node.put("operationName", "AttackMissingOperation");
                    body = LocalTokens.json(node);
                    what += ": unknown operationName";
                }
            }
            case GQL_EMPTY_QUERY -> body = random.nextBoolean() ? "{\"query\":\"\"}".getBytes(StandardCharsets.US_ASCII)
                    : "{\"query\":\"   \"}".getBytes(StandardCharsets.US_ASCII);
            case GQL_QUERY_NOT_STRING -> {
                String[] shapes = {"{\"query\":42}", "{\"query\":{\"query\":\"{ __typename }\"}}", "{\"query\":[\"{ __typename }\"]}",
                    "{\"variables\":{}}", "{\"query\":null}"};
                String shape = shapes[random.nextInt(shapes.length)];
                body = shape.getBytes(StandardCharsets.US_ASCII);
                what += ": " + shape;
            }
            case GQL_TRUNCATED_JSON -> {
                byte[] full = PlausibleRequests.graphql(field.probe(random), null);
                int cut = 1 + random.nextInt(full.length - 2);
                body = java.util.Arrays.copyOf(full, cut);
                what += ": cut after " + cut + " bytes";
            }
            case GQL_INVALID_UTF8 -> {
                byte[] bad = MalformedRest.INVALID_UTF8[random.nextInt(MalformedRest.INVALID_UTF8.length)];
                body = MalformedRest.withInvalidUtf8(PlausibleRequests.graphql(field.probe(random), null), bad);
                what += ": " + MalformedRest.hex(bad);
            }
            case GQL_DEEP_JSON -> {
                String deep = "[".repeat(MalformedRequests.DEEP_JSON) + "]".repeat(MalformedRequests.DEEP_JSON);
                String query = "query AttackProbe($v: String) { __typename @include(if: $v) }";
                body = ("{\"query\":" + new String(LocalTokens.json(OpenApiSchemas.NODES.textNode(query)), StandardCharsets.UTF_8)
                        + ",\"variables\":{\"v\":" + deep + "}}").getBytes(StandardCharsets.UTF_8);
            }
            case GQL_WRONG_CONTENT_TYPE -> {
                json = random.nextBoolean() ? "text/plain" : "application/x-www-form-urlencoded";
                body = PlausibleRequests.graphql(field.probe(random), null);
                what += ": " + json;
            }
            case GQL_NO_BODY -> body = null;
            case GQL_UNSUPPORTED_METHOD -> {
                String method = List.of("PUT", "DELETE", "PATCH").get(random.nextInt(3));
                return new Probe(field, what + ": " + method, method, field.endpoint(), json,
                        PlausibleRequests.graphql(field.probe(random), null), credential, expect);
            }
            case GQL_GET_MUTATION -> {
                String url = field.endpoint() + "?query=" + OpenApiOperations.encodeSegment(field.probe(random));
                return new Probe(field, what, "GET", url, null, null, credential, expect);
            }
            case GQL_MANY_ALIASES -> {
                StringBuilder q = new StringBuilder(op + " AttackAliases { ");
                for (int i = 0; i < MalformedRequests.GRAPHQL_ALIASES; i++) {
                    q.append('a').append(i).append(": __typename ");
                }
                body = PlausibleRequests.graphql(q.append('}').toString(), null);
            }
            case GQL_MANY_FIELD_ALIASES -> {
                boolean query = op.equals("query");
                StringBuilder q = new StringBuilder(op + " AttackAliases { ");
                for (int i = 0; i < (query ? MalformedRequests.GRAPHQL_FIELD_ALIASES : MalformedRequests.GRAPHQL_ALIASES); i++) {
                    q.append(query ? field.call("a" + i, random) : "a" + i + ": __typename").append(' ');
                }
                body = PlausibleRequests.graphql(q.append('}').toString(), null);
                what += query ? "" : " (" + MalformedRequests.GRAPHQL_ALIASES + " of __typename: a mutation is never multiplied)";
            }
            case GQL_HUGE_VARIABLE -> {
                Map<String, Object> variables = new LinkedHashMap<>();
                String document;
                if (field.arguments().isEmpty()) {
                    variables.put("v", "a".repeat(MalformedRequests.HUGE_STRING));
                    document = "query AttackProbe($v: Int) { __typename @include(if: $v) }";
                    what += ": 1 MB string for an Int used as a Boolean";
                } else {
                    GraphQLField.Argument arg = field.arguments().get(random.nextInt(field.arguments().size()));
                    variables.put("v", wrongVariable(field, arg, true));
                    document = op + " AttackProbe($v: " + arg.type().text() + ") { " + field.name()
                            + argumentsWith(field, arg.name(), "$v", random) + field.selection() + " }";
                    what += ": for " + arg.name();
                }
                body = PlausibleRequests.graphql(document, variables);
            }
            case GQL_OVERSIZED -> {
                Map<String, Object> variables = new LinkedHashMap<>();
                variables.put("v", "x".repeat(MalformedRequests.OVERSIZED));
                body = PlausibleRequests.graphql("query AttackProbe($v: Int) { __typename @include(if: $v) }", variables);
            }
            default -> throw new IllegalArgumentException("not a GraphQL defect: " + defect);
        }
        return new Probe(field, what, "POST", field.endpoint(), json, body, credential, expect);
    }

    /** The field's required arguments, with {@code name} set to {@code literal} (added if it is not among them). */
    private static String argumentsWith(GraphQLField field, String name, String literal, Random random) {
        List<String> parts = new ArrayList<>();
        boolean placed = false;
        for (GraphQLField.Argument arg : field.arguments()) {
            if (arg.name().equals(name)) {
                parts.add(name + ": " + literal);
                placed = true;
            } else if (arg.required()) {
                parts.add(arg.name() + ": " + field.types().literal(arg.type(), arg.name(), random, 0));
            }
        }
        if (!placed) {
            parts.add(name + ": " + literal);
        }
        return "(" + String.join(", ", parts) + ")";
    }

    /** A literal GraphQL rejects for the argument's type: an object for a scalar, a string for an enum or a number. */
    private static String wrongLiteral(GraphQLField field, GraphQLField.Argument arg) {
        String kind = field.types().kindOf(arg.type());
        if (kind.equals("INPUT_OBJECT")) {
            return "42";
        }
        if (kind.equals("ENUM")) {
            return "\"NOT_AN_ENUM_VALUE\"";
        }
        if (field.types().numeric(arg.type()) || arg.type().named().name().equals("Boolean")) {
            return "\"abc\"";
        }
        return "{attack: 1}";
    }

    /** A variable value GraphQL cannot coerce into the argument's type; huge when asked. */
    private static Object wrongVariable(GraphQLField field, GraphQLField.Argument arg, boolean huge) {
        String kind = field.types().kindOf(arg.type());
        if (field.types().numeric(arg.type()) || arg.type().named().name().equals("Boolean") || kind.equals("ENUM")) {
            return huge ? "a".repeat(MalformedRequests.HUGE_STRING) : "abc";
        }
        if (kind.equals("INPUT_OBJECT")) {
            if (!huge) {
                return 42;
            }
            List<Integer> many = new ArrayList<>();
            for (int i = 0; i < MalformedRequests.HUGE_ARRAY; i++) {
                many.add(i);
            }
            return many;
        }
        // String, ID and other scalars: an object (lists would be coerced item by item, objects never)
        Map<String, Object> object = new LinkedHashMap<>();
        if (huge) {
            for (int i = 0; i < 20_000; i++) {
                object.put("k" + i, "attack");
            }
        } else {
            object.put("attack", 1);
        }
        return object;
    }

}
