package io.retentionplatform.scoring.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.retentionplatform.contracts.ArrChangeMessage;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.retentionplatform.scoring.events.EventStore;
import io.retentionplatform.scoring.ingest.AttributeAllowList;
import io.retentionplatform.scoring.scoring.AccountScoring;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores each engagement event once (with the attributes the allow-list keeps), rescores its account and forwards
 * commercial events to segmentation; an event accepted before its account was erased is dropped. The offset
 * is committed only after the Uni completes: the event stored, folded into the account's state, the score change
 * and any forwarded ARR change acknowledged by Kafka. A message that cannot be processed goes to the dead-letter
 * topic with the reason.
 */
@ApplicationScoped
public class EngagementEventConsumer {

    public static final String CHANNEL = "engagement-events-in";

    private final EventStore events;
    private final AccountScoring scoring;
    private final ArrChangeForwarder arrChanges;
    private final MeterRegistry metrics;
    private final AttributeAllowList allowList;

    public EngagementEventConsumer(EventStore events, AccountScoring scoring, ArrChangeForwarder arrChanges,
            MeterRegistry metrics, ScoringConfig config) {
        this.events = events;
        this.scoring = scoring;
        this.arrChanges = arrChanges;
        this.metrics = metrics;
        this.allowList = new AttributeAllowList(config.ingest().attributeAllowList().orElse(java.util.List.of()));
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(EngagementEventMessage received) {
        if (received == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unreadable engagement event (not JSON of the contract)"));
        }
        if (received.schemaVersion() != EngagementEventMessage.SCHEMA_VERSION) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unsupported engagement event schema version "
                    + received.schemaVersion()));
        }
        if (received.eventId() == null || received.accountId() == null || received.occurredAt() == null
                || EngagementEventType.fromWireName(received.type()).isEmpty()) {
            return Uni.createFrom().failure(new IllegalArgumentException("Incomplete engagement event " + received.eventId()));
        }
        // The webhooks minimised it already; a record another producer put on the topic is minimised here.
        EngagementEventMessage event = minimised(received);
        // Checked before anything is stored: a commercial event that cannot be forwarded is dead-lettered untouched.
        Optional<ArrChangeMessage> arrChange;
        try {
            arrChange = ArrChangeForwarder.toMessage(event);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return scoring.onEvent(event, kept -> events.store(kept)
                        .invoke(isNew -> metrics.counter("scoring.events.stored", "result", isNew ? "new" : "duplicate").increment())
                        .replaceWithVoid())
                .chain(applied -> {
                    if (!applied) {
                        // Accepted before its account was erased: neither stored nor forwarded.
                        metrics.counter("scoring.events.stored", "result", "erased_account").increment();
                        return Uni.createFrom().voidItem();
                    }
                    // Forwarded on a duplicate too: the first delivery may have died before its send, and the event
                    // id as message id makes a second send harmless.
                    return arrChange.map(arrChanges::forward).orElseGet(() -> Uni.createFrom().voidItem());
                });
    }

    private EngagementEventMessage minimised(EngagementEventMessage e) {
        return new EngagementEventMessage(e.schemaVersion(), e.eventId(), e.accountId(), e.type(), e.occurredAt(),
                e.receivedAt(), allowList.filter(EngagementEventType.fromWireName(e.type()).orElse(null), e.attributes()));
    }
}
