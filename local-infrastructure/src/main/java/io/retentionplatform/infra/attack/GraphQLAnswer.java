package io.retentionplatform.infra.attack;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a GraphQL answer says, read as a stream (an answer to thousands of aliases is never held whole): whether it is
 * JSON, its errors' codes and classifications, and whether the probed field came back non-null.
 */
public record GraphQLAnswer(boolean json, int errors, Set<String> codes, Set<String> classifications, boolean fieldNonNull,
        boolean anyData) {

    /** Error codes that mean "who are you" or "not you": smallrye-graphql writes them kebab-case, others upper-case. */
    static final Set<String> AUTH_CODES = Set.of("UNAUTHORIZED", "FORBIDDEN", "UNAUTHENTICATED", "AUTHENTICATION_FAILED");
    /** graphql-java's classifications for a request refused before it ran. */
    static final Set<String> NOT_EXECUTED = Set.of("VALIDATIONERROR", "INVALIDSYNTAX", "OPERATIONNOTSUPPORTED");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory().copy().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    public static final GraphQLAnswer NOT_JSON = new GraphQLAnswer(false, 0, Set.of(), Set.of(), false, false);

    public boolean authError() {
        return codes.stream().anyMatch(AUTH_CODES::contains);
    }

    public boolean notExecuted() {
        return classifications.stream().anyMatch(NOT_EXECUTED::contains);
    }

    /** Reads the answer; {@code field} is the response key to look at under data (may be null). */
    public static GraphQLAnswer read(InputStream in, String field) {
        int errors = 0;
        Set<String> codes = new LinkedHashSet<>();
        Set<String> classifications = new LinkedHashSet<>();
        boolean fieldNonNull = false;
        boolean anyData = false;
        try (JsonParser parser = FACTORY.createParser(in)) {
            parser.setCodec(JSON);
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return NOT_JSON;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken value = parser.nextToken();
                if (key.equals("errors") && value == JsonToken.START_ARRAY) {
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        errors++;
                        if (errors > 50) {
                            parser.skipChildren();
                            continue;
                        }
                        JsonNode error = parser.readValueAsTree();
                        JsonNode extensions = error == null ? null : error.path("extensions");
                        if (extensions != null) {
                            addNormalized(codes, extensions.path("code").asText(""));
                            addNormalized(classifications, extensions.path("classification").asText(""));
                        }
                    }
                } else if (key.equals("data") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        JsonToken fieldValue = parser.nextToken();
                        boolean nonNull = fieldValue != JsonToken.VALUE_NULL;
                        anyData |= nonNull;
                        if (name.equals(field)) {
                            fieldNonNull = nonNull;
                        }
                        parser.skipChildren();
                    }
                } else {
                    parser.skipChildren();
                }
            }
        } catch (IOException e) {
            if (errors == 0 && !anyData) {
                return NOT_JSON;
            }
        }
        return new GraphQLAnswer(true, errors, codes, classifications, fieldNonNull, anyData);
    }

    private static void addNormalized(Set<String> into, String value) {
        if (!value.isBlank()) {
            into.add(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }
}
