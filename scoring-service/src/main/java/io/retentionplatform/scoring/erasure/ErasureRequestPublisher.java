package io.retentionplatform.scoring.erasure;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.ErasureRequestMessage;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** Publishes erasure requests on erasure-requests, keyed by account id; the Uni completes on Kafka's ack. */
@ApplicationScoped
public class ErasureRequestPublisher {

    public static final String CHANNEL = "erasure-requests-out";

    private final MutinyEmitter<ErasureRequestMessage> emitter;

    public ErasureRequestPublisher(@Channel(CHANNEL) MutinyEmitter<ErasureRequestMessage> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> publish(ErasureRequestMessage request) {
        return emitter.sendMessage(Message.of(request)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(request.accountId()).build()));
    }
}
