package io.retentionplatform.scoring;

import static io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion.record;

/** Sends raw records to a topic with the Kafka companion, as another service (or a broken one) would. */
public final class KafkaSend {

    private KafkaSend() {
    }

    /** Returns once the broker acknowledged the record. */
    public static void send(String topic, String key, String value) {
        TopicProbe.kafka().produceStrings().fromRecords(record(topic, key, value)).awaitCompletion();
    }
}
