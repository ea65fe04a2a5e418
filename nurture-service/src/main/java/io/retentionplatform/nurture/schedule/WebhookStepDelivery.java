package io.retentionplatform.nurture.schedule;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.nurture.webhook.WebhookOutbox;
import io.smallrye.mutiny.Uni;

/** Due steps as outbound {@code nurture.step.due} webhooks, queued in the scheduler's transaction. */
@ApplicationScoped
public class WebhookStepDelivery implements StepDelivery {

    private final WebhookOutbox outbox;

    public WebhookStepDelivery(WebhookOutbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Uni<List<List<String>>> enqueue(List<StepMessage> steps) {
        return outbox.enqueueAll(StepMessage.EVENT_TYPE, steps.stream().map(s -> new WebhookOutbox.Outbound(s.accountId(), s)).toList());
    }
}
