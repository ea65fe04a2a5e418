package io.retentionplatform.scoring.health;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.retentionplatform.scoring.events.EventStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Recomputes an account's health score from its stored events and publishes every change, keyed by account id.
 * The score is stored before it is published and marked published after Kafka's ack: if the service dies in
 * between, the redelivered event finds an unpublished version and publishes it then.
 */
@ApplicationScoped
public class HealthScoring {

    public static final String CHANNEL = "health-scores-out";

    private final EventStore events;
    private final HealthScoreStore scores;
    private final MutinyEmitter<HealthScoreMessage> emitter;
    private final HealthScoreCalculator calculator = new HealthScoreCalculator();
    private final HealthModel model;
    private final Clock clock;

    public HealthScoring(EventStore events, HealthScoreStore scores,
            @Channel(CHANNEL) MutinyEmitter<HealthScoreMessage> emitter, ScoringConfig config, Clock clock) {
        this.events = events;
        this.scores = scores;
        this.emitter = emitter;
        this.clock = clock;
        ScoringConfig.Health health = config.health();
        this.model = new HealthModel(health.weights().adoption(), health.weights().support(),
                health.weights().engagement(), health.bands().healthy(), health.bands().watch(), health.windowDays());
    }

    public Uni<Void> rescore(String accountId) {
        Instant now = clock.instant();
        return events.signalsSince(accountId, now.minus(model.windowDays(), ChronoUnit.DAYS))
                .map(signals -> calculator.compute(signals, model, now))
                .chain(computed -> scores.find(accountId).chain(current -> storeIfChanged(accountId, computed, current, now)))
                .chain(stored -> stored.published() ? Uni.createFrom().voidItem() : publish(stored));
    }

    private Uni<StoredHealthScore> storeIfChanged(String accountId, HealthScore computed,
            Optional<StoredHealthScore> current, Instant now) {
        if (current.isPresent() && current.get().health().equals(computed)) {
            return Uni.createFrom().item(current.get());
        }
        return scores.storeNewVersion(accountId, computed, now);
    }

    private Uni<Void> publish(StoredHealthScore stored) {
        HealthScore h = stored.health();
        HealthScoreMessage message = new HealthScoreMessage(HealthScoreMessage.SCHEMA_VERSION, UUID.randomUUID().toString(),
                stored.accountId(), stored.version(), h.score(), h.band(), h.adoption(), h.support(), h.engagement(),
                stored.computedAt());
        return emitter.sendMessage(Message.of(message).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(stored.accountId()).build()))
                .chain(() -> scores.markPublished(stored.accountId(), stored.version()));
    }
}
