package io.retentionplatform.scoring.ingest;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.EngagementEventMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes accepted events to Kafka, keyed by account id; the returned Uni completes when Kafka has acked. */
@ApplicationScoped
public class EventPublisher {

    public static final String CHANNEL = "engagement-events-out";

    private final MutinyEmitter<EngagementEventMessage> emitter;

    /** A full batch (1,000 events) from each of many concurrent requests may be in flight. */
    public EventPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
            MutinyEmitter<EngagementEventMessage> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(EngagementEventMessage event) {
        return emitter.sendMessage(Message.of(event).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(event.accountId()).build()));
    }
}
