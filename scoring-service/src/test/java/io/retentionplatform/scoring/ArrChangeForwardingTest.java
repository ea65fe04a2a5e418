package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.scoring.EventIngestionTest.postEvent;
import static io.retentionplatform.scoring.HealthScoringTest.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.contracts.ArrChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.support.testing.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Commercial events forwarded to segmentation on arr-changes, over the real broker and MongoDB wire server. */
@QuarkusTest
class ArrChangeForwardingTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @Inject
    ObjectMapper json;

    @Test
    void anArrChangeIsForwardedKeyedByAccountWithTheEventIdAsMessageId() {
        String account = "acct-" + UUID.randomUUID();
        String eventId = id();
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        postEvent(eventId, account, "commercial.arr_change", at,
                Map.of("kind", "expansion", "amount", 1250.10, "currency", "USD")).then().statusCode(202);

        List<ConsumerRecord<String, String>> records = forwarded(account, eventId);
        ConsumerRecord<String, String> record = records.get(records.size() - 1);
        ArrChangeMessage change = read(record.value());

        assertThat(record.key()).isEqualTo(account);
        assertThat(change.schemaVersion()).isEqualTo(ArrChangeMessage.SCHEMA_VERSION);
        assertThat(change.accountId()).isEqualTo(account);
        assertThat(change.kind()).isEqualTo("expansion");
        assertThat(change.amount()).isEqualByComparingTo("1250.10");
        assertThat(change.currency()).isEqualTo("USD");
        assertThat(change.effectiveAt()).isEqualTo(at);
        assertThat(change.receivedAt()).isAfter(at);
        assertThat(change.renewalDate()).isNull();
    }

    @Test
    void aRenewalIsForwardedAsKindRenewalWithItsDateAndNoAmount() {
        String account = "acct-" + UUID.randomUUID();
        String eventId = id();
        postEvent(eventId, account, "commercial.renewal", Instant.now(), Map.of("renewalDate", "2027-03-31"))
                .then().statusCode(202);

        List<ConsumerRecord<String, String>> records = forwarded(account, eventId);
        ArrChangeMessage change = read(records.get(records.size() - 1).value());

        assertThat(change.kind()).isEqualTo("renewal");
        assertThat(change.amount()).isNull();
        assertThat(change.currency()).isNull();
        assertThat(change.renewalDate()).isEqualTo(LocalDate.of(2027, 3, 31));
    }

    @Test
    void theSameEventTwiceIsStoredOnceAndForwardedEachTimeUnderItsOwnId() {
        String account = "acct-" + UUID.randomUUID();
        String eventId = id();
        Instant at = Instant.now().minus(2, ChronoUnit.HOURS);
        Map<String, Object> churn = Map.of("kind", "churn", "amount", 48000);
        postEvent(eventId, account, "commercial.arr_change", at, churn).then().statusCode(202);
        postEvent(eventId, account, "commercial.arr_change", at, churn).then().statusCode(202);
        // A later event of the same account (same partition): once it is forwarded, the duplicate was processed.
        String laterId = id();
        postEvent(laterId, account, "commercial.arr_change", Instant.now(), Map.of("kind", "reactivation", "amount", 100))
                .then().statusCode(202);

        List<ArrChangeMessage> forAccount = forwarded(account, laterId).stream()
                .filter(r -> account.equals(r.key())).map(r -> read(r.value())).toList();

        assertThat(forAccount).extracting(ArrChangeMessage::messageId).contains(eventId).containsOnly(eventId, laterId);
        // Forwarded on the second delivery too (a first one may have died before its send), under the same id.
        assertThat(forAccount).filteredOn(m -> m.messageId().equals(eventId)).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(m -> assertThat(m.amount()).isEqualByComparingTo("48000"))
                .extracting(ArrChangeMessage::kind).containsOnly("churn");
        List<String> stored = given().when().get("/accounts/{id}/events", account).then().statusCode(200)
                .extract().jsonPath().getList("id");
        assertThat(stored).containsExactly(laterId, eventId);
    }

    @Test
    void anArrChangeWithAnUnreadableCurrencyIsRefusedNamingTheAttribute() {
        postEvent(id(), "acct-" + UUID.randomUUID(), "commercial.arr_change", Instant.now(),
                Map.of("kind", "new", "amount", 100, "currency", "euro"))
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", hasItem("attributes.currency"));
    }

    @Test
    void aCommercialEventThatCannotBeForwardedIsDeadLetteredBeforeItIsStored() {
        String account = "acct-" + UUID.randomUUID();
        KafkaSend.send(Topics.ENGAGEMENT_EVENTS, account, "{\"schemaVersion\":1,\"eventId\":\"" + id() + "\",\"accountId\":\""
                + account + "\",\"type\":\"commercial.arr_change\",\"occurredAt\":\"2026-11-01T00:00:00Z\","
                + "\"attributes\":{\"kind\":\"upsell\",\"amount\":5}}");

        List<ConsumerRecord<String, String>> dead = TopicProbe.readUntil(Topics.ENGAGEMENT_EVENTS_DLQ,
                r -> account.equals(r.key()), Duration.ofSeconds(30));

        assertThat(new String(dead.get(dead.size() - 1).headers().lastHeader("dead-letter-reason").value()))
                .contains("attributes.kind");
        assertThat(given().when().get("/accounts/{id}/events", account).then().statusCode(200)
                .extract().jsonPath().getList("id")).isEmpty();
    }

    /** Records of arr-changes read until the one of {@code account} with {@code messageId}. */
    private List<ConsumerRecord<String, String>> forwarded(String account, String messageId) {
        return TopicProbe.readUntil(Topics.ARR_CHANGES,
                r -> account.equals(r.key()) && messageId.equals(read(r.value()).messageId()), Duration.ofSeconds(30));
    }

    private ArrChangeMessage read(String value) {
        try {
            return json.readValue(value, ArrChangeMessage.class);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable ARR change: " + value, e);
        }
    }
}
