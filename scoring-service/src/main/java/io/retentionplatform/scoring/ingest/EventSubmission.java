package io.retentionplatform.scoring.ingest;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An engagement event as a sender posts it. Fields stay strings here so that each bad value is reported
 * against its own field rather than as an unreadable body.
 */
@Schema(description = "One engagement event about an account")
public record EventSubmission(
        @Schema(description = "The sender's id for this event; sending it again is harmless (idempotency key)",
                examples = "evt-2026-11-24-0001", required = true)
        String id,
        @Schema(description = "The account (CRM id) the event is about", examples = "acme-corp", required = true)
        String accountId,
        @Schema(description = "Event type, category.action", examples = "usage.feature_used", required = true)
        String type,
        @Schema(description = "When it happened, ISO-8601 instant", examples = "2026-11-24T09:30:00Z", required = true)
        String occurredAt,
        @Schema(description = "Type-specific details, e.g. {\"feature\": \"reports\"} or {\"score\": 8}")
        Map<String, Object> attributes) {
}
