package io.retentionplatform.scoring.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.scoring.events.EventStore;
import io.retentionplatform.scoring.health.HealthScoring;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Stores each engagement event once and rescores its account. The offset is committed only after the Uni
 * completes, that is after the event is stored and the score change is acknowledged by Kafka; a message that
 * fails goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class EngagementEventConsumer {

    public static final String CHANNEL = "engagement-events-in";

    private final EventStore events;
    private final HealthScoring scoring;
    private final MeterRegistry metrics;

    public EngagementEventConsumer(EventStore events, HealthScoring scoring, MeterRegistry metrics) {
        this.events = events;
        this.scoring = scoring;
        this.metrics = metrics;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(EngagementEventMessage event) {
        if (event == null || event.schemaVersion() != EngagementEventMessage.SCHEMA_VERSION) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "Unsupported engagement event schema version: " + (event == null ? "no payload" : event.schemaVersion())));
        }
        return events.store(event)
                .invoke(isNew -> metrics.counter("scoring.events.stored", "result", isNew ? "new" : "duplicate").increment())
                .chain(() -> scoring.rescore(event.accountId()));
    }
}
