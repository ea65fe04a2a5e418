package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;
import static io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion.record;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the nurture tests share: messages on the real broker with the Kafka companion, memberships read over REST. */
final class Fixtures {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static KafkaCompanion companion;

    private Fixtures() {
    }

    static synchronized KafkaCompanion kafka() {
        if (companion == null) {
            companion = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return companion;
    }

    /** Sends {@code message} as JSON keyed by {@code key}; returns once the broker acknowledged it. */
    static void produce(String topic, String key, Object message) {
        try {
            kafka().produceStrings().fromRecords(record(topic, key, JSON.writeValueAsString(message))).awaitCompletion();
        } catch (Exception e) {
            throw new IllegalStateException("Could not send to " + topic, e);
        }
    }

    /** Reads {@code topic} from its beginning until closed. */
    static ConsumerTask<String, String> follow(String topic) {
        return kafka().consumeStrings().fromTopics(topic);
    }

    /**
     * Waits until GET /accounts/{id}/segments lists exactly {@code expected}, in that order. Up to a minute: the
     * first test of a run may queue behind every segment change the suite's earlier modules published.
     */
    static void awaitSegments(String account, List<String> expected) {
        await("segments of " + account + " to be " + expected).atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().when().get("/accounts/{id}/segments", account)
                        .then().statusCode(200).body("segment", contains(expected.toArray())));
    }
}
