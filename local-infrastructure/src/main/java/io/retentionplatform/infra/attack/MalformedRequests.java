package io.retentionplatform.infra.attack;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.retentionplatform.infra.security.LocalTokens;

/**
 * The malformed-input generator: request {@code i} of a campaign is a pure function of the seed and {@code i}, so a
 * failure can be replayed, and every request is invalid by construction (a wrong JSON type, a missing or null required
 * field, a broken declared constraint, unparseable or oversized bodies, bad path and query values, methods the path
 * does not have; for GraphQL, documents that fail parsing or validation or exceed the depth and size limits). So any
 * 2xx, or any GraphQL answer without errors, is a defect of the service.
 *
 * <p>Requests are spread round-robin over the targets and, per target, over the defects that apply to it. The heavy
 * ones (bodies of megabytes, thousands of aliases) are sent at most {@value #HEAVY_ROUNDS} times per target. Each carries
 * valid credentials of the target's minimum role (the ingest key for ingest operations) so that it gets past access
 * control and reaches validation.
 */
public final class MalformedRequests {

    static final int HEAVY_ROUNDS = 2;
    /** Times in generated bodies: fixed, so that a request depends on the seed and its index alone. */
    static final Instant FIXED = OpenApiSchemas.FIXED_INSTANT;
    static final int DEEP_JSON = 10_000;
    static final int HUGE_STRING = 1_100_000;
    static final int OVERSIZED = 5_500_000;
    static final int HUGE_ARRAY = 100_000;
    static final int GRAPHQL_DEPTH = 20;
    static final int GRAPHQL_ALIASES = 3_000;
    static final int GRAPHQL_FIELD_ALIASES = 2_000;
    static final List<String> UNSUPPORTED_METHOD_CANDIDATES = List.of("PATCH", "DELETE", "PUT", "POST");
    static final List<String> FOREIGN_CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "application/octet-stream", "multipart/form-data; boundary=attack");
    private static final byte[][] INVALID_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0x80}};

    /** What is wrong with a request. */
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
        BODY_DEEP_NESTING("JSON nested " + DEEP_JSON + " deep", false),
        BODY_WRONG_CONTENT_TYPE("a content type the operation does not take", false),
        BODY_HUGE_STRING("a string over 1 MB", true),
        BODY_HUGE_ARRAY("an array of " + HUGE_ARRAY + " items", true),
        BODY_OVERSIZED("a body over 5 MB", true),
        PATH_BAD_VALUE("a bad path parameter", false),
        QUERY_BAD_VALUE("a bad query parameter", false),
        METHOD_UNSUPPORTED("a method the path does not have", false),
        GQL_SYNTAX("GraphQL syntax error", false),
        GQL_UNKNOWN_FIELD("unknown GraphQL field", false),
        GQL_WRONG_ARGUMENT_TYPE("GraphQL argument of the wrong type", false),
        GQL_UNKNOWN_ARGUMENT("unknown GraphQL argument", false),
        GQL_MISSING_ARGUMENT("required GraphQL argument missing", false),
        GQL_DEEP_INTROSPECTION("GraphQL query nested " + GRAPHQL_DEPTH + " deep", false),
        GQL_DEEP_FRAGMENTS("GraphQL fragments nested " + GRAPHQL_DEPTH + " deep", false),
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
        GQL_DEEP_JSON("GraphQL variables nested " + DEEP_JSON + " deep", false),
        GQL_WRONG_CONTENT_TYPE("GraphQL request with a non-JSON content type", false),
        GQL_NO_BODY("GraphQL POST without a body", false),
        GQL_UNSUPPORTED_METHOD("GraphQL endpoint with an unsupported method", false),
        GQL_GET_MUTATION("GraphQL mutation over GET", false),
        GQL_MANY_ALIASES(GRAPHQL_ALIASES + " GraphQL aliases", true),
        GQL_MANY_FIELD_ALIASES(GRAPHQL_FIELD_ALIASES + " aliases of one GraphQL field", true),
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

    private final long seed;
    private final List<Target> targets = new ArrayList<>();
    private final List<Target> skipped = new ArrayList<>();
    private final Map<Target, List<Defect>> defects = new LinkedHashMap<>();
    private final Map<String, List<RestOperation>> byService = new LinkedHashMap<>();

    public MalformedRequests(List<? extends Target> all, long seed) {
        this.seed = seed;
        for (Target target : all) {
            if (target instanceof RestOperation op) {
                byService.computeIfAbsent(op.service(), s -> new ArrayList<>()).add(op);
            }
        }
        for (Target target : all) {
            List<Defect> applicable = applicable(target);
            boolean reachable = target.access().open() || target.access().credentialRole().isPresent();
            if (applicable.isEmpty() || !reachable) {
                skipped.add(target);
            } else {
                targets.add(target);
                defects.put(target, applicable);
            }
        }
    }

    /** The targets requests go to, in the order they take turns. */
    public List<Target> targets() {
        return List.copyOf(targets);
    }

    /** Targets that get none: no defect applies, or no credential we hold reaches them. */
    public List<Target> skipped() {
        return List.copyOf(skipped);
    }

    /** The defects that take turns on a target (one with many variants may appear more than once). */
    public List<Defect> defects(Target target) {
        return defects.getOrDefault(target, List.of());
    }

    /** The target of request {@code index}: the targets take turns. */
    public Target targetAt(long index) {
        if (targets.isEmpty()) {
            throw new IllegalStateException("no target to send malformed requests to");
        }
        return targets.get((int) (index % targets.size()));
    }

    /** The defect of request {@code index}: its target's defects take turns, heavy ones a limited number of times. */
    public Defect defectAt(long index) {
        Target target = targetAt(index);
        int position = (int) (index % targets.size());
        long round = index / targets.size();
        List<Defect> kinds = defects.get(target);
        Defect defect = kinds.get((int) ((round + position) % kinds.size()));
        if (defect.heavy && round / kinds.size() >= HEAVY_ROUNDS) {
            List<Defect> light = kinds.stream().filter(d -> !d.heavy).toList();
            if (!light.isEmpty()) {
                defect = light.get((int) ((round + position) % light.size()));
            }
        }
        return defect;
    }

    /** Request {@code index}: the same for the same seed, targets and index. */
    public Probe generate(long index) {
        Target target = targetAt(index);
        Defect defect = defectAt(index);
        Random random = new Random(seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL + 1);
        Credential credential = credential(target);
        if (target instanceof RestOperation op) {
            return rest(op, defect, credential, random);
        }
        return graphql((GraphQLField) target, defect, credential, random);
    }

    static Credential credential(Target target) {
        return target.access().credentialRole().map(Credential::jwt).orElse(Credential.NONE);
    }

    // ------------------------------------------------------------------------------------------------ applicability

    List<Defect> applicable(Target target) {
        List<Defect> list = new ArrayList<>();
        if (target instanceof GraphQLField field) {
            for (Defect d : Defect.values()) {
                if (d.name().startsWith("GQL_") && graphqlApplies(field, d)) {
                    list.add(d);
                }
            }
            return list;
        }
        RestOperation op = (RestOperation) target;
        Optional<RestOperation.Body> body = op.body();
        boolean json = body.flatMap(RestOperation.Body::jsonType).isPresent();
        Optional<JsonNode> schema = body.flatMap(b -> b.jsonSchema(op.schemas()));
        boolean object = schema.map(s -> OpenApiSchemas.type(s).equals("object")).orElse(false);
        boolean required = schema.map(s -> !op.schemas().required(s).isEmpty()).orElse(false);
        boolean wrongTypes = object && !wrongTypeFields(op, schema.get()).isEmpty();
        boolean constrained = object && !op.schemas().constrained(schema.get()).isEmpty();
        boolean topType = schema.map(s -> !OpenApiSchemas.type(s).isEmpty()).orElse(json); // binary ingest bodies: yes
        if (json && topType) {
            list.add(Defect.BODY_WRONG_TOP_TYPE);
        }
        if (wrongTypes) {
            list.add(Defect.BODY_WRONG_FIELD_TYPE);
        }
        if (required) {
            list.add(Defect.BODY_MISSING_REQUIRED);
            list.add(Defect.BODY_NULL_REQUIRED);
        }
        if (constrained) {
            list.add(Defect.BODY_CONSTRAINT);
        }
        if (json) {
            list.add(Defect.BODY_EXTRA_FIELDS_AND_DEFECT);
        }
        if (json && body.get().required()) {
            list.add(Defect.BODY_NULL);
        }
        if (body.isPresent() && body.get().required()) {
            list.add(Defect.BODY_NONE);
        }
        if (json) {
            list.add(Defect.BODY_TRUNCATED);
            list.add(Defect.BODY_INVALID_UTF8);
            list.add(Defect.BODY_DEEP_NESTING);
        }
        if (body.isPresent() && foreignContentType(body.get(), new Random(0)).isPresent()) {
            list.add(Defect.BODY_WRONG_CONTENT_TYPE);
        }
        if (json && (schema.isEmpty() || topType)) {
            list.add(Defect.BODY_HUGE_STRING);
            list.add(Defect.BODY_HUGE_ARRAY);
            list.add(Defect.BODY_OVERSIZED);
        }
        // Bad path and query values come in many variants: they take more turns than one-shape defects.
        if (op.parameters().stream().anyMatch(p -> p.in().equals("path"))) {
            list.addAll(List.of(Defect.PATH_BAD_VALUE, Defect.PATH_BAD_VALUE, Defect.PATH_BAD_VALUE));
        }
        if (op.query().stream().anyMatch(p -> !badQueryValues(p).isEmpty())) {
            list.addAll(List.of(Defect.QUERY_BAD_VALUE, Defect.QUERY_BAD_VALUE));
        }
        if (!unsupportedMethods(op).isEmpty()) {
            list.add(Defect.METHOD_UNSUPPORTED);
        }
        return list;
    }

    private static boolean graphqlApplies(GraphQLField field, Defect d) {
        boolean hasArgs = !field.arguments().isEmpty();
        return switch (d) {
            case GQL_WRONG_ARGUMENT_TYPE, GQL_WRONG_VARIABLE -> hasArgs;
            case GQL_MISSING_ARGUMENT -> field.arguments().stream().anyMatch(GraphQLField.Argument::required);
            case GQL_GET_MUTATION -> field.operation().equals("mutation");
            default -> true;
        };
    }

    /** Top-level properties that have a declared type (so a wrong one exists). */
    private static List<String> wrongTypeFields(RestOperation op, JsonNode schema) {
        List<String> names = new ArrayList<>();
        op.schemas().properties(schema).forEach((name, s) -> {
            if (OpenApiSchemas.wrongType(s).isPresent()) {
                names.add(name);
            }
        });
        return names;
    }

    /** Methods no operation of the service serves on this concrete path (HEAD and OPTIONS are answered by frameworks). */
    List<String> unsupportedMethods(RestOperation op) {
        List<String> unsupported = new ArrayList<>();
        for (String method : UNSUPPORTED_METHOD_CANDIDATES) {
            boolean served = byService.getOrDefault(op.service(), List.of()).stream()
                    .anyMatch(o -> o.method().equals(method) && OpenApiOperations.templateMatches(o.template(), op.path()));
            if (!served) {
                unsupported.add(method);
            }
        }
        return unsupported;
    }

    static Optional<String> foreignContentType(RestOperation.Body body, Random random) {
        Set<String> declared = body.content().keySet();
        if (declared.contains("*/*")) {
            return Optional.empty();
        }
        List<String> candidates = FOREIGN_CONTENT_TYPES.stream().filter(t -> {
            String bare = t.split(";")[0];
            String family = bare.substring(0, bare.indexOf('/'));
            return !declared.contains(bare) && !declared.contains(family + "/*");
        }).toList();
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
    }

    /** Values a typed query parameter must refuse; none for untyped text (anything may be a search term). */
    static List<String> badQueryValues(RestOperation.Parameter p) {
        JsonNode s = p.schema();
        String type = OpenApiSchemas.type(s);
        String name = p.name().toLowerCase(Locale.ROOT);
        List<String> values = new ArrayList<>();
        switch (type) {
            case "integer" -> {
                values.add("abc");
                values.add("1.5");
                values.add("99999999999999999999999");
                boolean nonNegative = s.has("minimum") && s.path("minimum").asDouble() >= 0;
                if (nonNegative || name.equals("page") || name.equals("size") || name.equals("limit") || name.equals("offset")
                        || name.equals("count") || name.endsWith("days")) {
                    values.add("-1");
                }
                if (s.has("maximum")) {
                    values.add(s.path("maximum").decimalValue().add(java.math.BigDecimal.ONE).toPlainString());
                }
            }
            case "number" -> {
                values.add("abc");
                values.add("--1");
            }
            case "string" -> {
                if (s.has("enum") && s.path("enum").size() > 0) {
                    values.add("zz-not-allowed-zz");
                }
                switch (s.path("format").asText()) {
                    case "date" -> values.add("2026-13-45");
                    case "date-time" -> values.add("2026-13-45T25:61:00Z");
                    case "uuid" -> values.add("not-a-uuid");
                    default -> {
                    }
                }
                String pattern = s.path("pattern").asText("");
                if (!pattern.isEmpty() && OpenApiSchemas.breaksPattern(pattern, "zz-not-allowed-zz")) {
                    values.add("zz-not-allowed-zz");
                }
            }
            default -> {
            }
        }
        return values;
    }

    // ------------------------------------------------------------------------------------------------ REST

    private Probe rest(RestOperation op, Defect defect, Credential credential, Random random) {
        Probe.Expect expect = Probe.Expect.invalidInput(op);
        String url = PlausibleRequests.url(op, random, FIXED);
        Optional<PlausibleRequests.Payload> plausible = PlausibleRequests.body(op, random, FIXED);
        String contentType = plausible.map(PlausibleRequests.Payload::contentType).orElse(null);
        byte[] plausibleBytes = plausible.map(PlausibleRequests.Payload::bytes).orElse(null);
        String what = defect.description;
        byte[] body;
        switch (defect) {
            case PATH_BAD_VALUE -> {
                BadPath bad = badPath(op, random);
                return new Probe(op, what + ": " + bad.what(), op.method(), bad.url(), contentType, plausibleBytes, credential, expect);
            }
            case QUERY_BAD_VALUE -> {
                List<RestOperation.Parameter> typed = op.query().stream().filter(p -> !badQueryValues(p).isEmpty()).toList();
                RestOperation.Parameter p = typed.get(random.nextInt(typed.size()));
                List<String> values = badQueryValues(p);
                String value = values.get(random.nextInt(values.size()));
                String withoutIt = url.replaceAll("([?&])" + java.util.regex.Pattern.quote(OpenApiOperations.encodeSegment(p.name()))
                        + "=[^&]*", "$1");
                String sep = withoutIt.contains("?") ? (withoutIt.endsWith("?") || withoutIt.endsWith("&") ? "" : "&") : "?";
                String badUrl = withoutIt + sep + OpenApiOperations.encodeSegment(p.name()) + "=" + OpenApiOperations.encodeSegment(value);
                return new Probe(op, what + ": " + p.name() + "=" + value, op.method(), badUrl, contentType, plausibleBytes,
                        credential, expect);
            }
            case METHOD_UNSUPPORTED -> {
                List<String> methods = unsupportedMethods(op);
                String method = methods.get(random.nextInt(methods.size()));
                return new Probe(op, what + ": " + method, method, url, null, null, credential, expect);
            }
            case BODY_NONE -> {
                String type = op.body().get().jsonType().orElse(contentType);
                return new Probe(op, what, op.method(), url, type, null, credential, expect);
            }
            case BODY_WRONG_CONTENT_TYPE -> {
                String foreign = foreignContentType(op.body().get(), random).orElseThrow();
                return new Probe(op, what + ": " + foreign, op.method(), url, foreign, plausibleBytes, credential, expect);
            }
            default -> {
                JsonDefect json = jsonBody(op, defect, random);
                what = what + (json.detail().isEmpty() ? "" : ": " + json.detail());
                body = json.bytes();
            }
        }
        return new Probe(op, what, op.method(), url, op.body().flatMap(RestOperation.Body::jsonType).orElse("application/json"),
                body, credential, expect);
    }

    private record JsonDefect(byte[] bytes, String detail) {
    }

    private record BadPath(String url, String what) {
    }

    private JsonDefect jsonBody(RestOperation op, Defect defect, Random random) {
        Optional<JsonNode> schema = op.body().flatMap(b -> b.jsonSchema(op.schemas()));
        JsonNode plausible = schema.map(s -> op.schemas().plausible(s, "body", random, FIXED))
                .orElseGet(() -> PlausibleRequests.ingestBody(op, random, FIXED));
        String topType = schema.map(OpenApiSchemas::type).orElse("binary");
        switch (defect) {
            case BODY_WRONG_TOP_TYPE -> {
                JsonNode wrong = topType.equals("array") || topType.equals("binary") && plausible.isArray()
                        ? object("unexpected", OpenApiSchemas.NODES.booleanNode(true))
                        : random.nextBoolean() ? OpenApiSchemas.NODES.arrayNode().add(1).add(2).add(3) : OpenApiSchemas.NODES.booleanNode(true);
                return new JsonDefect(LocalTokens.json(wrong), wrong.toString());
            }
            case BODY_WRONG_FIELD_TYPE -> {
                return fieldDefect(op, schema.get(), (ObjectNode) plausible, random, FieldDefect.WRONG_TYPE);
            }
            case BODY_MISSING_REQUIRED -> {
                return fieldDefect(op, schema.get(), (ObjectNode) plausible, random, FieldDefect.MISSING);
            }
            case BODY_NULL_REQUIRED -> {
                return fieldDefect(op, schema.get(), (ObjectNode) plausible, random, FieldDefect.NULL);
            }
            case BODY_CONSTRAINT -> {
                return fieldDefect(op, schema.get(), (ObjectNode) plausible, random, FieldDefect.CONSTRAINT);
            }
            case BODY_EXTRA_FIELDS_AND_DEFECT -> {
                if (plausible instanceof ObjectNode object && schema.isPresent()) {
                    List<FieldDefect> options = new ArrayList<>();
                    if (!op.schemas().required(schema.get()).isEmpty()) {
                        options.add(FieldDefect.MISSING);
                    }
                    if (!wrongTypeFields(op, schema.get()).isEmpty()) {
                        options.add(FieldDefect.WRONG_TYPE);
                    }
                    if (!op.schemas().constrained(schema.get()).isEmpty()) {
                        options.add(FieldDefect.CONSTRAINT);
                    }
                    if (!options.isEmpty()) {
                        for (int i = 0; i < 3; i++) {
                            object.put("attackExtra" + random.nextInt(1000), "unexpected");
                        }
                        JsonDefect inner = fieldDefect(op, schema.get(), object, random, options.get(random.nextInt(options.size())));
                        return new JsonDefect(inner.bytes(), "3 unknown fields and " + inner.detail());
                    }
                }
                ObjectNode extra = plausible.isObject() ? (ObjectNode) plausible.deepCopy() : object("value", plausible);
                extra.put("attackExtra", "unexpected");
                byte[] bytes = LocalTokens.json(extra);
                return new JsonDefect(java.util.Arrays.copyOf(bytes, bytes.length - 1), "unknown field and truncated JSON");
            }
            case BODY_NULL -> {
                return new JsonDefect("null".getBytes(StandardCharsets.US_ASCII), "");
            }
            case BODY_TRUNCATED -> {
                byte[] bytes = LocalTokens.json(plausible);
                int cut = 1 + random.nextInt(Math.max(1, bytes.length - 1));
                return new JsonDefect(java.util.Arrays.copyOf(bytes, Math.min(cut, bytes.length - 1)), "cut after " + cut + " bytes");
            }
            case BODY_INVALID_UTF8 -> {
                byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
                return new JsonDefect(withInvalidUtf8(LocalTokens.json(plausible), bad), hex(bad));
            }
            case BODY_DEEP_NESTING -> {
                return new JsonDefect(deepInside(op, schema, plausible, random), "");
            }
            case BODY_HUGE_STRING -> {
                return hugeString(op, schema, plausible, random);
            }
            case BODY_HUGE_ARRAY -> {
                return hugeArray(op, schema, plausible, random);
            }
            case BODY_OVERSIZED -> {
                JsonNode filler = OpenApiSchemas.NODES.textNode("x".repeat(OVERSIZED));
                JsonNode wrapped = topType.equals("array")
                        ? object("attack", filler)
                        : OpenApiSchemas.NODES.arrayNode().add(plausible).add(filler);
                return new JsonDefect(LocalTokens.json(wrapped), "");
            }
            default -> throw new IllegalArgumentException("not a body defect: " + defect);
        }
    }

    private enum FieldDefect { WRONG_TYPE, MISSING, NULL, CONSTRAINT }

    private JsonDefect fieldDefect(RestOperation op, JsonNode schema, ObjectNode body, Random random, FieldDefect kind) {
        Map<String, JsonNode> properties = op.schemas().properties(schema);
        switch (kind) {
            case MISSING -> {
                List<String> required = op.schemas().required(schema);
                String name = required.get(random.nextInt(required.size()));
                body.remove(name);
                return new JsonDefect(LocalTokens.json(body), "'" + name + "' missing");
            }
            case NULL -> {
                List<String> required = op.schemas().required(schema);
                String name = required.get(random.nextInt(required.size()));
                body.putNull(name);
                return new JsonDefect(LocalTokens.json(body), "'" + name + "' null");
            }
            case WRONG_TYPE -> {
                List<String> names = wrongTypeFields(op, schema);
                String name = names.get(random.nextInt(names.size()));
                JsonNode wrong = OpenApiSchemas.wrongType(properties.get(name)).orElseThrow();
                body.set(name, wrong);
                return new JsonDefect(LocalTokens.json(body), "'" + name + "' = " + wrong);
            }
            case CONSTRAINT -> {
                List<String> names = op.schemas().constrained(schema);
                String name = names.get(random.nextInt(names.size()));
                OpenApiSchemas.Violation violation = op.schemas().violation(properties.get(name), name, random).orElseThrow();
                body.set(name, violation.value());
                return new JsonDefect(LocalTokens.json(body), "'" + name + "' " + violation.rule());
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    /** The JSON with a member whose name holds invalid UTF-8 inserted first (RFC 8259: JSON text is UTF-8). */
    static byte[] withInvalidUtf8(byte[] json, byte[] bad) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + 16);
        boolean object = json.length > 0 && json[0] == '{';
        boolean empty = json.length == 2;
        out.write(json[0]);
        out.writeBytes("\"attack".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bad);
        out.writeBytes(object ? "\":1".getBytes(StandardCharsets.US_ASCII) : "\"".getBytes(StandardCharsets.US_ASCII));
        if (!empty) {
            out.write(',');
        }
        out.write(json, 1, json.length - 1);
        return out.toByteArray();
    }

    /** A value nested {@value #DEEP_JSON} deep, in a typed property (or as the whole body, of the wrong type). */
    private static byte[] deepInside(RestOperation op, Optional<JsonNode> schema, JsonNode plausible, Random random) {
        String deep = "[".repeat(DEEP_JSON) + "]".repeat(DEEP_JSON);
        if (schema.isPresent() && plausible instanceof ObjectNode object) {
            List<String> typed = wrongTypeFields(op, schema.get());
            if (!typed.isEmpty()) {
                String name = typed.get(random.nextInt(typed.size()));
                ObjectNode copy = object.deepCopy();
                copy.remove(name);
                String rest = new String(LocalTokens.json(copy), StandardCharsets.UTF_8);
                String member = "\"" + name + "\":" + deep;
                String text = rest.equals("{}") ? "{" + member + "}" : "{" + member + "," + rest.substring(1);
                return text.getBytes(StandardCharsets.UTF_8);
            }
        }
        boolean arrayDue = schema.map(OpenApiSchemas::type).orElse("").equals("array");
        return (arrayDue ? "{\"attack\":" + deep + "}" : deep).getBytes(StandardCharsets.UTF_8);
    }

    private JsonDefect hugeString(RestOperation op, Optional<JsonNode> schema, JsonNode plausible, Random random) {
        JsonNode huge = OpenApiSchemas.NODES.textNode("a".repeat(HUGE_STRING + random.nextInt(1000)));
        if (schema.isPresent() && plausible instanceof ObjectNode object) {
            Map<String, JsonNode> properties = op.schemas().properties(schema.get());
            List<String> bounded = properties.entrySet().stream().filter(e -> OpenApiSchemas.type(e.getValue()).equals("string")
                    && e.getValue().has("maxLength") && e.getValue().path("maxLength").asInt() < HUGE_STRING)
                    .map(Map.Entry::getKey).toList();
            if (!bounded.isEmpty()) {
                String name = bounded.get(random.nextInt(bounded.size()));
                object.set(name, huge);
                return new JsonDefect(LocalTokens.json(object), "in '" + name + "'");
            }
        }
        if (schema.map(OpenApiSchemas::type).orElse("").equals("array")) {
            return new JsonDefect(LocalTokens.json(object("attack", huge)), "as an object where an array is due");
        }
        return new JsonDefect(LocalTokens.json(OpenApiSchemas.NODES.arrayNode().add(huge).add(1)), "in an array where "
                + (schema.isPresent() ? "an object" : "an event") + " is due");
    }

    private JsonDefect hugeArray(RestOperation op, Optional<JsonNode> schema, JsonNode plausible, Random random) {
        if (schema.isPresent() && plausible instanceof ObjectNode object) {
            Map<String, JsonNode> properties = op.schemas().properties(schema.get());
            List<String> arrays = properties.entrySet().stream().filter(e -> OpenApiSchemas.type(e.getValue()).equals("array"))
                    .map(Map.Entry::getKey).toList();
            if (!arrays.isEmpty()) {
                String name = arrays.get(random.nextInt(arrays.size()));
                JsonNode items = op.schemas().resolve(properties.get(name).path("items"));
                boolean bounded = properties.get(name).has("maxItems") && properties.get(name).path("maxItems").asInt() < HUGE_ARRAY;
                ArrayNode array = object.putArray(name);
                // Items of the wrong type unless the size alone breaks a declared maxItems.
                JsonNode item = bounded ? op.schemas().plausible(items, name, random, FIXED)
                        : OpenApiSchemas.type(items).equals("object") ? OpenApiSchemas.NODES.numberNode(0) : object("unexpected", OpenApiSchemas.NODES.numberNode(0));
                for (int i = 0; i < HUGE_ARRAY; i++) {
                    array.add(item);
                }
                return new JsonDefect(LocalTokens.json(object), "in '" + name + "'" + (bounded ? "" : " (items of the wrong type)"));
            }
        }
        if (schema.map(OpenApiSchemas::type).orElse("").equals("array")) {
            ObjectNode wrapper = OpenApiSchemas.NODES.objectNode();
            ArrayNode array = wrapper.putArray("attack");
            for (int i = 0; i < HUGE_ARRAY; i++) {
                array.add(0);
            }
            return new JsonDefect(LocalTokens.json(wrapper), "inside an object where an array is due");
        }
        ArrayNode array = OpenApiSchemas.NODES.arrayNode();
        for (int i = 0; i < HUGE_ARRAY; i++) {
            array.add(0);
        }
        return new JsonDefect(LocalTokens.json(array), "of numbers as the whole body");
    }

    private BadPath badPath(RestOperation op, Random random) {
        List<RestOperation.Parameter> params = op.parameters().stream().filter(p -> p.in().equals("path")).toList();
        RestOperation.Parameter p = params.get(random.nextInt(params.size()));
        List<String[]> variants = new ArrayList<>();
        String type = OpenApiSchemas.type(p.schema());
        if (type.equals("integer") || type.equals("number")) {
            variants.add(new String[] {"not a number", "abc"});
            variants.add(new String[] {"beyond 64 bits", "99999999999999999999999"});
        } else if (p.schema().has("enum") || !p.schema().path("pattern").asText("").isEmpty()) {
            variants.add(new String[] {"not an allowed value", "zz-not-allowed-zz"});
        }
        variants.add(new String[] {"1,000 characters", "a".repeat(1000)});
        variants.add(new String[] {"10,000 characters", "a".repeat(10_000)});
        variants.add(new String[] {"encoded ../ traversal", "..%2F..%2F..%2Fetc%2Fpasswd"});
        variants.add(new String[] {"encoded dots and slashes", "%2e%2e%2f%2e%2e%2fq%2fhealth"});
        variants.add(new String[] {"NUL byte", "acme%00attack"});
        variants.add(new String[] {"CR LF", "acme%0D%0Aattack"});
        variants.add(new String[] {"invalid UTF-8", "%C3%28%FF%FE"});
        variants.add(new String[] {"overlong UTF-8", "%C0%AE%C0%AE%C0%AF"});
        variants.add(new String[] {"bidi override and NUL", "acme%E2%80%AE%00"});
        variants.add(new String[] {"query operator object", "%7B%22%24gt%22%3A%22%22%7D"});
        variants.add(new String[] {"SQL quote", "x%27%20OR%20%271%27%3D%271"});
        String[] chosen = variants.get(random.nextInt(variants.size()));
        Map<String, String> encoded = new LinkedHashMap<>();
        op.pathValues().forEach((name, value) -> encoded.put(name, OpenApiOperations.encodeSegment(value)));
        encoded.put(p.name(), chosen[1]);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}/]+)}").matcher(op.template());
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(path, java.util.regex.Matcher.quoteReplacement(encoded.getOrDefault(m.group(1), "x")));
        }
        m.appendTail(path);
        String query = PlausibleRequests.url(op, random, FIXED).substring(op.url().length());
        return new BadPath(op.baseUrl() + path + query, p.name() + ": " + chosen[0]);
    }

    // ------------------------------------------------------------------------------------------------ GraphQL

    private Probe graphql(GraphQLField field, Defect defect, Credential credential, Random random) {
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
                for (int i = 0; i < GRAPHQL_DEPTH; i++) {
                    q.append("ofType { ");
                }
                q.append("name");
                q.append(" }".repeat(GRAPHQL_DEPTH)).append(" } } }");
                body = PlausibleRequests.graphql(q.toString(), null);
            }
            case GQL_DEEP_FRAGMENTS -> {
                StringBuilder q = new StringBuilder("query AttackDeep { __schema { queryType { ...F1 } } }");
                for (int i = 1; i <= GRAPHQL_DEPTH; i++) {
                    q.append(" fragment F").append(i).append(" on __Type { name ofType { ")
                            .append(i < GRAPHQL_DEPTH ? "...F" + (i + 1) : "name").append(" } }");
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
                byte[] bad = INVALID_UTF8[random.nextInt(INVALID_UTF8.length)];
                body = withInvalidUtf8(PlausibleRequests.graphql(field.probe(random), null), bad);
                what += ": " + hex(bad);
            }
            case GQL_DEEP_JSON -> {
                String deep = "[".repeat(DEEP_JSON) + "]".repeat(DEEP_JSON);
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
                for (int i = 0; i < GRAPHQL_ALIASES; i++) {
                    q.append('a').append(i).append(": __typename ");
                }
                body = PlausibleRequests.graphql(q.append('}').toString(), null);
            }
            case GQL_MANY_FIELD_ALIASES -> {
                boolean query = op.equals("query");
                StringBuilder q = new StringBuilder(op + " AttackAliases { ");
                for (int i = 0; i < (query ? GRAPHQL_FIELD_ALIASES : GRAPHQL_ALIASES); i++) {
                    q.append(query ? field.call("a" + i, random) : "a" + i + ": __typename").append(' ');
                }
                body = PlausibleRequests.graphql(q.append('}').toString(), null);
                what += query ? "" : " (" + GRAPHQL_ALIASES + " of __typename: a mutation is never multiplied)";
            }
            case GQL_HUGE_VARIABLE -> {
                Map<String, Object> variables = new LinkedHashMap<>();
                String document;
                if (field.arguments().isEmpty()) {
                    variables.put("v", "a".repeat(HUGE_STRING));
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
                variables.put("v", "x".repeat(OVERSIZED));
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
            return huge ? "a".repeat(HUGE_STRING) : "abc";
        }
        if (kind.equals("INPUT_OBJECT")) {
            if (!huge) {
                return 42;
            }
            List<Integer> many = new ArrayList<>();
            for (int i = 0; i < HUGE_ARRAY; i++) {
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

    private static ObjectNode object(String name, JsonNode value) {
        ObjectNode node = OpenApiSchemas.NODES.objectNode();
        node.set(name, value);
        return node;
    }

    private static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder("bytes");
        for (byte b : bytes) {
            text.append(String.format(" %02X", b & 0xff));
        }
        return text.toString();
    }
}
