package io.retentionplatform.scoring.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Sends an engagement event that can never succeed to {@code engagement-events-dlq}: the original key, bytes and
 * headers, with the reason and where it came from in the headers SmallRye's own dead-letter queue uses
 * ({@code dead-letter-reason}, {@code -topic}, {@code -partition}, {@code -offset}), so the redrive reads both alike.
 * Only poison comes here: a message that cannot be read, breaks the contract or cannot be folded in. Failures of
 * MongoDB or Kafka are retried by the consumer, never dead-lettered.
 */
@ApplicationScoped
public class DeadLetters {

    public static final String CHANNEL = "engagement-events-dlq-out";
    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;
    private final MeterRegistry metrics;

    public DeadLetters(@Channel(CHANNEL) MutinyEmitter<byte[]> emitter, MeterRegistry metrics) {
        this.emitter = emitter;
        this.metrics = metrics;
    }

    /** Completes when Kafka has acknowledged the dead letter. */
    public Uni<Void> send(ConsumerRecord<String, byte[]> record, String reason) {
        LOG.warnf("Dead-lettering %s-%d@%d (key %s): %s", record.topic(), record.partition(), record.offset(), record.key(), reason);
        RecordHeaders headers = new RecordHeaders();
        record.headers().forEach(h -> {
            if (!h.key().startsWith("dead-letter-")) {
                headers.add(h);
            }
        });
        headers.add("dead-letter-reason", utf8(reason));
        headers.add("dead-letter-topic", utf8(record.topic()));
        headers.add("dead-letter-partition", utf8(Integer.toString(record.partition())));
        headers.add("dead-letter-offset", utf8(Long.toString(record.offset())));
        metrics.counter("scoring.events.dead_lettered").increment();
        byte[] value = record.value() == null ? new byte[0] : record.value();
        return emitter.sendMessage(Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(record.key()).withHeaders(headers).build()));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
