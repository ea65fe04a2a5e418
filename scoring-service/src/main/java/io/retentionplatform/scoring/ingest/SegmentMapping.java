package io.retentionplatform.scoring.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.retentionplatform.scoring.config.ScoringConfig;

/**
 * Reads Segment HTTP tracking API calls (track, identify, group, batch) into our events, so pipelines that send
 * to Segment can point at us unchanged. {@code messageId} is the event id; the account is {@code groupId} or
 * {@code context.groupId}; track event names map to our types through configuration.
 */
final class SegmentMapping {

    /** Our attribute name, then the Segment property names it may come from, in order of preference. */
    private static final Map<String, List<String>> ALIASES = Map.of(
            "feature", List.of("feature", "feature_name", "featureName", "name"),
            "ticketId", List.of("ticketId", "ticket_id", "id"),
            "score", List.of("score", "nps", "rating"),
            "severity", List.of("severity", "priority"),
            "direction", List.of("direction"),
            "csat", List.of("csat"),
            "campaign", List.of("campaign", "campaign_name"));

    private final ScoringConfig.Segment config;
    private final ObjectMapper json;

    SegmentMapping(ScoringConfig.Segment config, ObjectMapper json) {
        this.config = config;
        this.json = json;
    }

    /** A single call (track, identify or group endpoint): {@code defaultType} is the call type the endpoint implies. */
    Candidate read(JsonNode call, String defaultType, Instant now) {
        return read(0, "", call, defaultType, null, now);
    }

    /**
     * One call at {@code prefix} in the request ({@code batch[3].} in a batch, empty for a single call); batch entries
     * carry their own type and get the batch's context under theirs.
     */
    private Candidate read(int index, String prefix, JsonNode call, String defaultType, JsonNode batchContext, Instant now) {
        if (!call.isObject()) {
            String where = prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1);
            return Candidate.invalid(index, null, List.of(new FieldViolation(where, "must be a call object")));
        }
        String messageId = JsonBodies.text(call, "messageId");
        String callType = Optional.ofNullable(JsonBodies.text(call, "type")).orElse(defaultType);
        if (callType == null) {
            return Candidate.invalid(index, messageId,
                    List.of(new FieldViolation(prefix + "type", "is required: track, identify or group")));
        }
        String event = JsonBodies.text(call, "event");
        if (callType.equals("track") && event == null) {
            return Candidate.invalid(index, messageId, List.of(new FieldViolation(prefix + "event", "a track call needs its event name")));
        }
        Optional<String> ourType = switch (callType) {
            case "track" -> Optional.ofNullable(config.trackEvents().get(event));
            case "identify" -> config.identifyType();
            case "group" -> config.groupType();
            case "page", "screen", "alias" -> Optional.empty();
            default -> null;
        };
        if (ourType == null) {
            return Candidate.invalid(index, messageId,
                    List.of(new FieldViolation(prefix + "type", "unknown Segment call type '" + callType + "'")));
        }
        if (ourType.isEmpty()) {
            String what = callType.equals("track") ? "track event '" + event + "'" : callType + " call";
            return Candidate.skip(index, messageId, what + " is not mapped to an engagement event type");
        }
        JsonNode context = merged(batchContext, call.get("context"));
        Map<String, String> fields = new HashMap<>();
        String account = JsonBodies.text(call, "groupId");
        fields.put("accountId", "groupId");
        if (account == null && context != null) {
            account = JsonBodies.text(context, "groupId");
            fields.put("accountId", "context.groupId");
        }
        if (account == null) {
            return Candidate.invalid(index, messageId,
                    List.of(new FieldViolation(prefix + "groupId", "the account is required: groupId or context.groupId")));
        }
        Optional<String> timeField = firstPresent(call, "timestamp", "originalTimestamp", "sentAt");
        String time = timeField.map(field -> JsonBodies.text(call, field)).orElse(now.toString());
        fields.put("occurredAt", timeField.orElse("timestamp"));
        fields.put("id", "messageId");
        fields.put("type", callType.equals("track") ? "event" : "type");
        fields.put("attributes.userId", "userId");
        fields.put("attributes.source", callType.equals("track") ? "event" : "type");
        String propertiesField = callType.equals("track") ? "properties" : "traits";
        Map<String, Object> attributes = JsonBodies.attributes(call.get(propertiesField), json);
        Map<String, String> aliasesUsed = new HashMap<>();
        ALIASES.forEach((ours, theirs) -> theirs.stream().filter(attributes::containsKey).findFirst().ifPresent(name -> {
            attributes.put(ours, attributes.remove(name));
            aliasesUsed.put(ours, name);
        }));
        firstText(call, "userId").ifPresent(user -> attributes.put("userId", user));
        attributes.put("source", "segment:" + callType + (callType.equals("track") ? ":" + event : ""));
        return Candidate.event(index, new EventSubmission(messageId, account, ourType.get(), time, attributes),
                new SenderFields(prefix, fields, propertiesField, aliasesUsed));
    }

    /** A batch: its calls, with the batch's own context under each call's. */
    List<Candidate> readBatch(JsonNode body, Instant now) {
        JsonNode batch = body.get("batch");
        if (batch == null || !batch.isArray()) {
            throw Problems.invalid("Invalid Segment batch", List.of(new FieldViolation("batch", "an array of calls is required")));
        }
        JsonBodies.checkCount(batch.size());
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            candidates.add(read(i, "batch[" + i + "].", batch.get(i), null, body.get("context"), now));
        }
        return candidates;
    }

    private JsonNode merged(JsonNode outer, JsonNode inner) {
        if (outer == null || !outer.isObject()) {
            return inner;
        }
        ObjectNode context = outer.deepCopy();
        if (inner != null && inner.isObject()) {
            context.setAll((ObjectNode) inner);
        }
        return context;
    }

    /** The first of {@code fields} that holds a non-blank value. */
    private static Optional<String> firstPresent(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = JsonBodies.text(node, field);
            if (value != null && !value.isBlank()) {
                return Optional.of(field);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            String value = JsonBodies.text(node, field);
            if (value != null && !value.isBlank()) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
