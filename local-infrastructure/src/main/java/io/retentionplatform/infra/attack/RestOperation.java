package io.retentionplatform.infra.attack;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A REST operation as the service's OpenAPI document declares it, with its path made concrete (path parameters
 * filled with plausible values) so that a request can reach it.
 *
 * @param baseUrl  the service's base URL, no trailing slash
 * @param template the path as declared, e.g. {@code /accounts/{accountId}}
 * @param variant  which of several concrete paths of one template this is ({@code call=track}), or empty
 * @param path     the concrete path, percent-encoded
 * @param pathValues the plausible value of each path parameter, as used in {@code path}
 * @param body     the request body, if the operation takes one
 * @param schemas  the document's schemas, for {@code $ref}s in parameters and body
 */
public record RestOperation(String service, String baseUrl, String method, String template, String variant, String path,
        Map<String, String> pathValues, List<Parameter> parameters, Optional<Body> body, Access access,
        OpenApiSchemas schemas) implements Target {

    /** A path or query parameter. */
    public record Parameter(String name, String in, JsonNode schema, boolean required) {
    }

    /** The request body: its schema per media type, and whether the contract requires one. */
    public record Body(Map<String, JsonNode> content, boolean required) {

        /** The JSON media type the body is declared with, if any (application/json or a +json type). */
        public Optional<String> jsonType() {
            if (content.containsKey("application/json")) {
                return Optional.of("application/json");
            }
            return content.keySet().stream().filter(t -> t.endsWith("+json")).sorted().findFirst();
        }

        /** The schema for the JSON media type; empty if none or if it is declared as opaque bytes. */
        public Optional<JsonNode> jsonSchema(OpenApiSchemas schemas) {
            return jsonType().map(content::get).map(schemas::resolve).filter(s -> !OpenApiSchemas.isBinary(s));
        }
    }

    @Override
    public String label() {
        return method + " " + template + (variant.isEmpty() ? "" : " [" + variant + "]");
    }

    public String url() {
        return baseUrl + path;
    }

    public List<Parameter> query() {
        return parameters.stream().filter(p -> p.in().equals("query")).toList();
    }
}
