package io.retentionplatform.infra.attack;

/**
 * What is wrong with a generated request: each one makes the request invalid by construction. The heavy ones (bodies of
 * megabytes, thousands of aliases) are sent only a few times per operation.
 */
public enum Defect {
    BODY_WRONG_TOP_TYPE("body of the wrong JSON type", false),
    BODY_WRONG_FIELD_TYPE("a field of the wrong JSON type", false),
    BODY_MISSING_REQUIRED("a required field missing", false),
    BODY_NULL_REQUIRED("a required field null", false),
    BODY_CONSTRAINT("a declared constraint broken", false),
    BODY_EXTRA_FIELDS_AND_DEFECT("unknown fields plus another defect", false),
    BODY_NULL("body is JSON null", false),
    BODY_NONE("no body where one is required", false),
    BODY_TRUNCATED("truncated JSON", false),
    BODY_INVALID_UTF8("invalid UTF-8 in the JSON", false),
    BODY_DEEP_NESTING("JSON nested " + MalformedRequests.DEEP_JSON + " deep", false),
    BODY_WRONG_CONTENT_TYPE("a content type the operation does not take", false),
    BODY_HUGE_STRING("a string over 1 MB", true),
    BODY_HUGE_ARRAY("an array of " + MalformedRequests.HUGE_ARRAY + " items", true),
    BODY_OVERSIZED("a body over 5 MB", true),
    PATH_BAD_VALUE("a bad path parameter", false),
    QUERY_BAD_VALUE("a bad query parameter", false),
    METHOD_UNSUPPORTED("a method the path does not have", false),
    GQL_SYNTAX("GraphQL syntax error", false),
    GQL_UNKNOWN_FIELD("unknown GraphQL field", false),
    GQL_WRONG_ARGUMENT_TYPE("GraphQL argument of the wrong type", false),
    GQL_UNKNOWN_ARGUMENT("unknown GraphQL argument", false),
    GQL_MISSING_ARGUMENT("required GraphQL argument missing", false),
    GQL_DEEP_INTROSPECTION("GraphQL query nested " + MalformedRequests.GRAPHQL_DEPTH + " deep", false),
    GQL_DEEP_FRAGMENTS("GraphQL fragments nested " + MalformedRequests.GRAPHQL_DEPTH + " deep", false),
    GQL_FRAGMENT_CYCLE("GraphQL fragment cycle", false),
    GQL_ALIAS_CONFLICT("GraphQL aliases in conflict", false),
    GQL_UNKNOWN_DIRECTIVE("unknown GraphQL directive", false),
    GQL_WRONG_VARIABLE("GraphQL variable of the wrong type", false),
    GQL_UNDECLARED_VARIABLE("undeclared GraphQL variable", false),
    GQL_OPERATION_NAME("GraphQL operation name missing or unknown", false),
    GQL_EMPTY_QUERY("empty GraphQL query", false),
    GQL_QUERY_NOT_STRING("GraphQL query that is not a string", false),
    GQL_TRUNCATED_JSON("truncated JSON around a GraphQL query", false),
    GQL_INVALID_UTF8("invalid UTF-8 in a GraphQL request", false),
    GQL_DEEP_JSON("GraphQL variables nested " + MalformedRequests.DEEP_JSON + " deep", false),
    GQL_WRONG_CONTENT_TYPE("GraphQL request with a non-JSON content type", false),
    GQL_NO_BODY("GraphQL POST without a body", false),
    GQL_UNSUPPORTED_METHOD("GraphQL endpoint with an unsupported method", false),
    GQL_GET_MUTATION("GraphQL mutation over GET", false),
    GQL_MANY_ALIASES(MalformedRequests.GRAPHQL_ALIASES + " GraphQL aliases", true),
    GQL_MANY_FIELD_ALIASES(MalformedRequests.GRAPHQL_FIELD_ALIASES + " aliases of one GraphQL field", true),
    GQL_HUGE_VARIABLE("huge GraphQL variable of the wrong type", true),
    GQL_OVERSIZED("GraphQL request over 5 MB", true);

    final String description;
    final boolean heavy;

    Defect(String description, boolean heavy) {
        this.description = description;
        this.heavy = heavy;
    }

    public String description() {
        return description;
    }

    public boolean heavy() {
        return heavy;
    }
}
