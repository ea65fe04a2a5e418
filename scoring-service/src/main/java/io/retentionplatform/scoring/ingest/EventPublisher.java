package io.retentionplatform.scoring.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.EngagementEventMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes accepted events to Kafka, keyed by account id; the returned Uni completes when Kafka has acked. */
@ApplicationScoped
public class EventPublisher {

    public static final String CHANNEL = "engagement-events-out";

    private final MutinyEmitter<EngagementEventMessage> emitter;

    public EventPublisher(@Channel(CHANNEL) MutinyEmitter<EngagementEventMessage> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(EngagementEventMessage event) {
        return emitter.sendMessage(Message.of(event).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.accountId()).build()));
    }
}
