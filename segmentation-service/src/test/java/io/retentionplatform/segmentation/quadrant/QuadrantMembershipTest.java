package io.retentionplatform.segmentation.quadrant;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.segmentation.Fixtures.awaitAccount;
import static io.retentionplatform.segmentation.Fixtures.awaitSegmentChanges;
import static io.retentionplatform.segmentation.Fixtures.publish;
import static io.retentionplatform.segmentation.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
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

/** Health scores on the real broker place accounts in quadrants, kept as history and published through the outbox. */
@QuarkusTest
class QuadrantMembershipTest {

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
    void eachQuadrantIsReachedFromTheUsageAndContactSignals() {
        Instant recent = Instant.now().minus(Duration.ofDays(3));
        // usage = adoption (high from 50); contact = inbound x 1.0 + outbound x 0.5 over 90 days (high from 2.0)
        Map<String, String> expected = Map.of(
                Fixtures.id("advocate"), "active_advocates",
                Fixtures.id("silent"), "silent_satisfieds",
                Fixtures.id("needy"), "struggling_needy",
                Fixtures.id("risk"), "at_risk_disengaged");
        expected.forEach((account, quadrant) -> {
            boolean highUsage = quadrant.equals("active_advocates") || quadrant.equals("silent_satisfieds");
            boolean highContact = quadrant.equals("active_advocates") || quadrant.equals("struggling_needy");
            // Contact 1 inbound + 2 outbound = 2.0 is high; 3 outbound alone = 1.5 is not: inbound counts more.
            publish(score(account, 1, highUsage ? 72 : 20, highContact ? 1 : 0, highContact ? 2 : 3, recent, false));
        });

        expected.forEach((account, quadrant) -> {
            JsonPath body = awaitAccount(account, b -> quadrant.equals(b.getString("quadrant.current")));
            assertThat(body.getString("quadrant.reason")).isNotBlank();
            List<SegmentChangeMessage> changes = awaitSegmentChanges(segmentChanges, account, list -> !list.isEmpty());
            assertThat(changes).hasSize(1).first().satisfies(change -> {
                assertThat(change.segment()).isEqualTo("quadrant:" + quadrant);
                assertThat(change.member()).isTrue();
                assertThat(change.kind()).isEqualTo("quadrant");
                assertThat(change.from()).isNull();
                assertThat(change.to()).isEqualTo(quadrant);
                assertThat(change.scoreVersion()).isEqualTo(1L);
                assertThat(change.reason()).contains("usage").contains("contact");
            });
        });
    }

    @Test
    void anAccountNearTheThresholdDoesNotFlapAndItsStaysAreKept() {
        String account = Fixtures.id("hysteresis");
        publish(score(account, 1, 70, 0, 0, null, false));
        awaitAccount(account, b -> "silent_satisfieds".equals(b.getString("quadrant.current")));
        publish(score(account, 2, 47, 0, 0, null, false)); // below 50 but within the 5 points of hysteresis
        awaitAccount(account, b -> b.getInt("health.version") == 2);
        assertThat(given().get("/accounts/{id}", account).jsonPath().getString("quadrant.current")).isEqualTo("silent_satisfieds");
        publish(score(account, 3, 52, 0, 0, null, false));
        publish(score(account, 4, 44, 0, 0, null, false)); // past the band: usage is low now

        awaitAccount(account, b -> "at_risk_disengaged".equals(b.getString("quadrant.current")));
        List<SegmentChangeMessage> changes = awaitSegmentChanges(segmentChanges, account, list -> list.size() >= 3);
        assertThat(changes).extracting(SegmentChangeMessage::segment, SegmentChangeMessage::member).containsExactly(
                org.assertj.core.groups.Tuple.tuple("quadrant:silent_satisfieds", true),
                org.assertj.core.groups.Tuple.tuple("quadrant:silent_satisfieds", false),
                org.assertj.core.groups.Tuple.tuple("quadrant:at_risk_disengaged", true));
        assertThat(changes.get(2).from()).isEqualTo("silent_satisfieds");
        assertThat(changes.get(2).scoreVersion()).isEqualTo(4L);
        assertThat(changes).extracting(SegmentChangeMessage::version).isSorted().doesNotHaveDuplicates();

        JsonPath stays = given().get("/accounts/{id}/segments", account).then().statusCode(200).extract().jsonPath();
        assertThat(stays.getList("findAll { it.kind == 'quadrant' }.segmentId"))
                .containsExactly("quadrant:at_risk_disengaged", "quadrant:silent_satisfieds");
        assertThat(stays.getString("find { it.segmentId == 'quadrant:silent_satisfieds' }.leftAt")).isNotNull();
        assertThat(stays.getString("find { it.segmentId == 'quadrant:silent_satisfieds' }.leaveReason")).contains("44");
        assertThat(stays.getString("find { it.segmentId == 'quadrant:at_risk_disengaged' }.leftAt")).isNull();
    }

    @Test
    void theSatisfactionTrapShowsOnTheAccountAndAsABuiltInSegment() {
        String account = Fixtures.id("trap");
        publish(score(account, 1, 65, 0, 0, Instant.now().minus(Duration.ofDays(140)), true));

        JsonPath body = awaitAccount(account, b -> b.getBoolean("flags.satisfactionTrap"));
        assertThat(body.getString("quadrant.current")).isEqualTo("silent_satisfieds");
        assertThat(body.getInt("signals.daysSinceHumanContact")).isGreaterThanOrEqualTo(139);
        awaitSegmentChanges(segmentChanges, account, list -> list.stream()
                .anyMatch(c -> c.segment().equals("flag:satisfaction_trap") && c.member() && "flag".equals(c.kind())));
        assertThat(given().get("/segments/flag:satisfaction_trap/members?size=1000").jsonPath().getList("accountId"))
                .contains(account);

        publish(score(account, 2, 65, 1, 0, Instant.now(), false)); // a customer call: no longer a trap
        awaitSegmentChanges(segmentChanges, account, list -> list.stream()
                .anyMatch(c -> c.segment().equals("flag:satisfaction_trap") && !c.member()));
    }

    @Test
    void aChurnedCustomerLeavesItsQuadrant() {
        String account = Fixtures.id("churn");
        given().contentType("application/json").body(new java.util.HashMap<>(Fixtures.crmAccount("Churn " + account, "saas",
                "basic", 12_000))).put("/accounts/{id}", account).then().statusCode(201);
        publish(score(account, 1, 70, 2, 0, Instant.now(), false));
        awaitAccount(account, b -> "active_advocates".equals(b.getString("quadrant.current")));

        given().contentType("application/json").body(Map.of("kind", "churn", "effectiveDate", java.time.LocalDate.now().toString()))
                .post("/accounts/{id}/arr-movements", account).then().statusCode(201);

        JsonPath body = awaitAccount(account, b -> b.get("quadrant") == null);
        assertThat(body.getBoolean("active")).isFalse();
        assertThat(body.getDouble("arr")).isZero();
        List<SegmentChangeMessage> changes = awaitSegmentChanges(segmentChanges, account,
                list -> list.stream().anyMatch(c -> "quadrant".equals(c.kind()) && !c.member()));
        assertThat(changes).filteredOn(c -> !c.member() && "quadrant".equals(c.kind())).singleElement()
                .satisfies(c -> assertThat(c.reason()).contains("no longer an active customer"));
    }
}
