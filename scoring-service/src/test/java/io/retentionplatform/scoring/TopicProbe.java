package io.retentionplatform.scoring;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;

/** Reads a topic from its beginning with the Kafka companion, independent of the service under test. */
public final class TopicProbe {

    private static KafkaCompanion companion;

    private TopicProbe() {
    }

    /** The companion on the test run's broker (the service's own {@code kafka.bootstrap.servers}). */
    static synchronized KafkaCompanion kafka() {
        if (companion == null) {
            companion = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return companion;
    }

    /**
     * The records of {@code topic} from its beginning up to the first that matches {@code until} (the last element);
     * fails once {@code timeout} passed without one.
     */
    public static List<ConsumerRecord<String, String>> readUntil(String topic, Predicate<ConsumerRecord<String, String>> until,
            Duration timeout) {
        try (ConsumerTask<String, String> records = kafka().consumeStrings().fromTopics(topic)) {
            int match = await("a matching record on " + topic).atMost(timeout)
                    .until(() -> firstMatch(records.getRecords(), until), index -> index >= 0);
            return List.copyOf(records.getRecords().subList(0, match + 1));
        }
    }

    private static int firstMatch(List<ConsumerRecord<String, String>> records, Predicate<ConsumerRecord<String, String>> until) {
        for (int i = 0; i < records.size(); i++) {
            if (until.test(records.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
