package io.retentionplatform.scoring.deadletter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a dead-letter topic by assignment (no consumer group, nothing committed), partition after partition from
 * a given offset, up to a number of records. Blocking: call it off the event loop.
 */
@ApplicationScoped
public class DeadLetterBrowser {

    private static final Duration POLL = Duration.ofMillis(200);

    private final DeadLetterKafka kafka;
    private final int maxValueChars;

    public DeadLetterBrowser(DeadLetterKafka kafka, DeadLetterSettings settings) {
        this.kafka = kafka;
        this.maxValueChars = settings.maxValueChars();
    }

    /** Thrown when the asked partition does not exist: the answer names the partitions there are. */
    public static class NoSuchPartitionException extends RuntimeException {
        public NoSuchPartitionException(String message) {
            super(message);
        }
    }

    /**
     * @param partition  only this partition, or all of them
     * @param fromOffset start here in each partition read (the oldest kept record if it is older), or at the oldest
     */
    public DeadLetterPage page(DeadLetterQueue queue, OptionalInt partition, OptionalLong fromOffset, int limit) {
        Duration timeout = kafka.timeout();
        KafkaConsumer<byte[], byte[]> consumer = kafka.reader();
        try {
            List<TopicPartition> partitions = DeadLetterKafka.partitionsOf(consumer, queue.topic(), timeout);
            if (partition.isPresent()) {
                partitions = partitions.stream().filter(p -> p.partition() == partition.getAsInt()).toList();
                if (partitions.isEmpty()) {
                    throw new NoSuchPartitionException("partition " + partition.getAsInt() + " does not exist in "
                            + queue.topic());
                }
            }
            if (partitions.isEmpty()) {
                return new DeadLetterPage(queue.topic(), List.of(), List.of());
            }
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, OffsetAndMetadata> redrive = kafka.redrivePositions(new HashSet<>(partitions));

            List<DeadLetter> records = new ArrayList<>();
            List<DeadLetterPage.PartitionView> views = new ArrayList<>();
            for (TopicPartition topicPartition : partitions) {
                long start = Math.max(beginning.get(topicPartition), fromOffset.orElse(0));
                long next = readInto(consumer, topicPartition, start, end.get(topicPartition), limit - records.size(), records);
                OffsetAndMetadata position = redrive.get(topicPartition);
                views.add(new DeadLetterPage.PartitionView(topicPartition.partition(), beginning.get(topicPartition),
                        end.get(topicPartition), next, position == null ? null : position.offset()));
            }
            return new DeadLetterPage(queue.topic(), records, views);
        } catch (KafkaException e) {
            throw DeadLetterKafka.unavailable(e);
        } finally {
            // It holds no group and nothing to commit: no reason to wait for the broker.
            consumer.close(Duration.ZERO);
        }
    }

    /** Reads [start, end) of one partition, at most {@code room} records; returns the first offset not read. */
    private long readInto(KafkaConsumer<byte[], byte[]> consumer, TopicPartition partition, long start, long end, int room,
            List<DeadLetter> into) {
        if (room <= 0 || start >= end) {
            return Math.min(start, end);
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, start);
        long next = start;
        int taken = 0;
        long deadline = System.nanoTime() + kafka.timeout().toNanos();
        while (next < end && taken < room) {
            List<ConsumerRecord<byte[], byte[]>> polled = consumer.poll(POLL).records(partition);
            if (polled.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw DeadLetterKafka.unavailable(new org.apache.kafka.common.errors.TimeoutException(
                            "no records of " + partition + " between " + next + " and " + end));
                }
                // A gap (a compacted or aborted offset) ends where the consumer's position now is.
                next = Math.max(next, consumer.position(partition));
                continue;
            }
            deadline = System.nanoTime() + kafka.timeout().toNanos();
            for (ConsumerRecord<byte[], byte[]> record : polled) {
                if (record.offset() >= end || taken >= room) {
                    break;
                }
                into.add(DeadLetter.of(record, maxValueChars));
                taken++;
                next = record.offset() + 1;
            }
        }
        return next;
    }
}
