package io.retentionplatform.scoring.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.retentionplatform.contracts.ArrChangeMessage;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.events.EventStore;
import io.retentionplatform.scoring.scoring.AccountScoring;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores each engagement event once, rescores its account and forwards commercial events to segmentation. The offset
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

    public EngagementEventConsumer(EventStore events, AccountScoring scoring, ArrChangeForwarder arrChanges,
            MeterRegistry metrics) {
        this.events = events;
        this.scoring = scoring;
        this.arrChanges = arrChanges;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(EngagementEventMessage event) {
        if (event == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unreadable engagement event (not JSON of the contract)"));
        }
        if (event.schemaVersion() != EngagementEventMessage.SCHEMA_VERSION) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unsupported engagement event schema version "
                    + event.schemaVersion()));
        }
        if (event.eventId() == null || event.accountId() == null || event.occurredAt() == null
                || EngagementEventType.fromWireName(event.type()).isEmpty()) {
            return Uni.createFrom().failure(new IllegalArgumentException("Incomplete engagement event " + event.eventId()));
        }
        // Checked before anything is stored: a commercial event that cannot be forwarded is dead-lettered untouched.
        Optional<ArrChangeMessage> arrChange;
        try {
            arrChange = ArrChangeForwarder.toMessage(event);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return events.store(event)
                .invoke(isNew -> metrics.counter("scoring.events.stored", "result", isNew ? "new" : "duplicate").increment())
                .chain(() -> scoring.onEvent(event))
                // Forwarded on a duplicate too: the first delivery may have died before its send, and the event id
                // as message id makes a second send harmless.
                .chain(() -> arrChange.map(arrChanges::forward).orElseGet(() -> Uni.createFrom().voidItem()));
    }
}
