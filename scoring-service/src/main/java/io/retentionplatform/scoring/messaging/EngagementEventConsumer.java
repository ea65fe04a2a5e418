package io.retentionplatform.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.events.EventStore;
import io.retentionplatform.scoring.scoring.AccountScoring;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores each engagement event once and rescores its account. The offset is committed only after the Uni
 * completes: the event stored, folded into the account's state and the score change acknowledged by Kafka.
 * A message that cannot be processed goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class EngagementEventConsumer {

    public static final String CHANNEL = "engagement-events-in";

    private final EventStore events;
    private final AccountScoring scoring;
    private final MeterRegistry metrics;

    public EngagementEventConsumer(EventStore events, AccountScoring scoring, MeterRegistry metrics) {
        this.events = events;
        this.scoring = scoring;
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
        return events.store(event)
                .invoke(isNew -> metrics.counter("scoring.events.stored", "result", isNew ? "new" : "duplicate").increment())
                .chain(() -> scoring.onEvent(event));
    }
}
