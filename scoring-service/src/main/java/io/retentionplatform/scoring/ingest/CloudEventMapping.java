package io.retentionplatform.scoring.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads CloudEvents 1.0 (HTTP protocol binding 1.0.2) in all three content modes: structured
 * ({@code application/cloudevents+json}), batched ({@code application/cloudevents-batch+json}) and binary (the context
 * attributes in {@code ce-} headers, the body the data, with its own Content-Type; the official SDKs' default).
 * {@code id} is the event id, {@code type} our event type (after the configured prefix), the account is
 * {@code subject} or the {@code partitionkey} extension, {@code time} when it happened (default: now), {@code data} the
 * attributes. The same checks apply in every mode; a violation names the member, or in binary mode the header.
 */
final class CloudEventMapping {

    private static final UnaryOperator<String> PREFIXED = name -> CloudEventHeaders.PREFIX + name;

    private final String typePrefix;
    private final ObjectMapper json;

    CloudEventMapping(String typePrefix, ObjectMapper json) {
        this.typePrefix = typePrefix;
        this.json = json;
    }

    /** One event in structured mode. */
    Candidate read(JsonNode event, Instant now) {
        if (!event.isObject()) {
            return Candidate.invalid(0, null, List.of(new FieldViolation("body", "must be a CloudEvent object")));
        }
        return read(0, event, now, name -> name, "data", List.of());
    }

    /** Batched mode: a JSON array of structured events; violations are named {@code [index].member}. */
    List<Candidate> readBatch(JsonNode events, Instant now) {
        if (!events.isArray()) {
            throw Problems.invalid("Invalid CloudEvents batch", List.of(new FieldViolation("body", "a JSON array of CloudEvents is required")));
        }
        JsonBodies.checkCount(events.size());
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String prefix = "[" + i + "]";
            JsonNode event = events.get(i);
            candidates.add(event.isObject() ? read(i, event, now, name -> prefix + "." + name, prefix + ".data", List.of())
                    : Candidate.invalid(i, null, List.of(new FieldViolation(prefix, "must be a CloudEvent object"))));
        }
        return candidates;
    }

    /**
     * Binary mode: the event's context attributes come from the {@code ce-} headers (already decoded), its content type
     * from {@code Content-Type}, its data is the body. Violations name the header ({@code ce-type}) or the body.
     */
    Candidate readBinary(CloudEventHeaders.Decoded headers, String contentType, byte[] body, Instant now) {
        List<FieldViolation> violations = new ArrayList<>(headers.violations());
        ObjectNode event = json.createObjectNode();
        headers.attributes().forEach(event::put);
        if (headers.attributes().containsKey("datacontenttype")) {
            violations.add(new FieldViolation("ce-datacontenttype",
                    "must not be sent in binary mode: the Content-Type header is the data's content type"));
        }
        if (body != null && body.length > 0) {
            if (contentType != null && !isJson(contentType)) {
                violations.add(new FieldViolation("content-type",
                        "the data are the event's attributes and must be JSON (application/json), got " + contentType));
            } else {
                event.set("data", JsonBodies.read(body, json));
            }
        }
        return read(0, event, now, name -> PREFIXED.apply(name), "body", violations);
    }

    /**
     * One event as a JSON object (binary mode's headers put in one too). {@code member} names a context attribute as
     * the sender wrote it, {@code dataField} the data; {@code found} are the violations found before (binary mode's
     * headers). Every violation is reported at once, the event's own checks included.
     */
    private Candidate read(int index, JsonNode event, Instant now, UnaryOperator<String> member, String dataField,
            List<FieldViolation> found) {
        String id = JsonBodies.text(event, "id");
        List<FieldViolation> violations = new ArrayList<>(found);
        if (!"1.0".equals(JsonBodies.text(event, "specversion"))) {
            violations.add(new FieldViolation(member.apply("specversion"), "must be 1.0"));
        }
        String source = JsonBodies.text(event, "source");
        if (source == null || source.isBlank()) {
            violations.add(new FieldViolation(member.apply("source"), "is required"));
        }
        String contentType = JsonBodies.text(event, "datacontenttype");
        if (contentType != null && !isJson(contentType)) {
            violations.add(new FieldViolation(member.apply("datacontenttype"), "must be application/json, got " + contentType));
        }
        if (event.has("data_base64")) {
            violations.add(new FieldViolation(member.apply("data_base64"), "binary data is not accepted; send JSON in data"));
        }
        JsonNode data = event.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            violations.add(new FieldViolation(dataField, "must be a JSON object (the event's attributes)"));
        }
        String accountMember = "subject";
        String account = JsonBodies.text(event, "subject");
        if (account == null && JsonBodies.text(event, "partitionkey") != null) {
            accountMember = "partitionkey";
            account = JsonBodies.text(event, "partitionkey");
        }
        if (account == null) {
            violations.add(new FieldViolation(member.apply("subject"), "the account is required: subject or the partitionkey extension"));
        }
        String type = JsonBodies.text(event, "type");
        if (type != null && type.startsWith(typePrefix)) {
            type = type.substring(typePrefix.length());
        }
        String time = JsonBodies.text(event, "time");
        Map<String, Object> attributes = JsonBodies.attributes(data, json);
        Map<String, String> fields = new HashMap<>();
        fields.put("id", member.apply("id"));
        fields.put("accountId", member.apply(accountMember));
        fields.put("type", member.apply("type"));
        fields.put("occurredAt", member.apply("time"));
        if (source != null && !attributes.containsKey("source")) {
            attributes.put("source", source);
            fields.put("attributes.source", member.apply("source"));
        }
        return Candidate.event(index, new EventSubmission(id, account, type, time == null ? now.toString() : time, attributes),
                new SenderFields("", fields, dataField, Map.of()), violations);
    }

    /** JSON data: {@code application/json} or a {@code +json} media type, parameters (charset) aside. */
    static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }
}
