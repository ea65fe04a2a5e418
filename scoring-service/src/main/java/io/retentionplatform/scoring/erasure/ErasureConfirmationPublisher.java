package io.retentionplatform.scoring.erasure;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes scoring-service's own erasure confirmations, keyed by account id; the Uni completes on Kafka's ack. */
@ApplicationScoped
public class ErasureConfirmationPublisher {

    public static final String CHANNEL = "erasure-confirmations-out";

    private final MutinyEmitter<ErasureConfirmationMessage> emitter;

    public ErasureConfirmationPublisher(@Channel(CHANNEL) MutinyEmitter<ErasureConfirmationMessage> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(ErasureConfirmationMessage confirmation) {
        return emitter.sendMessage(Message.of(confirmation)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(confirmation.accountId()).build()));
    }
}
