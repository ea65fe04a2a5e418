package io.retentionplatform.scoring.deadletter;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.common.annotation.Identifier;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plain Kafka clients for the dead-letter topics, made from the service's own Kafka configuration (every
 * {@code kafka.*} property: the bootstrap servers and, in production, TLS and credentials) with short timeouts, so
 * that an unreachable cluster is reported within seconds. Keys and values stay bytes: a redrive sends them back
 * exactly as they were.
 */
@ApplicationScoped
public class DeadLetterKafka {

    /** The consumer group whose committed offsets are each dead-letter topic's redrive position. */
    public static final String REDRIVE_GROUP = "scoring-service-redrive";

    private final Map<String, Object> kafka;
    private final Duration timeout;

    public DeadLetterKafka(@Identifier("default-kafka-broker") Map<String, Object> kafka, DeadLetterSettings settings) {
        this.kafka = kafka;
        this.timeout = settings.kafkaTimeout();
    }

    public Duration timeout() {
        return timeout;
    }

    /** A consumer in no group: it reads by assignment and commits nothing. */
    KafkaConsumer<byte[], byte[]> reader() {
        return new KafkaConsumer<>(consumerConfig(null));
    }

    /** A consumer of the redrive group, only ever used to read and commit the group's offsets of assigned partitions. */
    KafkaConsumer<byte[], byte[]> redriveReader() {
        return new KafkaConsumer<>(consumerConfig(REDRIVE_GROUP));
    }

    KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = common();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis(timeout));
        // delivery.timeout.ms must cover linger.ms + request.timeout.ms.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis(timeout) * 2);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "scoring-service-redrive-producer");
        return new KafkaProducer<>(config);
    }

    /** The redrive group's committed offsets of a topic's partitions (absent: never redriven). */
    Map<TopicPartition, OffsetAndMetadata> redrivePositions(Set<TopicPartition> partitions) {
        Map<String, Object> config = common();
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(timeout));
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(REDRIVE_GROUP)
                    .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> ofTopic = new HashMap<>();
            committed.forEach((partition, offset) -> {
                if (partitions.contains(partition) && offset != null) {
                    ofTopic.put(partition, offset);
                }
            });
            return ofTopic;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException | KafkaException e) {
            throw unavailable(e);
        }
    }

    /** The partitions of a topic, none when it does not exist yet. */
    static List<TopicPartition> partitionsOf(KafkaConsumer<?, ?> consumer, String topic, Duration timeout) {
        var infos = consumer.partitionsFor(topic, timeout);
        return infos == null ? List.of() : infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                .toList();
    }

    static KafkaUnavailableException unavailable(Throwable cause) {
        return new KafkaUnavailableException("Kafka did not answer in time: " + cause.getMessage(), cause);
    }

    private Map<String, Object> consumerConfig(String group) {
        Map<String, Object> config = common();
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis(timeout));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, group == null ? "scoring-service-dead-letter-reader" : "scoring-service-redrive-reader");
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        } else {
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        }
        return config;
    }

    private Map<String, Object> common() {
        Map<String, Object> config = new HashMap<>(kafka);
        // Quarkus' own key for the TLS registry, not a Kafka client setting.
        config.remove("tls-configuration-name");
        config.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, millis(timeout));
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, Math.min(millis(timeout), 10_000));
        config.put(CommonClientConfigs.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, Math.min(millis(timeout), 10_000));
        return config;
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
