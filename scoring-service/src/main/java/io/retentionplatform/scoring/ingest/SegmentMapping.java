package io.retentionplatform.scoring.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
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

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

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

    /** One call; {@code defaultType} is the call type the endpoint implies (batch entries carry their own). */
    Candidate read(int index, JsonNode call, String defaultType, JsonNode batchContext, Instant now) {
        if (!call.isObject()) {
            return Candidate.invalid(index, null, List.of(new FieldViolation("batch[" + index + "]", "must be a call object")));
        }
        String messageId = JsonBodies.text(call, "messageId");
        String callType = Optional.ofNullable(JsonBodies.text(call, "type")).orElse(defaultType);
        if (callType == null) {
            return Candidate.invalid(index, messageId, List.of(new FieldViolation("type", "is required: track, identify or group")));
        }
        if (callType.equals("track") && JsonBodies.text(call, "event") == null) {
            return Candidate.invalid(index, messageId, List.of(new FieldViolation("event", "a track call needs its event name")));
        }
        Optional<String> ourType = switch (callType) {
            case "track" -> Optional.ofNullable(JsonBodies.text(call, "event")).map(config.trackEvents()::get);
            case "identify" -> config.identifyType();
            case "group" -> config.groupType();
            case "page", "screen", "alias" -> Optional.empty();
            default -> null;
        };
        if (ourType == null) {
            return Candidate.invalid(index, messageId, List.of(new FieldViolation("type", "unknown Segment call type '" + callType + "'")));
        }
        if (ourType.isEmpty()) {
            String what = callType.equals("track") ? "track event '" + JsonBodies.text(call, "event") + "'" : callType + " call";
            return Candidate.skip(index, messageId, what + " is not mapped to an engagement event type");
        }
        JsonNode context = merged(batchContext, call.get("context"));
        String account = Optional.ofNullable(JsonBodies.text(call, "groupId"))
                .orElse(context == null ? null : JsonBodies.text(context, "groupId"));
        if (account == null) {
            return Candidate.invalid(index, messageId,
                    List.of(new FieldViolation("groupId", "the account is required: groupId or context.groupId")));
        }
        String time = firstText(call, "timestamp", "originalTimestamp", "sentAt").orElse(now.toString());
        JsonNode properties = call.get(callType.equals("track") ? "properties" : "traits");
        Map<String, Object> source = properties != null && properties.isObject() ? json.convertValue(properties, MAP) : Map.of();
        Map<String, Object> attributes = new LinkedHashMap<>();
        ALIASES.forEach((ours, theirs) -> theirs.stream().filter(source::containsKey).findFirst()
                .ifPresent(name -> attributes.put(ours, source.get(name))));
        source.forEach(attributes::putIfAbsent);
        firstText(call, "userId").ifPresent(user -> attributes.put("userId", user));
        attributes.put("source", "segment:" + callType + (callType.equals("track") ? ":" + JsonBodies.text(call, "event") : ""));
        return Candidate.event(index, new EventSubmission(messageId, account, ourType.get(), time, attributes));
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
            candidates.add(read(i, batch.get(i), null, body.get("context"), now));
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
