package io.retentionplatform.infra.attack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every operation of a service, read from its OpenAPI document: path and method, parameters, body, and the roles in
 * its {@code security} entry (the roles appear as the scopes of the security scheme). Infrastructure paths
 * ({@code /q/...}) and the GraphQL endpoint are left out: the first are not the API, the second is attacked through its
 * schema.
 *
 * <p>Path parameters get plausible values: an account id {@code acme-attack-1}, a number for a numeric parameter, a
 * UUID for other ids, and one operation per alternative where the parameter is an enumeration or a pattern of
 * alternatives ({@code track|identify|group}).
 */
public final class OpenApiOperations {

    static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}/]+)}");
    private static final Pattern ALTERNATION = Pattern.compile("\\^?\\(?([A-Za-z0-9_.-]+(\\|[A-Za-z0-9_.-]+)+)\\)?\\$?");
    private static final int MAX_VARIANTS = 8;

    private OpenApiOperations() {
    }

    /** The operations of one document; {@code random} only draws the UUIDs of id parameters. */
    public static List<RestOperation> read(String service, String baseUrl, JsonNode document, Random random) {
        OpenApiSchemas schemas = new OpenApiSchemas(document);
        List<RestOperation> operations = new ArrayList<>();
        JsonNode rootSecurity = document.get("security");
        List<String> templates = new ArrayList<>();
        document.path("paths").fieldNames().forEachRemaining(templates::add);
        templates.sort(Comparator.naturalOrder());
        for (String template : templates) {
            if (template.equals("/q") || template.startsWith("/q/") || template.equals("/graphql")) {
                continue;
            }
            JsonNode pathItem = document.path("paths").path(template);
            for (String method : METHODS) {
                JsonNode operation = pathItem.get(method);
                if (operation == null || !operation.isObject()) {
                    continue;
                }
                List<RestOperation.Parameter> parameters = parameters(pathItem, operation, schemas);
                Access access = Access.SIGNATURE_SCHEME.equals(operation.path("x-authentication").asText())
                        ? Access.SIGNED : access(operation.has("security") ? operation.get("security") : rootSecurity);
                Optional<RestOperation.Body> body = body(operation, schemas);
                for (Map<String, String> values : pathValues(template, parameters, random)) {
                    String variant = values.entrySet().stream().filter(e -> isAlternation(parameters, e.getKey()))
                            .map(e -> e.getKey() + "=" + e.getValue()).reduce((a, b) -> a + "," + b).orElse("");
                    operations.add(new RestOperation(service, trimSlash(baseUrl), method.toUpperCase(Locale.ROOT), template,
                            variant, fill(template, values), values, parameters, body, access, schemas));
                }
            }
        }
        return operations;
    }

    /**
     * Who may call, from a {@code security} array: absent or empty means open; each requirement object lists, per
     * scheme, the roles as scopes; the union of all alternatives decides. An empty requirement object ({}) makes
     * credentials optional, so the operation is open.
     */
    public static Access access(JsonNode security) {
        if (security == null || !security.isArray() || security.isEmpty()) {
            return Access.OPEN;
        }
        Set<String> roles = new LinkedHashSet<>();
        boolean anyScheme = false;
        boolean signed = false;
        for (JsonNode requirement : security) {
            if (requirement.isEmpty()) {
                return Access.OPEN;
            }
            var schemes = requirement.fields();
            while (schemes.hasNext()) {
                var scheme = schemes.next();
                if (scheme.getKey().equals(Access.SIGNATURE_SCHEME)) {
                    signed = true;
                    continue;
                }
                anyScheme = true;
                scheme.getValue().forEach(scope -> roles.add(scope.asText()));
            }
        }
        if (!anyScheme && signed) {
            return Access.SIGNED;
        }
        return anyScheme ? Access.ofRoles(roles) : Access.OPEN;
    }

    private static List<RestOperation.Parameter> parameters(JsonNode pathItem, JsonNode operation, OpenApiSchemas schemas) {
        Map<String, RestOperation.Parameter> byKey = new LinkedHashMap<>();
        for (JsonNode source : List.of(pathItem.path("parameters"), operation.path("parameters"))) {
            for (JsonNode raw : source) {
                JsonNode p = schemas.resolve(raw);
                String in = p.path("in").asText();
                String name = p.path("name").asText();
                if (name.isEmpty() || in.isEmpty()) {
                    continue;
                }
                JsonNode schema = schemas.resolve(p.path("schema"));
                byKey.put(in + ":" + name, new RestOperation.Parameter(name, in, schema,
                        in.equals("path") || p.path("required").asBoolean(false)));
            }
        }
        return List.copyOf(byKey.values());
    }

    private static Optional<RestOperation.Body> body(JsonNode operation, OpenApiSchemas schemas) {
        if (!operation.has("requestBody")) {
            return Optional.empty();
        }
        JsonNode requestBody = schemas.resolve(operation.get("requestBody"));
        Map<String, JsonNode> content = new LinkedHashMap<>();
        requestBody.path("content").fields().forEachRemaining(e -> content.put(e.getKey().toLowerCase(Locale.ROOT),
                e.getValue().path("schema")));
        if (content.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RestOperation.Body(content, requestBody.path("required").asBoolean(false)));
    }

    /** One map of path values per concrete path: alternatives multiply, every other parameter has one value. */
    private static List<Map<String, String>> pathValues(String template, List<RestOperation.Parameter> parameters, Random random) {
        List<Map<String, String>> combinations = new ArrayList<>();
        combinations.add(new LinkedHashMap<>());
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            String name = m.group(1);
            RestOperation.Parameter parameter = parameters.stream().filter(p -> p.in().equals("path") && p.name().equals(name))
                    .findFirst().orElse(new RestOperation.Parameter(name, "path", OpenApiSchemas.NODES.objectNode(), true));
            List<String> values = plausiblePathValues(parameter, random);
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combination : combinations) {
                for (String value : values) {
                    Map<String, String> extended = new LinkedHashMap<>(combination);
                    extended.put(name, value);
                    next.add(extended);
                }
            }
            combinations = next;
        }
        return combinations;
    }

    static List<String> plausiblePathValues(RestOperation.Parameter parameter, Random random) {
        JsonNode schema = parameter.schema();
        if (schema.has("enum") && schema.path("enum").size() > 0) {
            List<String> values = new ArrayList<>();
            schema.path("enum").forEach(v -> values.add(v.asText()));
            return values.subList(0, Math.min(MAX_VARIANTS, values.size()));
        }
        Matcher alternation = ALTERNATION.matcher(schema.path("pattern").asText(""));
        if (alternation.matches()) {
            List<String> values = List.of(alternation.group(1).split("\\|"));
            return values.subList(0, Math.min(MAX_VARIANTS, values.size()));
        }
        String type = OpenApiSchemas.type(schema);
        if (type.equals("integer") || type.equals("number")) {
            return List.of("1");
        }
        String name = parameter.name().toLowerCase(Locale.ROOT);
        if (schema.path("format").asText().equals("uuid")) {
            return List.of(OpenApiSchemas.uuid(random));
        }
        if (name.contains("account")) {
            return List.of("acme-attack-1");
        }
        if (name.endsWith("id")) {
            return List.of(OpenApiSchemas.uuid(random));
        }
        return List.of(OpenApiSchemas.plausibleString(schema, parameter.name(), random, OpenApiSchemas.FIXED_INSTANT));
    }

    private static boolean isAlternation(List<RestOperation.Parameter> parameters, String name) {
        return parameters.stream().filter(p -> p.in().equals("path") && p.name().equals(name)).anyMatch(p ->
                p.schema().has("enum") || ALTERNATION.matcher(p.schema().path("pattern").asText("")).matches());
    }

    /** The template with each placeholder replaced by its value, percent-encoded as one path segment. */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, Matcher.quoteReplacement(encodeSegment(values.getOrDefault(m.group(1), "x"))));
        }
        m.appendTail(path);
        return path.toString();
    }

    static String encodeSegment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Whether a concrete path would be routed to this template (a placeholder matches one segment). */
    static boolean templateMatches(String template, String concretePath) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("[^/]+");
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        return concretePath.matches(regex + "/?");
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
