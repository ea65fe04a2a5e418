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
 * Malformed requests for one REST operation: bodies of the wrong JSON type or with one broken field, unparseable,
 * oversized or nested too deep, foreign content types, bad path and query values, methods the path does not have.
 * Each starts from the plausible request (what a careful caller would send) and breaks it in exactly the named way,
 * or in more ways where one alone would not be invalid for certain.
 */
final class MalformedRest {

    static final List<String> FOREIGN_CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "application/octet-stream", "multipart/form-data; boundary=attack");
    static final byte[][] INVALID_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF, (byte) 0xFE}, {(byte) 0xE2, (byte) 0x82},
        {(byte) 0x80}};
    private static final Instant FIXED = MalformedRequests.FIXED;

    private MalformedRest() {
    }

    /** The request for one defect; {@code unsupported}: the methods no operation serves on the operation's path. */
    static Probe probe(RestOperation op, Defect defect, Credential credential, Random random, List<String> unsupported) {
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
                String method = unsupported.get(random.nextInt(unsupported.size()));
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

    private static JsonDefect jsonBody(RestOperation op, Defect defect, Random random) {
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
                JsonNode filler = OpenApiSchemas.NODES.textNode("x".repeat(MalformedRequests.OVERSIZED));
                JsonNode wrapped = topType.equals("array")
                        ? object("attack", filler)
                        : OpenApiSchemas.NODES.arrayNode().add(plausible).add(filler);
                return new JsonDefect(LocalTokens.json(wrapped), "");
            }
            default -> throw new IllegalArgumentException("not a body defect: " + defect);
        }
    }

    private enum FieldDefect { WRONG_TYPE, MISSING, NULL, CONSTRAINT }

    private static JsonDefect fieldDefect(RestOperation op, JsonNode schema, ObjectNode body, Random random, FieldDefect kind) {
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

    /** A value nested {@value #MalformedRequests.DEEP_JSON} deep, in a typed property (or as the whole body, of the wrong type). */
    private static byte[] deepInside(RestOperation op, Optional<JsonNode> schema, JsonNode plausible, Random random) {
        String deep = "[".repeat(MalformedRequests.DEEP_JSON) + "]".repeat(MalformedRequests.DEEP_JSON);
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

    private static JsonDefect hugeString(RestOperation op, Optional<JsonNode> schema, JsonNode plausible, Random random) {
        JsonNode huge = OpenApiSchemas.NODES.textNode("a".repeat(MalformedRequests.HUGE_STRING + random.nextInt(1000)));
        if (schema.isPresent() && plausible instanceof ObjectNode object) {
            Map<String, JsonNode> properties = op.schemas().properties(schema.get());
            List<String> bounded = properties.entrySet().stream().filter(e -> OpenApiSchemas.type(e.getValue()).equals("string")
                    && e.getValue().has("maxLength") && e.getValue().path("maxLength").asInt() < MalformedRequests.HUGE_STRING)
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

    private static JsonDefect hugeArray(RestOperation op, Optional<JsonNode> schema, JsonNode plausible, Random random) {
        if (schema.isPresent() && plausible instanceof ObjectNode object) {
            Map<String, JsonNode> properties = op.schemas().properties(schema.get());
            List<String> arrays = properties.entrySet().stream().filter(e -> OpenApiSchemas.type(e.getValue()).equals("array"))
                    .map(Map.Entry::getKey).toList();
            if (!arrays.isEmpty()) {
                String name = arrays.get(random.nextInt(arrays.size()));
                JsonNode items = op.schemas().resolve(properties.get(name).path("items"));
                boolean bounded = properties.get(name).has("maxItems") && properties.get(name).path("maxItems").asInt() < MalformedRequests.HUGE_ARRAY;
                ArrayNode array = object.putArray(name);
                // Items of the wrong type unless the size alone breaks a declared maxItems.
                JsonNode item = bounded ? op.schemas().plausible(items, name, random, FIXED)
                        : OpenApiSchemas.type(items).equals("object") ? OpenApiSchemas.NODES.numberNode(0) : object("unexpected", OpenApiSchemas.NODES.numberNode(0));
                for (int i = 0; i < MalformedRequests.HUGE_ARRAY; i++) {
                    array.add(item);
                }
                return new JsonDefect(LocalTokens.json(object), "in '" + name + "'" + (bounded ? "" : " (items of the wrong type)"));
            }
        }
        if (schema.map(OpenApiSchemas::type).orElse("").equals("array")) {
            ObjectNode wrapper = OpenApiSchemas.NODES.objectNode();
            ArrayNode array = wrapper.putArray("attack");
            for (int i = 0; i < MalformedRequests.HUGE_ARRAY; i++) {
                array.add(0);
            }
            return new JsonDefect(LocalTokens.json(wrapper), "inside an object where an array is due");
        }
        ArrayNode array = OpenApiSchemas.NODES.arrayNode();
        for (int i = 0; i < MalformedRequests.HUGE_ARRAY; i++) {
            array.add(0);
        }
        return new JsonDefect(LocalTokens.json(array), "of numbers as the whole body");
    }

    private static BadPath badPath(RestOperation op, Random random) {
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

    /** Top-level properties that have a declared type (so a wrong one exists). */
    static List<String> wrongTypeFields(RestOperation op, JsonNode schema) {
        List<String> names = new ArrayList<>();
        op.schemas().properties(schema).forEach((name, s) -> {
            if (OpenApiSchemas.wrongType(s).isPresent()) {
                names.add(name);
            }
        });
        return names;
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

    static ObjectNode object(String name, JsonNode value) {
        ObjectNode node = OpenApiSchemas.NODES.objectNode();
        node.set(name, value);
        return node;
    }

    static String hex(byte[] bytes) {
        StringBuilder text = new StringBuilder("bytes");
        for (byte b : bytes) {
            text.append(String.format(" %02X", b & 0xff));
        }
        return text.toString();
    }
}
