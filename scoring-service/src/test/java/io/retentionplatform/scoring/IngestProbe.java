package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.retentionplatform.contracts.Topics;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.eclipse.microprofile.config.ConfigProvider;

/** Where an ingested event shows up: its record on {@code engagement-events}, and the account's stored events. */
public final class IngestProbe {

    private IngestProbe() {
    }

    /** The record of {@code eventId}, keyed by {@code account}, read through the Kafka companion. */
    public static ConsumerRecord<String, String> published(String account, String eventId) {
        List<ConsumerRecord<String, String>> records = publishedUntil(account, eventId);
        return records.get(records.size() - 1);
    }

    /** The records keyed by {@code account}, in order, up to and including the one of {@code eventId}. */
    public static List<ConsumerRecord<String, String>> publishedUntil(String account, String eventId) {
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (KafkaCompanion companion = new KafkaCompanion(bootstrap)) {
            ConsumerTask<String, String> records = companion.consumeStrings().withOffsetReset(OffsetResetStrategy.EARLIEST)
                    .fromTopics(Set.of(Topics.ENGAGEMENT_EVENTS), all -> all.filter(r -> account.equals(r.key())));
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> records.getRecords().stream().anyMatch(r -> r.value().contains(eventId)));
                List<ConsumerRecord<String, String>> all = records.getRecords();
                int last = 0;
                while (!all.get(last).value().contains(eventId)) {
                    last++;
                }
                return List.copyOf(all.subList(0, last + 1));
            } finally {
                records.stop();
            }
        }
    }

    /** The account's stored events (newest first) once there are at least {@code count}. */
    public static List<Map<String, Object>> stored(String account, int count) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> storedNow(account), events -> events.size() >= count);
    }

    /**
     * The account's stored events once there are {@code count} and no more arrive for half a second: a duplicate
     * stored twice would show.
     */
    public static List<Map<String, Object>> storedExactly(String account, int count) {
        stored(account, count);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> storedNow(account).size(), size -> size == count);
        return storedNow(account);
    }

    public static List<Map<String, Object>> storedNow(String account) {
        return given().when().get("/accounts/{id}/events", account).then().statusCode(200).extract().jsonPath().getList("$");
    }
}
