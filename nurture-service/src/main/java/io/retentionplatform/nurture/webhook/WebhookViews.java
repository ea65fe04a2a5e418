package io.retentionplatform.nurture.webhook;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** What the webhook API answers. No view carries a signing secret except the answers that create one. */
public final class WebhookViews {

    private WebhookViews() {
    }

    public record EndpointView(String id, String url, String description, List<String> eventTypes, boolean enabled,
            String disabledReason, boolean allowPrivate, int activeSecrets, Instant createdAt, Instant updatedAt) {
    }

    /** The answer to a registration: the endpoint and its signing secret, shown this once. */
    public record CreatedEndpoint(@JsonUnwrapped EndpointView endpoint, String secret) {
    }

    /** The answer to a rotation: the new secret, shown this once, and until when the previous ones still sign. */
    public record RotatedSecret(String endpointId, String secret, Instant previousSecretsExpireAt) {
    }

    public record DeliveryView(String webhookId, String eventType, String accountId, String status, int attempts,
            Instant nextAttemptAt, Instant createdAt, Instant deliveredAt) {
    }

    public record AttemptView(int attempt, Instant attemptedAt, Integer httpStatus, String error, long durationMs,
            String responseExcerpt) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }
}
