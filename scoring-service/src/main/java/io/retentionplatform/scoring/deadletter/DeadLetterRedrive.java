package io.retentionplatform.scoring.deadletter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.reactive.messaging.kafka.fault.KafkaDeadLetterQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

/**
 * Sends the records of a dead-letter topic back to the topics they came from, from the redrive position to the end
 * the topic had when the redrive began; then moves the position (the committed offsets of the consumer group
 * {@value DeadLetterKafka#REDRIVE_GROUP}) past what Kafka acknowledged. A record is sent with its key, value and
 * headers, less SmallRye's {@code dead-letter-*} ones, so a second redrive sends only what was dead-lettered since.
 * Blocking: call it off the event loop. The consumers deduplicate by event id, so a record sent twice (a redrive
 * that died between the acks and the commit) does no harm.
 */
@ApplicationScoped
public class DeadLetterRedrive {

    private static final Logger LOG = Logger.getLogger(DeadLetterRedrive.class);
    private static final String DEAD_LETTER_HEADER_PREFIX = "dead-letter-";
    private static final Duration POLL = Duration.ofMillis(200);

    private final DeadLetterKafka kafka;
    /** Topics being redriven by this instance: a second redrive of one would send the same records again. */
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    public DeadLetterRedrive(DeadLetterKafka kafka) {
        this.kafka = kafka;
    }

    /** A redrive of the same topic is under way on this instance. */
    public static class RedriveRunningException extends RuntimeException {
        public RedriveRunningException(String topic) {
            super("A redrive of " + topic + " is under way");
        }
    }

    public RedriveSummary redrive(DeadLetterQueue queue) {
        if (!running.add(queue.topic())) {
            throw new RedriveRunningException(queue.topic());
        }
        try {
            return redriveAlone(queue);
        } finally {
            running.remove(queue.topic());
        }
    }

    private RedriveSummary redriveAlone(DeadLetterQueue queue) {
        Duration timeout = kafka.timeout();
        KafkaConsumer<byte[], byte[]> consumer = kafka.redriveReader();
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            List<TopicPartition> partitions = DeadLetterKafka.partitionsOf(consumer, queue.topic(), timeout);
            if (partitions.isEmpty()) {
                return new RedriveSummary(queue.topic(), 0, List.of());
            }
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions), timeout);
            producer = kafka.producer();

            Map<TopicPartition, List<Sent>> sent = new LinkedHashMap<>();
            Map<TopicPartition, Long> from = new LinkedHashMap<>();
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata position = committed.get(partition);
                // Records before the oldest one kept were deleted by retention: nothing to send there.
                long start = Math.max(beginning.get(partition), position == null ? 0 : position.offset());
                from.put(partition, start);
                sent.put(partition, send(consumer, producer, queue, partition, start, end.get(partition)));
            }
            producer.flush();
            return acknowledgeAndCommit(queue, consumer, sent, from);
        } catch (KafkaException e) {
            throw DeadLetterKafka.unavailable(e);
        } finally {
            // Every send was awaited (or has failed) and the position committed explicitly: nothing to wait for.
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            consumer.close(Duration.ZERO);
        }
    }

    /** One record sent: its offset in the dead-letter topic and the send's outcome. */
    private record Sent(long offset, Future<RecordMetadata> ack) {
    }

    private List<Sent> send(KafkaConsumer<byte[], byte[]> consumer, KafkaProducer<byte[], byte[]> producer,
            DeadLetterQueue queue, TopicPartition partition, long start, long end) {
        List<Sent> sent = new ArrayList<>();
        if (start >= end) {
            return sent;
        }
        consumer.assign(List.of(partition));
        consumer.seek(partition, start);
        long next = start;
        long deadline = System.nanoTime() + kafka.timeout().toNanos();
        while (next < end) {
            List<ConsumerRecord<byte[], byte[]>> polled = consumer.poll(POLL).records(partition);
            if (polled.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw DeadLetterKafka.unavailable(new org.apache.kafka.common.errors.TimeoutException(
                            "no records of " + partition + " between " + next + " and " + end));
                }
                next = Math.max(next, consumer.position(partition));
                continue;
            }
            deadline = System.nanoTime() + kafka.timeout().toNanos();
            for (ConsumerRecord<byte[], byte[]> record : polled) {
                if (record.offset() >= end) {
                    break;
                }
                String destination = queue.destination(DeadLetter.header(record, KafkaDeadLetterQueue.DEAD_LETTER_TOPIC));
                sent.add(new Sent(record.offset(), producer.send(new ProducerRecord<>(destination, null, record.key(),
                        record.value(), withoutDeadLetterHeaders(record)))));
                next = record.offset() + 1;
            }
        }
        return sent;
    }

    static RecordHeaders withoutDeadLetterHeaders(ConsumerRecord<byte[], byte[]> record) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DEAD_LETTER_HEADER_PREFIX)) {
                headers.add(header);
            }
        }
        return headers;
    }

    /**
     * Waits for the acks in order and commits, per partition, the position after the last record that was
     * acknowledged with all before it. A failed or missing ack stops there: those records are sent again next time.
     */
    private RedriveSummary acknowledgeAndCommit(DeadLetterQueue queue, KafkaConsumer<byte[], byte[]> consumer,
            Map<TopicPartition, List<Sent>> sent, Map<TopicPartition, Long> from) {
        Map<TopicPartition, OffsetAndMetadata> positions = new LinkedHashMap<>();
        List<RedriveSummary.PartitionRedrive> summary = new ArrayList<>();
        Exception failure = null;
        int total = 0;
        long deadline = System.nanoTime() + kafka.timeout().toNanos() * 2;
        for (Map.Entry<TopicPartition, List<Sent>> entry : sent.entrySet()) {
            long position = from.get(entry.getKey());
            int acknowledged = 0;
            for (Sent one : entry.getValue()) {
                if (failure != null) {
                    break;
                }
                try {
                    one.ack().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    position = one.offset() + 1;
                    acknowledged++;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failure = e;
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    failure = e;
                }
            }
            if (acknowledged > 0) {
                positions.put(entry.getKey(), new OffsetAndMetadata(position));
            }
            total += acknowledged;
            summary.add(new RedriveSummary.PartitionRedrive(entry.getKey().partition(), from.get(entry.getKey()), position,
                    acknowledged));
        }
        if (!positions.isEmpty()) {
            consumer.commitSync(positions, kafka.timeout());
        }
        if (failure != null) {
            LOG.warnf("Redrive of %s stopped after %d acknowledged records: %s", queue.topic(), total, failure.toString());
            throw DeadLetterKafka.unavailable(failure);
        }
        LOG.infof("Redrove %d records of %s", total, queue.topic());
        return new RedriveSummary(queue.topic(), total, summary);
    }
}
