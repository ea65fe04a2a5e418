package io.retentionplatform.scoring.ingest;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes accepted events to Kafka, keyed by account id; the returned Uni completes when Kafka has acked, and fails
 * if it has not within {@code scoring.ingest.kafka-ack-timeout} (the producer's own timeouts come first: see the
 * engagement-events-out block of application.properties).
 */
@ApplicationScoped
public class EventPublisher {

    public static final String CHANNEL = "engagement-events-out";

    private final MutinyEmitter<EngagementEventMessage> emitter;
    private final Duration ackTimeout;

    /** A full batch (1,000 events) from each of many concurrent requests may be in flight. */
    public EventPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 65536)
            MutinyEmitter<EngagementEventMessage> emitter, ScoringConfig config) {
        this.emitter = emitter;
        this.ackTimeout = config.ingest().kafkaAckTimeout();
    }

    public Uni<Void> publish(EngagementEventMessage event) {
        return emitter.sendMessage(Message.of(event).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(event.accountId()).build()))
                .ifNoItem().after(ackTimeout)
                .failWith(() -> new TimeoutException("no acknowledgement from Kafka within " + ackTimeout.toSeconds() + " s"));
    }
}
