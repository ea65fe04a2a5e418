package io.retentionplatform.segmentation;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the segmentation tests share: publishing scores on the real broker, reading what the service published. */
public final class Fixtures {

    public static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static KafkaCompanion companion;

    private Fixtures() {
    }

    public static synchronized KafkaCompanion kafka() {
        if (companion == null) {
            companion = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        }
        return companion;
    }

    public static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A health score with the signals the quadrant reads: usage (adoption) and human contacts over 90 days. */
    public static HealthScoreMessage score(String account, long version, int adoption, int inbound90, int outbound90,
            Instant lastHumanContact, boolean satisfactionTrap) {
        return score(account, version, 60, adoption, inbound90, outbound90, lastHumanContact, satisfactionTrap);
    }

    public static HealthScoreMessage score(String account, long version, int health, int adoption, int inbound90,
            int outbound90, Instant lastHumanContact, boolean satisfactionTrap) {
        Instant now = Instant.now();
        String band = health >= 70 ? "healthy" : health >= 40 ? "watch" : "at_risk";
        return new HealthScoreMessage(HealthScoreMessage.SCHEMA_VERSION, "m-" + UUID.randomUUID(), account, version,
                health, band, adoption, 80, 50, now, null, 40, 45, 0, -3, "flat", "test score", List.of(), satisfactionTrap,
                false, lastHumanContact == null ? null : (int) Duration.between(lastHumanContact, now).toDays(), 1L,
                new HealthScoreMessage.Signals(12, 15, 3, 6, inbound90, outbound90, 0, 1, 0, 0, satisfactionTrap ? 8 : null,
                        null, lastHumanContact, inbound90 > 0 ? lastHumanContact : null, inbound90 > 0 ? lastHumanContact : null), null);
    }

    public static void publish(HealthScoreMessage message) {
        produce(Topics.HEALTH_SCORES, message.accountId(), message);
    }

    /** Sends {@code message} (JSON unless already a string) keyed by {@code key}; returns where the broker put it. */
    public static RecordMetadata produce(String topic, String key, Object message) {
        return produce(new ProducerRecord<>(topic, key, text(message)));
    }

    /** As {@link #produce(String, String, Object)}, onto the given partition whatever the key. */
    public static RecordMetadata produce(String topic, int partition, String key, Object message) {
        return produce(new ProducerRecord<>(topic, partition, key, text(message)));
    }

    private static RecordMetadata produce(ProducerRecord<String, String> record) {
        return kafka().produceStrings().fromRecords(record).awaitCompletion().getLastRecord();
    }

    private static String text(Object message) {
        try {
            return message instanceof String s ? s : JSON.writeValueAsString(message);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until GET /accounts/{id} answers 200 and the predicate holds; returns the body. */
    public static JsonPath awaitAccount(String account, Predicate<JsonPath> condition) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Response response = given().when().get("/accounts/{id}", account);
            if (response.statusCode() != 200) {
                return false;
            }
            last[0] = response.jsonPath();
            return condition.test(last[0]);
        });
        return last[0];
    }

    /** Starts reading a topic from its beginning; read the account's messages with {@link #messagesOf}. */
    public static ConsumerTask<String, String> follow(String topic) {
        return kafka().consumeStrings().fromTopics(topic);
    }

    public static <T> List<T> messagesOf(ConsumerTask<String, String> task, String account, Class<T> type) {
        List<T> found = new ArrayList<>();
        for (ConsumerRecord<String, String> record : task.getRecords()) {
            if (account.equals(record.key())) {
                try {
                    found.add(JSON.readValue(record.value(), type));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return found;
    }

    /** Waits until the account's segment changes on the topic satisfy the predicate; returns them. */
    public static List<SegmentChangeMessage> awaitSegmentChanges(ConsumerTask<String, String> task, String account,
            Predicate<List<SegmentChangeMessage>> condition) {
        List<List<SegmentChangeMessage>> last = new ArrayList<>(List.of(List.of()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last.set(0, messagesOf(task, account, SegmentChangeMessage.class));
            return condition.test(last.get(0));
        });
        return last.get(0);
    }

    public static Map<String, Object> crmAccount(String name, String industry, String tier, double arr) {
        return Map.of("name", name, "industry", industry, "planTier", tier, "arr", arr, "currency", "EUR",
                "contractStart", "2025-01-01", "renewalDate", "2027-01-01", "owner", "sanne");
    }
}
