package io.retentionplatform.nurture.webhook;

import java.time.Instant;

/**
 * An outcome reported by the marketing tool ({@code POST /webhooks/outcomes}), verified and parsed.
 *
 * @param webhookId  the inbound message's own {@code webhook-id} header: the idempotency key (a redelivery carries the
 *                   same one and is not handed over again)
 * @param refersTo   the outbound webhook id ({@code msg_...}) the outcome is about, or null
 * @param accountId  the account
 * @param outcome    one of delivered, opened, clicked, replied, meeting_booked, bounced, unsubscribed
 * @param occurredAt when it happened at the marketing tool
 */
public record InboundOutcome(String webhookId, String refersTo, String accountId, String outcome, Instant occurredAt) {
}
