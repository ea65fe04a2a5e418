package io.retentionplatform.segmentation.erasure;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.segmentation.Fixtures.awaitAccount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.contracts.ArrChangeMessage;
import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.contracts.ErasureRequestMessage;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.segmentation.Fixtures;
import io.retentionplatform.segmentation.outbox.OutboxRelay;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure requests on the real broker against the real PostgreSQL: the account's rows go, its marker stays, the
 * confirmation is published through the outbox exactly once even when the request is delivered twice, and a health
 * score computed before the erasure does not bring the account back.
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


    @Inject
    AgroalDataSource database;

    @Inject
    OutboxRelay relay;

    private static ConsumerTask<String, String> confirmations;

    @BeforeAll
    static void follow() {
        confirmations = Fixtures.follow(Topics.ERASURE_CONFIRMATIONS);
    }

    @AfterAll
    static void stop() {
        confirmations.close();
    }

    @AfterEach
    void resumeRelay() {
        relay.pause(false);
    }

    @Test
    void aWholeAccountIsDeletedAndConfirmedOnceThoughTheRequestComesTwice() throws Exception {
        String account = Fixtures.id("erase");
        String other = Fixtures.id("keep");
        for (String id : List.of(account, other)) {
            given().contentType("application/json").body(Fixtures.crmAccount("Erase Me BV", "saas", "premium", 50_000))
                    .put("/accounts/{id}", id).then().statusCode(201);
            Fixtures.publish(Fixtures.score(id, 1, 80, 0, 0, null, false));
            awaitAccount(id, b -> "silent_satisfieds".equals(b.getString("quadrant.current")));
        }
        String pilot = "p-" + UUID.randomUUID().toString().substring(0, 8);
        sql("INSERT INTO audit_pilot VALUES ('" + pilot + "', now(), 90, 0.2, 30, 2, 100000, 2, 100000, 'test')");
        for (String id : List.of(account, other)) {
            sql("INSERT INTO audit_pilot_member (pilot_id, account_id, rank, arr, owner) VALUES ('" + pilot + "', '" + id
                    + "', 1, 50000, 'sanne')");
        }
        String importId = "imp-" + UUID.randomUUID();
        sql("INSERT INTO account_import (import_id, state, file_sha256, errors_json, started_at) VALUES ('" + importId
                + "', 'done', 'x', '[{\"line\":4,\"column\":\"Account ID\",\"field\":\"id\",\"message\":\"account " + account
                + " appears before, on line 2\"},{\"line\":5,\"column\":\"ARR\",\"field\":\"arr\",\"message\":\"''x'' is not a number\"}]', now())");
        assertThat(count("account", account)).isEqualTo(1);
        assertThat(count("arr_movement", account)).isPositive();
        assertThat(count("segment_membership", account)).isPositive();

        // An unsent message of the account in the outbox: it must not publish the account's data after the erasure.
        relay.pause(true);
        sql("INSERT INTO outbox_message (message_id, topic, message_key, payload, created_at) VALUES ('" + UUID.randomUUID()
                + "', 'segment-changes', '" + account + "', '{}', now())");
        Instant beforeErasure = Instant.now();
        ErasureRequestMessage request = request(account, null);
        Fixtures.produce(Topics.ERASURE_REQUESTS, account, request);
        Fixtures.produce(Topics.ERASURE_REQUESTS, account, request);
        await().atMost(Duration.ofSeconds(30)).until(() -> count("erasure_request", "request_id", request.requestId()) == 1);

        assertThat(count("account", account)).isZero();
        assertThat(count("arr_movement", account)).isZero();
        assertThat(count("segment_membership", account)).isZero();
        assertThat(count("audit_pilot_member", account)).isZero();
        assertThat(count("erased_account", account)).isEqualTo(1);
        assertThat(scalar("SELECT count(*) FROM outbox_message WHERE message_key = '" + account + "' AND topic <> '"
                + Topics.ERASURE_CONFIRMATIONS + "'")).isZero();
        String errors = text("SELECT errors_json FROM account_import WHERE import_id = '" + importId + "'");
        assertThat(errors).doesNotContain(account).contains("is not a number");
        // Nothing of the other account was touched.
        assertThat(count("account", other)).isEqualTo(1);
        assertThat(count("audit_pilot_member", other)).isEqualTo(1);

        relay.pause(false);
        // A later request of the same account (same partition): once it is confirmed, the repeat was consumed too.
        ErasureRequestMessage later = request(account, "u-1");
        Fixtures.produce(Topics.ERASURE_REQUESTS, account, later);
        await().atMost(Duration.ofSeconds(30)).until(() -> confirmationsOf(later.requestId()).size() == 1);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
                .until(() -> confirmationsOf(request.requestId()).size() == 1);

        ErasureConfirmationMessage confirmation = confirmationsOf(request.requestId()).get(0);
        assertThat(confirmation.service()).isEqualTo("segmentation-service");
        assertThat(confirmation.accountId()).isEqualTo(account);
        assertThat(confirmation.confirmedAt()).isAfter(beforeErasure);
        assertThat(confirmation.erased()).containsEntry("accounts", 1L).containsEntry("auditPilotMembers", 1L)
                .containsEntry("importReports", 1L);
        assertThat(confirmation.erased().get("arrMovements")).isPositive();
        assertThat(confirmation.erased().get("segmentMemberships")).isPositive();
        assertThat(confirmation.erased().get("outboxMessages")).isPositive();

        // A score computed, and an ARR change accepted, before the erasure, arriving after it: the account stays gone.
        Fixtures.publish(HealthScoreMessage.basic("m-" + UUID.randomUUID(), account, 7, 55, "watch", 60, 60, 60, beforeErasure));
        String lateArrChange = "evt-" + UUID.randomUUID();
        Fixtures.produce(Topics.ARR_CHANGES, account, new ArrChangeMessage(ArrChangeMessage.SCHEMA_VERSION,
                lateArrChange, account, "expansion", new BigDecimal("1000"), "EUR", beforeErasure, null,
                beforeErasure));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> given().get("/accounts/{id}", account).statusCode() == 404);
        assertThat(count("segment_membership", account)).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> count("processed_message", "message_id", lateArrChange) == 1);
        assertThat(count("arr_movement", account)).isZero();
        assertThat(given().get("/accounts/{id}", account).statusCode()).isEqualTo(404);
        // A score computed after it is new data.
        Fixtures.publish(Fixtures.score(account, 8, 20, 0, 0, null, false));
        awaitAccount(account, b -> b.getInt("health.version") == 8);
    }

    @Test
    void aScoreComputedBeforeScoringErasedIsUndoneWhenScoringConfirms() throws Exception {
        String account = Fixtures.id("erase-race");
        Fixtures.publish(Fixtures.score(account, 1, 80, 0, 0, null, false));
        awaitAccount(account, b -> b.getInt("health.version") == 1);
        ErasureRequestMessage request = request(account, null);
        Fixtures.produce(Topics.ERASURE_REQUESTS, account, request);
        await().atMost(Duration.ofSeconds(30)).until(() -> confirmationsOf(request.requestId()).size() == 1);
        assertThat(count("account", account)).isZero();

        // scoring-service has not erased yet: a score it computes now (from data accepted before the erasure) is
        // newer than this service's erasure and brings the account back.
        Fixtures.publish(Fixtures.score(account, 2, 70, 0, 0, null, false));
        awaitAccount(account, b -> b.getInt("health.version") == 2);
        Instant scoringErased = Instant.now();
        Fixtures.produce(Topics.ERASURE_CONFIRMATIONS, account, new ErasureConfirmationMessage(
                ErasureConfirmationMessage.SCHEMA_VERSION, request.requestId(), "scoring-service", account, scoringErased,
                Map.of("events", 3L, "accountState", 1L)));

        // scoring's confirmation: erased again, with scoring's erasure time as the cut-off, and confirmed again so
        // that nurture-service erases again too.
        await().atMost(Duration.ofSeconds(30)).until(() -> count("account", account) == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> confirmationsOf(request.requestId()).stream()
                .filter(c -> c.service().equals("segmentation-service")).count() == 2);
        assertThat(count("segment_membership", account)).isZero();
        HealthScoreMessage late = Fixtures.score(account, 3, 60, 0, 0, null, false);
        Fixtures.publish(HealthScoreMessage.basic("m-" + UUID.randomUUID(), account, 3, 55, "watch", 60, 60, 60,
                scoringErased.minusMillis(50)));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> count("account", account) == 0);
        // Another service's confirmation changes nothing.
        Fixtures.publish(late);
        awaitAccount(account, b -> b.getInt("health.version") == 3);
        Fixtures.produce(Topics.ERASURE_CONFIRMATIONS, account, new ErasureConfirmationMessage(
                ErasureConfirmationMessage.SCHEMA_VERSION, request.requestId(), "nurture-service", account, Instant.now(),
                Map.of("segmentMemberships", 0L)));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> count("account", account) == 1);
    }

    @Test
    void oneUsersErasureIsConfirmedWithNothingToEraseHere() throws Exception {
        String account = Fixtures.id("erase-user");
        ErasureRequestMessage request = request(account, "u-42");
        Fixtures.produce(Topics.ERASURE_REQUESTS, account, request);

        await().atMost(Duration.ofSeconds(30)).until(() -> confirmationsOf(request.requestId()).size() == 1);
        assertThat(confirmationsOf(request.requestId()).get(0).erased()).containsExactly(Map.entry("userReferences", 0L));
        assertThat(count("erased_account", account)).isZero();
    }

    private static ErasureRequestMessage request(String account, String userId) {
        return new ErasureRequestMessage(ErasureRequestMessage.SCHEMA_VERSION, "er-" + UUID.randomUUID(), account, userId,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), "test");
    }

    private static List<ErasureConfirmationMessage> confirmationsOf(String requestId) {
        return confirmations.getRecords().stream()
                .map(r -> read(r.value()))
                .filter(c -> requestId.equals(c.requestId()))
                .toList();
    }

    private static ErasureConfirmationMessage read(String value) {
        try {
            return Fixtures.JSON.readValue(value, ErasureConfirmationMessage.class);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long count(String table, String account) throws SQLException {
        return count(table, "account_id", account);
    }

    private long count(String table, String column, String value) throws SQLException {
        return scalar("SELECT count(*) FROM " + table + " WHERE " + column + " = '" + value + "'");
    }

    private long scalar(String query) throws SQLException {
        try (var connection = database.getConnection(); var result = connection.createStatement().executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private String text(String query) throws SQLException {
        try (var connection = database.getConnection(); var result = connection.createStatement().executeQuery(query)) {
            result.next();
            return result.getString(1);
        }
    }

    private void sql(String statement) throws SQLException {
        try (var connection = database.getConnection(); var s = connection.createStatement()) {
            s.execute(statement);
        }
    }
}
