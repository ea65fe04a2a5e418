package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.contracts.ErasureRequestMessage;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.support.testing.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Erasure requests on the real broker against the real PostgreSQL: the account's memberships go, its marker stays,
 * exactly one confirmation is published though the request comes twice, and a segment change decided before the
 * erasure does not bring the account back.
 */
@QuarkusTest
class ErasureConsumptionTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }


    private static final String SILENT = "quadrant:silent_satisfieds";
    private static final String AUDIT = "audit:silent_90_days";

    @Inject
    ObjectMapper json;

    @Inject
    AgroalDataSource database;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private KafkaProducer<String, String> producer;

    @BeforeEach
    void openProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void anAccountsMembershipsAreDeletedAndConfirmedOnceThoughTheRequestComesTwice() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        String other = "acct-" + UUID.randomUUID();
        publish(Topics.SEGMENT_CHANGES, account, change(account, SILENT, 1, Instant.now()));
        publish(Topics.SEGMENT_CHANGES, account, change(account, AUDIT, 1, Instant.now()));
        publish(Topics.SEGMENT_CHANGES, other, change(other, SILENT, 1, Instant.now()));
        awaitSegments(account, List.of(AUDIT, SILENT));
        awaitSegments(other, List.of(SILENT));
        Instant beforeErasure = Instant.now();

        ErasureRequestMessage request = request(account, null);
        publish(Topics.ERASURE_REQUESTS, account, request);
        publish(Topics.ERASURE_REQUESTS, account, request);
        // A later request of the same account (same partition): once it is confirmed, the repeat was consumed too.
        ErasureRequestMessage later = request(account, "u-7");
        publish(Topics.ERASURE_REQUESTS, account, later);

        List<ErasureConfirmationMessage> confirmed = awaitConfirmations(account, list -> list.stream()
                .anyMatch(c -> c.requestId().equals(later.requestId())));
        assertThat(confirmed).filteredOn(c -> c.requestId().equals(request.requestId())).singleElement().satisfies(c -> {
            assertThat(c.service()).isEqualTo("nurture-service");
            assertThat(c.erased()).containsExactly(Map.entry("segmentMemberships", 2L));
            assertThat(c.confirmedAt()).isAfter(beforeErasure);
        });
        assertThat(confirmed).filteredOn(c -> c.requestId().equals(later.requestId())).singleElement()
                .satisfies(c -> assertThat(c.erased()).containsExactly(Map.entry("userReferences", 0L)));
        assertThat(count("SELECT count(*) FROM segment_membership WHERE account_id = '" + account + "'")).isZero();
        assertThat(count("SELECT count(*) FROM erased_account WHERE account_id = '" + account + "'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM erasure_request WHERE request_id = '" + request.requestId()
                + "' AND confirmed_at IS NOT NULL")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM segment_membership WHERE account_id = '" + other + "'")).isEqualTo(1);
        given().get("/accounts/{id}/segments", account).then().statusCode(200).body("$", empty());

        // A change decided before the erasure, arriving after it, is dropped; one decided after it is new data.
        publish(Topics.SEGMENT_CHANGES, account, change(account, SILENT, 2, beforeErasure));
        publish(Topics.SEGMENT_CHANGES, account, change(account, AUDIT, 3, Instant.now()));
        awaitSegments(account, List.of(AUDIT));
    }

    @Test
    void segmentationsConfirmationErasesWhatItsLateChangesBroughtBack() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        publish(Topics.SEGMENT_CHANGES, account, change(account, SILENT, 1, Instant.now()));
        awaitSegments(account, List.of(SILENT));
        ErasureRequestMessage request = request(account, null);
        publish(Topics.ERASURE_REQUESTS, account, request);
        awaitConfirmations(account, list -> list.stream().anyMatch(c -> c.requestId().equals(request.requestId())));

        // segmentation-service has not erased yet: a change it decides now brings the membership back here ...
        publish(Topics.SEGMENT_CHANGES, account, change(account, AUDIT, 2, Instant.now()));
        awaitSegments(account, List.of(AUDIT));
        // ... until its confirmation: erased again, and what it decided before its erasure stays out.
        Instant segmentationErased = Instant.now();
        publish(Topics.ERASURE_CONFIRMATIONS, account, new ErasureConfirmationMessage(ErasureConfirmationMessage.SCHEMA_VERSION,
                request.requestId(), "segmentation-service", account, segmentationErased, Map.of("accounts", 1L)));
        String memberships = "SELECT count(*) FROM segment_membership WHERE account_id = '" + account + "'";
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (count(memberships) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(count(memberships)).as("memberships after segmentation's confirmation").isZero();
        publish(Topics.SEGMENT_CHANGES, account, change(account, SILENT, 3, segmentationErased.minusMillis(50)));
        publish(Topics.SEGMENT_CHANGES, account, change(account, AUDIT, 4, Instant.now().plusSeconds(1)));
        awaitSegments(account, List.of(AUDIT));
    }

    private static ErasureRequestMessage request(String account, String userId) {
        return new ErasureRequestMessage(ErasureRequestMessage.SCHEMA_VERSION, "er-" + UUID.randomUUID(), account, userId,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "test");
    }

    private static SegmentChangeMessage change(String account, String segment, long version, Instant changedAt) {
        return SegmentChangeMessage.membership("m-" + UUID.randomUUID(), account, segment, true, version, changedAt);
    }

    private void publish(String topic, String key, Object message) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, json.writeValueAsString(message))).get();
    }

    private long count(String query) throws SQLException {
        try (var connection = database.getConnection(); var result = connection.createStatement().executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The account's confirmations on erasure-confirmations, read from the beginning until {@code until} holds. */
    private List<ErasureConfirmationMessage> awaitConfirmations(String account,
            java.util.function.Predicate<List<ErasureConfirmationMessage>> until) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ErasureConfirmationMessage> found = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                partitions = consumer.partitionsFor(Topics.ERASURE_CONFIRMATIONS, Duration.ofSeconds(10)).stream()
                        .map(info -> new TopicPartition(Topics.ERASURE_CONFIRMATIONS, info.partition())).toList();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (account.equals(record.key())) {
                        found.add(json.readValue(record.value(), ErasureConfirmationMessage.class));
                    }
                }
                if (quietUntil == Long.MAX_VALUE && until.test(found)) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos(); // anything more must show up too
                }
            }
        }
        if (!until.test(found)) {
            throw new AssertionError("No matching confirmations for " + account + " within 30 s; found " + found);
        }
        return found;
    }

    private static void awaitSegments(String account, List<String> expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        AssertionError last = null;
        while (System.nanoTime() < deadline) {
            try {
                given().when().get("/accounts/{id}/segments", account)
                        .then().statusCode(200).body("segment", contains(expected.toArray()));
                return;
            } catch (AssertionError e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        throw last;
    }
}
