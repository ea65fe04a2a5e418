package io.retentionplatform.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * One accepted engagement event on {@link Topics#ENGAGEMENT_EVENTS}, keyed by {@code accountId}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written; consumers reject versions they do not know
 * @param eventId       the sender's id for the event: the idempotency key, stored and counted once
 * @param accountId     the account (CRM id) the event is about
 * @param type          the wire name of an {@link EngagementEventType}
 * @param occurredAt    when it happened at the source
 * @param receivedAt    when the platform accepted it
 * @param attributes    type-specific details (feature name, ticket severity, NPS score, ...)
 */
public record EngagementEventMessage(
        int schemaVersion,
        String eventId,
        String accountId,
        String type,
        Instant occurredAt,
        Instant receivedAt,
        Map<String, Object> attributes) {

    public static final int SCHEMA_VERSION = 1;

    public EngagementEventMessage {
        attributes = attributes == null ? Map.of() : withoutNullValues(attributes);
    }

    /** A null value says nothing (and Map.copyOf refuses it): a record from any producer reads without them. */
    private static Map<String, Object> withoutNullValues(Map<String, Object> attributes) {
        // containsValue(null) would throw on an immutable map: look at the values instead.
        if (attributes.values().stream().noneMatch(java.util.Objects::isNull)) {
            return Map.copyOf(attributes);
        }
        Map<String, Object> kept = new java.util.HashMap<>(attributes);
        kept.values().removeIf(java.util.Objects::isNull);
        return Map.copyOf(kept);
    }
}
