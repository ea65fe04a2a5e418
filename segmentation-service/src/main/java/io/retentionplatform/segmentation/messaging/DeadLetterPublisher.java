package io.retentionplatform.segmentation.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Sends a record of a batch that can never be applied to its topic's dead-letter twin, with the reason and origin in
 * headers (as the connector's own dead-letter strategy does for single records), so that one bad message does not
 * hold back or dead-letter the good ones polled with it.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    public static final String CHANNEL = "dead-letters-out";

    private final MutinyEmitter<String> emitter;

    public DeadLetterPublisher(@Channel(CHANNEL) MutinyEmitter<String> emitter) {
        this.emitter = emitter;
    }

    public Uni<Void> send(KafkaRecord<String, ?> record, String reason) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("dead-letter-reason", reason.getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-topic", record.getTopic().getBytes(StandardCharsets.UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.getPartition()).getBytes(StandardCharsets.UTF_8));
        record.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class).ifPresent(m ->
                headers.add("dead-letter-offset", Long.toString(m.getOffset()).getBytes(StandardCharsets.UTF_8)));
        String value = null;
        var raw = record.getHeaders().lastHeader("deserialization-failure-data");
        if (raw != null) {
            value = new String(raw.value(), StandardCharsets.UTF_8);
        } else if (record.getPayload() != null) {
            value = String.valueOf(record.getPayload());
        }
        return emitter.sendMessage(Message.of(value == null ? "" : value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.getKey()).withTopic(record.getTopic() + "-dlq").withHeaders(headers).build()));
    }
}
