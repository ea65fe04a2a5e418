package io.retentionplatform.nurture.webhook;

import io.smallrye.mutiny.Uni;

/**
 * Where verified inbound outcomes go (implemented outside this package, for example by the cadences). Every
 * {@code OutcomeSink} bean receives each outcome once per {@code webhookId}: it is called inside the transaction that
 * records the webhook id as processed, so an effect written through {@code Panache.getSession()} commits together with
 * that record (a failure rolls both back and the sender, told 503, delivers again). Without any sink the endpoint
 * answers 503 and the sender retries later.
 */
public interface OutcomeSink {

    Uni<Void> accept(InboundOutcome outcome);
}
