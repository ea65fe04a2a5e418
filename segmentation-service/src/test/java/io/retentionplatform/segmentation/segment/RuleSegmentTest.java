package io.retentionplatform.segmentation.segment;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.segmentation.Fixtures.awaitAccount;
import static io.retentionplatform.segmentation.Fixtures.awaitSegmentChanges;
import static io.retentionplatform.segmentation.Fixtures.publish;
import static io.retentionplatform.segmentation.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.segmentation.Fixtures;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A user-defined segment with AND / OR / NOT, evaluated over the portfolio and then kept current as accounts change. */
@QuarkusTest
class RuleSegmentTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private static ConsumerTask<String, String> segmentChanges;

    @BeforeAll
    static void follow() {
        segmentChanges = Fixtures.follow(Topics.SEGMENT_CHANGES);
    }

    @AfterAll
    static void stop() {
        segmentChanges.close();
    }

    @Test
    void aRuleSegmentWithAndOrNotFindsItsMembersAndFollowsTheirChanges() {
        LocalDate today = LocalDate.now();
        String atRisk = account("manufacturing", 50_000, today.plusDays(60));     // matches
        String later = account("manufacturing", 50_000, today.plusDays(300));     // renewal too far
        String saasBig = account("saas", 250_000, today.plusDays(30));           // matches through the OR
        String saasSmall = account("saas", 20_000, today.plusDays(30));          // neither branch
        String advocate = account("manufacturing", 50_000, today.plusDays(60));  // excluded by the NOT
        publish(score(atRisk, 1, 30, 20, 0, 0, null, false));
        publish(score(later, 1, 30, 20, 0, 0, null, false));
        publish(score(saasBig, 1, 30, 20, 0, 0, null, false));
        publish(score(saasSmall, 1, 30, 20, 0, 0, null, false));
        publish(score(advocate, 1, 35, 80, 3, 2, java.time.Instant.now(), false));
        awaitAccount(advocate, b -> "active_advocates".equals(b.getString("quadrant.current")));
        List.of(atRisk, later, saasBig, saasSmall).forEach(id -> awaitAccount(id, b -> b.get("health") != null));

        String segmentId = Fixtures.id("renewal-risk");
        Map<String, Object> rule = Map.of("and", List.of(
                Map.of("or", List.of(
                        Map.of("field", "industry", "op", "eq", "value", "manufacturing"),
                        Map.of("and", List.of(Map.of("field", "industry", "op", "eq", "value", "saas"),
                                Map.of("field", "arr", "op", "gt", "value", 100_000))))),
                Map.of("field", "health", "op", "lt", "value", 40),
                Map.of("field", "renewalDate", "op", "within_next_days", "value", 120),
                Map.of("not", Map.of("field", "quadrant", "op", "eq", "value", "active_advocates"))));

        JsonPath created = given().contentType("application/json")
                .body(Map.of("id", segmentId, "name", "Renewal risk", "rule", rule)).post("/segments")
                .then().statusCode(201).extract().jsonPath();
        assertThat(created.getLong("version")).isEqualTo(1);
        assertThat(created.getString("ruleText")).contains("manufacturing").contains("NOT");

        await().atMost(Duration.ofSeconds(60)).until(() -> members(segmentId).contains(atRisk) && members(segmentId).contains(saasBig));
        assertThat(members(segmentId)).doesNotContain(later, saasSmall, advocate);
        JsonPath progress = given().get("/segments/evaluation").jsonPath();
        assertThat(progress.getString("state")).isIn("done", "running");
        List<SegmentChangeMessage> entered = awaitSegmentChanges(segmentChanges, atRisk, list -> list.stream()
                .anyMatch(c -> c.segment().equals("rule:" + segmentId)));
        assertThat(entered).filteredOn(c -> c.segment().equals("rule:" + segmentId)).singleElement().satisfies(c -> {
            assertThat(c.member()).isTrue();
            assertThat(c.kind()).isEqualTo("rule");
            assertThat(c.definitionVersion()).isEqualTo(1L);
        });

        // A health rise takes the account out at once: evaluated on the change, not by a nightly rebuild.
        publish(score(atRisk, 2, 75, 20, 0, 0, null, false));
        awaitSegmentChanges(segmentChanges, atRisk, list -> list.stream()
                .anyMatch(c -> c.segment().equals("rule:" + segmentId) && !c.member()));
        assertThat(members(segmentId)).doesNotContain(atRisk);
        // So does a CRM change of the renewal date, into the window.
        update(later, "manufacturing", 50_000, today.plusDays(90));
        await().atMost(Duration.ofSeconds(20)).until(() -> members(segmentId).contains(later));

        // An edit is a new version; history shows the stays.
        Map<String, Object> narrower = Map.of("and", List.of(Map.of("field", "industry", "op", "eq", "value", "saas"),
                Map.of("field", "health", "op", "lt", "value", 40)));
        given().contentType("application/json").body(Map.of("name", "Renewal risk (SaaS)", "rule", narrower))
                .put("/segments/rule:{id}", segmentId).then().statusCode(200).body("version", org.hamcrest.Matchers.is(2));
        await().atMost(Duration.ofSeconds(60)).until(() -> !members(segmentId).contains(later) && members(segmentId).contains(saasSmall));
        given().get("/segments/rule:{id}/versions", segmentId).then().body("version", org.hamcrest.Matchers.contains(1, 2));
        given().get("/segments/rule:{id}/history", segmentId).then().statusCode(200)
                .body("accountId", hasItem(atRisk));

        given().delete("/segments/rule:{id}", segmentId).then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> members(segmentId).isEmpty());
    }

    @Test
    void aBadRuleIsRefusedNamingThePartAtFault() {
        Map<String, Object> rule = Map.of("and", List.of(
                Map.of("field", "industry", "op", "eq", "value", "retail"),
                Map.of("field", "arr", "op", "gt", "value", "lots"),
                Map.of("field", "colour", "op", "eq", "value", "red")));
        given().contentType("application/json").body(Map.of("name", "Broken", "rule", rule)).post("/segments")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", org.hamcrest.Matchers.hasItems("rule.and[0].value", "rule.and[1].value",
                        "rule.and[2].field"));
        given().contentType("application/json").body(Map.of("name", "No rule")).post("/segments")
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/segments").then().statusCode(200).body("segmentId", org.hamcrest.Matchers.not(hasItem("rule:broken")));
    }

    private static List<String> members(String segmentId) {
        return given().get("/segments/rule:{id}/members?size=1000", segmentId).jsonPath().getList("accountId");
    }

    private static String account(String industry, double arr, LocalDate renewal) {
        String id = Fixtures.id("rule");
        update(id, industry, arr, renewal);
        return id;
    }

    private static void update(String id, String industry, double arr, LocalDate renewal) {
        Map<String, Object> body = new HashMap<>(Fixtures.crmAccount("Rule " + id, industry, "basic", arr));
        body.put("renewalDate", renewal.toString());
        given().contentType("application/json").body(body).put("/accounts/{id}", id).then().statusCode(
                org.hamcrest.Matchers.either(org.hamcrest.Matchers.is(200)).or(org.hamcrest.Matchers.is(201)));
    }
}
