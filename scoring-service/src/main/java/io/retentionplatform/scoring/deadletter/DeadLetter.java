package io.retentionplatform.scoring.deadletter;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One record of a dead-letter topic as an admin reads it: where it is, why it failed (SmallRye's
 * {@code dead-letter-*} headers), where it came from, and its value as text.
 *
 * @param key            the account id
 * @param valueTruncated the value was longer than shown
 */
public record DeadLetter(int partition, long offset, Instant timestamp, String key, String reason, String cause,
        String originalTopic, Integer originalPartition, Long originalOffset, String value, boolean valueTruncated) {

    static DeadLetter of(ConsumerRecord<byte[], byte[]> record, int maxValueChars) {
        String value = text(record.value());
        boolean truncated = value != null && value.length() > maxValueChars;
        return new DeadLetter(record.partition(), record.offset(), Instant.ofEpochMilli(record.timestamp()),
                text(record.key()),
                header(record, KafkaDeadLetterQueue.DEAD_LETTER_REASON),
                header(record, KafkaDeadLetterQueue.DEAD_LETTER_CAUSE),
                header(record, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC),
                number(header(record, KafkaDeadLetterQueue.DEAD_LETTER_PARTITION), Integer::valueOf),
                number(header(record, KafkaDeadLetterQueue.DEAD_LETTER_OFFSET), Long::valueOf),
                truncated ? value.substring(0, maxValueChars) : value,
                truncated);
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : text(header.value());
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static <N> N number(String text, java.util.function.Function<String, N> parse) {
        try {
            return text == null ? null : parse.apply(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
