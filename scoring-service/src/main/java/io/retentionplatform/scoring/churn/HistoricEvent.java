package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.util.Map;

import io.retentionplatform.contracts.EngagementEventType;

/** One stored engagement event as the churn snapshots read it: its type, when it happened, its kept attributes. */
public record HistoricEvent(EngagementEventType type, Instant occurredAt, Map<String, Object> attributes) {
}
