package io.retentionplatform.scoring.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads CloudEvents 1.0 in structured JSON mode: {@code id} is the event id, {@code type} our event type (after
 * the configured prefix), the account is {@code subject} or the {@code partitionkey} extension, {@code time} when
 * it happened (default: now), {@code data} the attributes.
 */
final class CloudEventMapping {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final String typePrefix;
    private final ObjectMapper json;

    CloudEventMapping(String typePrefix, ObjectMapper json) {
        this.typePrefix = typePrefix;
        this.json = json;
    }

    Candidate read(int index, JsonNode event, Instant now) {
        if (!event.isObject()) {
            return Candidate.invalid(index, null, List.of(new FieldViolation("[" + index + "]", "must be a CloudEvent object")));
        }
        String id = JsonBodies.text(event, "id");
        List<FieldViolation> violations = new ArrayList<>();
        if (!"1.0".equals(JsonBodies.text(event, "specversion"))) {
            violations.add(new FieldViolation("specversion", "must be 1.0"));
        }
        if (JsonBodies.text(event, "source") == null) {
            violations.add(new FieldViolation("source", "is required"));
        }
        String contentType = JsonBodies.text(event, "datacontenttype");
        if (contentType != null && !contentType.startsWith("application/json")) {
            violations.add(new FieldViolation("datacontenttype", "must be application/json, got " + contentType));
        }
        if (event.has("data_base64")) {
            violations.add(new FieldViolation("data_base64", "binary data is not accepted; send JSON in data"));
        }
        JsonNode data = event.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            violations.add(new FieldViolation("data", "must be a JSON object (the event's attributes)"));
        }
        String account = JsonBodies.text(event, "subject");
        if (account == null) {
            account = JsonBodies.text(event, "partitionkey");
        }
        if (account == null) {
            violations.add(new FieldViolation("subject", "the account is required: subject or the partitionkey extension"));
        }
        if (!violations.isEmpty()) {
            return Candidate.invalid(index, id, violations);
        }
        String type = JsonBodies.text(event, "type");
        if (type != null && type.startsWith(typePrefix)) {
            type = type.substring(typePrefix.length());
        }
        String time = JsonBodies.text(event, "time");
        Map<String, Object> attributes = data == null || data.isNull() ? new LinkedHashMap<>()
                : new LinkedHashMap<>(json.convertValue(data, MAP));
        attributes.putIfAbsent("source", JsonBodies.text(event, "source"));
        return Candidate.event(index, new EventSubmission(id, account, type, time == null ? now.toString() : time, attributes));
    }

    List<Candidate> readBatch(JsonNode events, Instant now) {
        if (!events.isArray()) {
            throw Problems.invalid("Invalid CloudEvents batch", List.of(new FieldViolation("body", "a JSON array of CloudEvents is required")));
        }
        JsonBodies.checkCount(events.size());
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            candidates.add(read(i, events.get(i), now));
        }
        return candidates;
    }
}
