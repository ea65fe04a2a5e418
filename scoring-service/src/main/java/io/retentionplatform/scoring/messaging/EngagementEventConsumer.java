package io.retentionplatform.scoring.messaging;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.retentionplatform.contracts.ArrChangeMessage;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.churn.ArrMovement;
import io.retentionplatform.scoring.churn.ChurnHistoryStore;
import io.retentionplatform.scoring.config.PipelineConfig;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.retentionplatform.scoring.ingest.AttributeAllowList;
import io.retentionplatform.scoring.scoring.AccountScoring;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes engagement events in batches (one Kafka poll at a time): each record is read and checked against the
 * contract; what can never succeed (unreadable, incomplete, unknown type or schema version, a commercial event that
 * cannot be forwarded, a fold that fails) goes to the dead-letter topic with the reason; the rest is folded in by
 * {@link AccountScoring#onEvents} (grouped by account, one bulk read and one bulk write per batch) and commercial
 * events are forwarded to segmentation. The batch's offsets are committed only after all of that is durable and
 * acknowledged. A failure of MongoDB or Kafka (unreachable, timeouts) is retried with backoff until it succeeds, never
 * dead-lettered: the batch waits, nothing is lost, and a retry is harmless because every step is idempotent.
 */
@ApplicationScoped
public class EngagementEventConsumer {

    public static final String CHANNEL = "engagement-events-in";
    private static final Logger LOG = Logger.getLogger(EngagementEventConsumer.class);

    private final AccountScoring scoring;
    private final ArrChangeForwarder arrChanges;
    private final ChurnHistoryStore churnHistory;
    private final DeadLetters deadLetters;
    private final MeterRegistry metrics;
    private final ObjectMapper json;
    private final AttributeAllowList allowList;
    private final Duration retryFirst;
    private final Duration retryMax;

    public EngagementEventConsumer(AccountScoring scoring, ArrChangeForwarder arrChanges, DeadLetters deadLetters,
            MeterRegistry metrics, ObjectMapper json, ScoringConfig config, PipelineConfig pipeline,
            ChurnHistoryStore churnHistory) {
        this.scoring = scoring;
        this.churnHistory = churnHistory;
        this.arrChanges = arrChanges;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.json = json;
        this.allowList = new AttributeAllowList(config.ingest().attributeAllowList().orElse(List.of()));
        this.retryFirst = pipeline.retryFirstBackoff();
        this.retryMax = pipeline.retryMaxBackoff();
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ConsumerRecords<String, byte[]> records) {
        List<EngagementEventMessage> good = new ArrayList<>();
        Map<EngagementEventMessage, ConsumerRecord<String, byte[]>> origin = new IdentityHashMap<>();
        List<Uni<Void>> poison = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                EngagementEventMessage event = read(record);
                good.add(event);
                origin.put(event, record);
            } catch (IllegalArgumentException e) {
                poison.add(deadLetters.send(record, e.getMessage()));
            }
        }
        Uni<Void> deadLettered = join(poison);
        Uni<Void> processed = Uni.createFrom().deferred(() -> good.isEmpty() ? Uni.createFrom().voidItem()
                : scoring.onEvents(good).chain(outcome -> {
                    metrics.counter("scoring.events.folded").increment(outcome.folded);
                    metrics.counter("scoring.events.duplicates").increment(outcome.duplicates);
                    metrics.counter("scoring.events.erased_account").increment(outcome.erased);
                    List<Uni<Void>> after = new ArrayList<>();
                    outcome.poison.forEach((event, reason) -> after.add(deadLetters.send(origin.get(event), reason)));
                    for (EngagementEventMessage kept : outcome.kept) {
                        forwardable(kept).ifPresent(change -> {
                            after.add(arrChanges.forward(change));
                            // Kept for the churn model too: what scoring saw of the account's ARR, with its time.
                            if (change.amount() != null && !"renewal".equals(change.kind())) {
                                after.add(churnHistory.recordMovement(change.accountId(), change.messageId(),
                                        new ArrMovement(change.effectiveAt(), change.kind(), change.amount().doubleValue())));
                            }
                        });
                    }
                    return join(after);
                }));
        return retried(deadLettered).chain(() -> retried(processed));
    }

    /** Retries a failure of the infrastructure with exponential backoff, as long as it takes. */
    private Uni<Void> retried(Uni<Void> work) {
        return work.onFailure().invoke(failure -> {
                    metrics.counter("scoring.events.retries").increment();
                    LOG.warnf("Engagement events not processed yet, retrying: %s", failure.toString());
                })
                .onFailure().retry().withBackOff(retryFirst, retryMax).indefinitely();
    }

    /**
     * The record as an event of the contract, minimised by the attribute allow-list (the webhooks did so already; a
     * record another producer put on the topic is minimised here).
     *
     * @throws IllegalArgumentException for poison, with the reason
     */
    EngagementEventMessage read(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("Empty engagement event record");
        }
        EngagementEventMessage e;
        try {
            e = json.readValue(record.value(), EngagementEventMessage.class);
        } catch (IOException ex) {
            throw new IllegalArgumentException("Unreadable engagement event (not JSON of the contract): " + (ex instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : ex.getMessage()));
        }
        if (e == null) {
            throw new IllegalArgumentException("Unreadable engagement event (null)");
        }
        if (e.schemaVersion() != EngagementEventMessage.SCHEMA_VERSION) {
            throw new IllegalArgumentException("Unsupported engagement event schema version " + e.schemaVersion());
        }
        if (e.eventId() == null || e.eventId().isBlank() || e.accountId() == null || e.accountId().isBlank()
                || e.occurredAt() == null || EngagementEventType.fromWireName(e.type()).isEmpty()) {
            throw new IllegalArgumentException("Incomplete engagement event " + e.eventId()
                    + " (needs eventId, accountId, a known type and occurredAt)");
        }
        // A record another producer wrote without receivedAt was accepted when Kafka got it.
        java.time.Instant receivedAt = e.receivedAt() != null ? e.receivedAt() : java.time.Instant.ofEpochMilli(record.timestamp());
        EngagementEventMessage event = new EngagementEventMessage(e.schemaVersion(), e.eventId(), e.accountId(), e.type(),
                e.occurredAt(), receivedAt, allowList.filter(EngagementEventType.fromWireName(e.type()).orElse(null),
                        e.attributes() == null ? Map.of() : e.attributes()));
        // Checked before anything is stored: a commercial event that cannot be forwarded is dead-lettered untouched.
        forwardable(event);
        return event;
    }

    private static Optional<ArrChangeMessage> forwardable(EngagementEventMessage event) {
        return ArrChangeForwarder.toMessage(event);
    }

    private static Uni<Void> join(List<Uni<Void>> unis) {
        return unis.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(unis).andFailFast().replaceWithVoid();
    }
}
