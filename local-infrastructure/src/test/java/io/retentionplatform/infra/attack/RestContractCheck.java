package io.retentionplatform.infra.attack;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An independent judge of a REST request against its operation's contract, written for the tests without reusing
 * the generator's code: it says what makes a request invalid, or nothing when the request would be valid.
 * Conventions beyond the document: an id in a path is 1-200 characters of [A-Za-z0-9._:@-]; page, size, limit, offset,
 * count and *days parameters are never negative; ingest bodies (opaque in the document) follow the event and Segment
 * shapes with at most 1,000 entries and 1 MB; no body is larger than 5 MB.
 */
final class RestContractCheck {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}/]+)}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,199}");
    /** JSON text is UTF-8 (RFC 8259): checked by the JDK's decoder first, then parsed with a depth limit. */
    static JsonNode strictJson(byte[] bytes) throws Exception {
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        return STRICT.readTree(text);
    }

    private static final ObjectMapper STRICT = new ObjectMapper(new com.fasterxml.jackson.core.JsonFactory()
            .setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(1000).build()))
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RestContractCheck() {
    }

    /** Why the request breaks the contract; empty if it does not. */
    static Optional<String> defect(Probe probe, List<RestOperation> serviceOperations) {
        RestOperation op = (RestOperation) probe.target();
        String url = probe.url();
        if (!url.startsWith(op.baseUrl())) {
            return Optional.of("another host");
        }
        String rest = url.substring(op.baseUrl().length());
        String rawPath = rest.contains("?") ? rest.substring(0, rest.indexOf('?')) : rest;
        String rawQuery = rest.contains("?") ? rest.substring(rest.indexOf('?') + 1) : "";
        boolean served = serviceOperations.stream().anyMatch(o -> o.method().equals(probe.method())
                && OpenApiOperations.templateMatches(o.template(), rawPath));
        if (!served) {
            return Optional.of("method " + probe.method() + " not served on " + rawPath);
        }
        if (!probe.method().equals(op.method())) {
            return Optional.of("method " + probe.method() + " is another operation's");
        }
        Optional<String> path = path(op, rawPath);
        if (path.isPresent()) {
            return path;
        }
        Optional<String> query = query(op, rawQuery);
        if (query.isPresent()) {
            return query;
        }
        return body(op, probe);
    }

    private static Optional<String> path(RestOperation op, String rawPath) {
        String[] template = op.template().split("/", -1);
        String[] actual = rawPath.split("/", -1);
        if (template.length != actual.length) {
            return Optional.of("path has another shape");
        }
        for (int i = 0; i < template.length; i++) {
            Matcher m = PLACEHOLDER.matcher(template[i]);
            if (!m.matches()) {
                if (!template[i].equals(actual[i])) {
                    return Optional.of("literal segment differs");
                }
                continue;
            }
            String name = m.group(1);
            Optional<String> value = decode(actual[i]);
            if (value.isEmpty()) {
                return Optional.of(name + ": not valid percent-encoded UTF-8");
            }
            JsonNode schema = op.parameters().stream().filter(p -> p.in().equals("path") && p.name().equals(name))
                    .map(RestOperation.Parameter::schema).findFirst().orElse(OpenApiSchemas.NODES.objectNode());
            String type = OpenApiSchemas.type(schema);
            if (type.equals("integer") || type.equals("number")) {
                try {
                    Long.parseLong(value.get());
                } catch (NumberFormatException e) {
                    return Optional.of(name + ": not a number");
                }
            } else if (!schema.path("pattern").asText("").isEmpty()) {
                if (!OpenApiSchemas.matchesFully(schema.path("pattern").asText(), value.get())) {
                    return Optional.of(name + ": breaks its pattern");
                }
            } else if (!ID.matcher(value.get()).matches()) {
                return Optional.of(name + ": not an id");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> query(RestOperation op, String rawQuery) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] kv = pair.split("=", 2);
            Optional<String> name = decode(kv[0]);
            Optional<String> value = decode(kv.length > 1 ? kv[1] : "");
            if (name.isEmpty() || value.isEmpty()) {
                return Optional.of("query not valid percent-encoded UTF-8");
            }
            values.put(name.get(), value.get());
        }
        for (RestOperation.Parameter p : op.query()) {
            String value = values.get(p.name());
            if (value == null) {
                if (p.required()) {
                    return Optional.of(p.name() + " missing");
                }
                continue;
            }
            JsonNode s = p.schema();
            String lower = p.name().toLowerCase(Locale.ROOT);
            switch (OpenApiSchemas.type(s)) {
                case "integer" -> {
                    long n;
                    try {
                        n = s.path("format").asText().equals("int32") ? Integer.parseInt(value) : Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        return Optional.of(p.name() + ": not an integer");
                    }
                    if (n < 0 && List.of("page", "size", "limit", "offset", "count").contains(lower) || n < 0 && lower.endsWith("days")) {
                        return Optional.of(p.name() + ": negative");
                    }
                    if (s.has("minimum") && n < s.path("minimum").asDouble() || s.has("maximum") && n > s.path("maximum").asDouble()) {
                        return Optional.of(p.name() + ": out of range");
                    }
                }
                case "number" -> {
                    try {
                        new java.math.BigDecimal(value);
                    } catch (NumberFormatException e) {
                        return Optional.of(p.name() + ": not a number");
                    }
                }
                case "string" -> {
                    Optional<String> bad = string(value, s);
                    if (bad.isPresent()) {
                        return Optional.of(p.name() + ": " + bad.get());
                    }
                }
                default -> {
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> body(RestOperation op, Probe probe) {
        if (op.body().isEmpty()) {
            return probe.body() == null ? Optional.empty() : Optional.of("a body where none is declared");
        }
        RestOperation.Body declared = op.body().get();
        if (probe.body() == null || probe.body().length == 0) {
            return declared.required() ? Optional.of("no body") : Optional.empty();
        }
        if (probe.body().length > 5_000_000) {
            return Optional.of("body over 5 MB");
        }
        String type = probe.contentType() == null ? "" : probe.contentType().split(";")[0].trim().toLowerCase(Locale.ROOT);
        String family = type.contains("/") ? type.substring(0, type.indexOf('/')) + "/*" : type;
        if (!declared.content().containsKey(type) && !declared.content().containsKey(family)
                && !declared.content().containsKey("*/*")) {
            return Optional.of("content type " + type + " not declared");
        }
        if (!type.equals("application/json") && !type.endsWith("+json")) {
            return Optional.empty(); // text bodies (CSV): anything may be a file
        }
        JsonNode json;
        try {
            json = strictJson(probe.body());
        } catch (Exception e) {
            return Optional.of("not JSON: " + e.getClass().getSimpleName());
        }
        if (json == null || json.isMissingNode()) {
            return Optional.of("empty JSON");
        }
        JsonNode schema = op.schemas().resolve(declared.content().get(type));
        if (OpenApiSchemas.isBinary(schema)) {
            if (probe.body().length > 1_048_576) {
                return Optional.of("ingest body over 1 MB");
            }
            return ingest(op, json);
        }
        List<String> violations = new ArrayList<>();
        validate(json, schema, op.schemas(), "body", violations, true);
        return violations.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", violations));
    }

    /** The ingest shapes: {"events": [event, ...]} (or a bare array), an event, a Segment call or batch. */
    private static Optional<String> ingest(RestOperation op, JsonNode json) {
        String template = op.template();
        if (template.startsWith("/v1/{")) {
            return call(json, op.pathValues().get("call"));
        }
        if (template.equals("/v1/batch")) {
            JsonNode batch = json.path("batch");
            if (!json.isObject() || !batch.isArray() || batch.isEmpty() || batch.size() > 1000) {
                return Optional.of("not a Segment batch of 1-1,000 calls");
            }
            for (JsonNode call : batch) {
                Optional<String> bad = call(call, null);
                if (bad.isPresent()) {
                    return bad;
                }
            }
            return Optional.empty();
        }
        JsonNode events = json.isArray() ? json : json.path("events");
        if (!events.isArray() || events.isEmpty() || events.size() > 1000) {
            return Optional.of("not a batch of 1-1,000 events");
        }
        for (JsonNode event : events) {
            if (!event.isObject()) {
                return Optional.of("an event that is not an object");
            }
            for (String field : List.of("id", "accountId", "type", "occurredAt")) {
                if (!event.path(field).isTextual()) {
                    return Optional.of("event without " + field);
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> call(JsonNode call, String pathType) {
        if (!call.isObject()) {
            return Optional.of("a Segment call that is not an object");
        }
        String type = call.path("type").asText(pathType);
        if (type == null || !List.of("track", "identify", "group").contains(type)) {
            return Optional.of("no Segment call type");
        }
        if (type.equals("track") && !call.path("event").isTextual()) {
            return Optional.of("a track call without event");
        }
        if (!call.path("groupId").isTextual() && !call.path("context").path("groupId").isTextual()) {
            return Optional.of("a call without account");
        }
        return Optional.empty();
    }

    static void validate(JsonNode value, JsonNode rawSchema, OpenApiSchemas schemas, String at, List<String> violations,
            boolean nullIsViolation) {
        JsonNode s = schemas.resolve(rawSchema);
        if (value.isNull()) {
            if (nullIsViolation && !s.path("nullable").asBoolean(false)) {
                violations.add(at + " null");
            }
            return;
        }
        switch (OpenApiSchemas.type(s)) {
            case "object" -> {
                if (!value.isObject()) {
                    violations.add(at + " not an object");
                    return;
                }
                for (JsonNode required : s.path("required")) {
                    JsonNode v = value.get(required.asText());
                    if (v == null) {
                        violations.add(at + "." + required.asText() + " missing");
                    } else if (v.isNull()) {
                        violations.add(at + "." + required.asText() + " null");
                    }
                }
                s.path("properties").fields().forEachRemaining(e -> {
                    JsonNode v = value.get(e.getKey());
                    if (v != null) {
                        validate(v, e.getValue(), schemas, at + "." + e.getKey(), violations, false);
                    }
                });
            }
            case "array" -> {
                if (!value.isArray()) {
                    violations.add(at + " not an array");
                    return;
                }
                if (s.has("maxItems") && value.size() > s.path("maxItems").asInt()) {
                    violations.add(at + " too many items");
                }
                if (s.has("minItems") && value.size() < s.path("minItems").asInt()) {
                    violations.add(at + " too few items");
                }
                int i = 0;
                for (JsonNode item : value) {
                    validate(item, s.path("items"), schemas, at + "[" + i++ + "]", violations, true);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    violations.add(at + " not a string");
                    return;
                }
                string(value.asText(), s).ifPresent(problem -> violations.add(at + " " + problem));
            }
            case "integer", "number" -> {
                if (!value.isNumber() || OpenApiSchemas.type(s).equals("integer") && !value.canConvertToExactIntegral()) {
                    violations.add(at + " not a " + OpenApiSchemas.type(s));
                    return;
                }
                if (s.has("minimum") && value.decimalValue().compareTo(s.path("minimum").decimalValue()) < 0
                        || s.has("maximum") && value.decimalValue().compareTo(s.path("maximum").decimalValue()) > 0) {
                    violations.add(at + " out of range");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    violations.add(at + " not a boolean");
                }
            }
            default -> {
            }
        }
    }

    private static Optional<String> string(String value, JsonNode s) {
        if (s.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : s.path("enum")) {
                listed |= allowed.asText().equals(value);
            }
            if (!listed) {
                return Optional.of("not in enum");
            }
        }
        if (s.has("pattern") && OpenApiSchemas.breaksPattern(s.path("pattern").asText(), value)) {
            return Optional.of("breaks pattern");
        }
        if (s.has("maxLength") && value.length() > s.path("maxLength").asInt()) {
            return Optional.of("too long");
        }
        if (s.has("minLength") && value.length() < s.path("minLength").asInt()) {
            return Optional.of("too short");
        }
        try {
            switch (s.path("format").asText()) {
                case "date" -> LocalDate.parse(value);
                case "date-time" -> Instant.parse(value);
                case "uuid" -> UUID.fromString(value);
                default -> {
                }
            }
        } catch (RuntimeException e) {
            return Optional.of("not a " + s.path("format").asText());
        }
        return Optional.empty();
    }

    /** Percent-decoding with strict UTF-8; empty when an escape or the bytes are invalid. */
    static Optional<String> decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return Optional.empty();
                }
                try {
                    bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c > 0x7e || c < 0x20) {
                return Optional.empty();
            } else {
                bytes.write(c);
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
