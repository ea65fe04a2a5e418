package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.nurture.Fixtures.awaitSegments;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.contracts.ErasureRequestMessage;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
    AgroalDataSource database;

    private static ConsumerTask<String, String> confirmations;

    @BeforeAll
    static void follow() {
        confirmations = Fixtures.follow(Topics.ERASURE_CONFIRMATIONS);
    }

    @AfterAll
    static void stop() {
        confirmations.close();
    }

    @Test
    void anAccountsMembershipsAreDeletedAndConfirmedOnceThoughTheRequestComesTwice() throws SQLException {
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
        // A second confirmation of the repeat would come with or soon after these: none may show up for 2 s.
        await("no more confirmations of " + account).during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> confirmationsOf(account), equalTo(confirmed));
        assertThat(confirmed).filteredOn(c -> c.requestId().equals(request.requestId())).singleElement().satisfies(c -> {
            assertThat(c.service()).isEqualTo("nurture-service");
            assertThat(c.erased()).containsEntry("segmentMemberships", 2L).containsKeys("enrollments", "outcomes",
                    "accountSignals", "eligibilityDecisions", "webhookMessages");
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
    void segmentationsConfirmationErasesWhatItsLateChangesBroughtBack() {
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
        await("memberships after segmentation's confirmation").atMost(Duration.ofSeconds(20))
                .until(() -> count(memberships), equalTo(0L));
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

    private static void publish(String topic, String key, Object message) {
        Fixtures.produce(topic, key, message);
    }

    private long count(String query) throws SQLException {
        try (var connection = database.getConnection(); var result = connection.createStatement().executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** Waits until the account's confirmations on erasure-confirmations satisfy {@code until}; returns them. */
    private static List<ErasureConfirmationMessage> awaitConfirmations(String account,
            Predicate<List<ErasureConfirmationMessage>> until) {
        return await("erasure confirmations of " + account).atMost(Duration.ofSeconds(30))
                .until(() -> confirmationsOf(account), until);
    }

    private static List<ErasureConfirmationMessage> confirmationsOf(String account) throws Exception {
        List<ErasureConfirmationMessage> found = new ArrayList<>();
        for (ConsumerRecord<String, String> record : confirmations.getRecords()) {
            if (account.equals(record.key())) {
                found.add(Fixtures.JSON.readValue(record.value(), ErasureConfirmationMessage.class));
            }
        }
        return found;
    }
}
