package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.nurture.schedule.StepScheduler;
import io.retentionplatform.nurture.support.Sql;
import io.smallrye.mutiny.Uni;

/** What the cadence tests share: cadences over REST, messages on the broker, the scheduler run on demand. */
final class NurtureTesting {

    private NurtureTesting() {
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Creates a cadence triggered by {@code trigger} with the given steps ({channel, content, wait}). */
    static void cadence(String id, String trigger, List<List<String>> steps, List<String> exitOn, double holdout) {
        given().contentType("application/json")
                .body(Map.of("name", "Test " + id, "trigger", trigger,
                        "steps", steps.stream().map(s -> Map.of("channel", s.get(0), "content", s.get(1), "wait", s.get(2))).toList(),
                        "exitOn", exitOn, "holdoutShare", holdout, "reengagementDays", 30))
                .put("/cadences/{id}", id).then().statusCode(201);
    }

    static void segmentChange(String account, String segment, boolean member, long version, Instant at) {
        segmentChange(account, segment, member, version, at, null);
    }

    /** {@code to}: for a quadrant left, the quadrant the account moved to. */
    static void segmentChange(String account, String segment, boolean member, long version, Instant at, String to) {
        Fixtures.produce(Topics.SEGMENT_CHANGES, account, new SegmentChangeMessage(SegmentChangeMessage.SCHEMA_VERSION,
                UUID.randomUUID().toString(), account, segment, member, version, at, segment.startsWith("quadrant:") ? "quadrant" : "rule",
                null, to, "test", null, null));
    }

    static void health(String account, long version, int score, Instant inboundContactAt, Instant at) {
        health(account, version, score, inboundContactAt, at, 4, 8, false);
    }

    static void health(String account, long version, int score, Instant inboundContactAt, Instant at, int featuresUsed, int featureTarget,
            boolean premiumUnused) {
        HealthScoreMessage.Signals signals = new HealthScoreMessage.Signals(10, 10, featuresUsed, featureTarget, inboundContactAt == null ? 0 : 1, 0, 0, 0,
                0, 0, null, null, inboundContactAt, inboundContactAt, inboundContactAt);
        Fixtures.produce(Topics.HEALTH_SCORES, account, new HealthScoreMessage(HealthScoreMessage.SCHEMA_VERSION,
                UUID.randomUUID().toString(), account, version, score, "watch", 50, 50, 50, at, null, null, null, null, null, "flat",
                "test", List.of(), false, premiumUnused, null, 1L, signals, null));
    }

    static JsonPath enrollments(String account) {
        return given().get("/accounts/{id}/enrollments", account).then().statusCode(200).extract().jsonPath();
    }

    static int runDue(StepScheduler scheduler) {
        return await(scheduler::runDue);
    }

    static long count(String sql, Object... parameters) {
        return await(() -> Panache.withSession(() -> Panache.getSession().chain(session -> Sql.rows(session,
                "SELECT count(*), 0 FROM (" + sql + ") AS q", parameters)))).stream().findFirst()
                .map(r -> ((Number) r[0]).longValue()).orElse(0L);
    }

    static <T> T await(java.util.function.Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
