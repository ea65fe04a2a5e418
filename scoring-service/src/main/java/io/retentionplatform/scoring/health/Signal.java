package io.retentionplatform.scoring.health;

import java.time.Instant;
import java.util.Map;

import io.retentionplatform.contracts.EngagementEventType;

/** One stored engagement event as the score formulas see it. */
public record Signal(EngagementEventType type, Instant occurredAt, Map<String, Object> attributes) {

    public Signal {
        attributes = attributes == null ? Map.of() : attributes;
    }

    String attribute(String name) {
        Object value = attributes.get(name);
        return value == null ? null : value.toString();
    }
}
