package io.retentionplatform.nurture.schedule;

import java.util.List;

import io.smallrye.mutiny.Uni;

/** Hands due steps to the outbound webhooks, inside the scheduler's transaction: nothing is sent before it commits. */
public interface StepDelivery {

    /** Queues one outbound message per step (per subscribed endpoint); returns each step's webhook ids, in order. */
    Uni<List<List<String>>> enqueue(List<StepMessage> steps);
}
