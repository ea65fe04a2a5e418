package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.scoring.EventIngestionTest.awaitHealth;
import static io.retentionplatform.scoring.EventIngestionTest.postEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.AccountChangeMessage;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.support.testing.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scores over the real broker and MongoDB wire server: explained changes, flags, value realization, dead letters. */
@QuarkusTest
class HealthScoringTest {

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
    void scoreChangesAsEventsArriveAndEachChangeIsExplained() {
        String account = "acct-" + UUID.randomUUID();
        Instant now = Instant.now();
        postEvent(id(), account, "usage.feature_used", now.minus(2, ChronoUnit.HOURS), Map.of("feature", "reports"));
        int before = (int) awaitHealth(account, 1).get("score");

        for (int t = 1; t <= 3; t++) {
            postEvent(id(), account, "support.ticket_opened", now.minus(1, ChronoUnit.HOURS), Map.of("ticketId", "T" + t));
        }
        Map<String, Object> after = awaitHealth(account, 4);

        assertThat((int) after.get("score")).isLessThan(before);
        assertThat((String) after.get("explanation")).contains("down").contains("support: -");
        JsonPath explanation = given().when().get("/accounts/{id}/health/explanation", account).then().statusCode(200)
                .extract().jsonPath();
        // Support 50 -> 25 at weight 0.25 / 0.90: about -7 points of the score, all of its change.
        int points = explanation.getInt("components.find { it.component == 'support' }.points");
        assertThat(points).isBetween(-8, -6);
        assertThat(explanation.getList("changes", String.class)).singleElement().asString()
                .startsWith("support: " + points + " points (value 50 -> 25: ")
                .contains("open tickets 2 -> 3").contains("tickets opened in 30 days 2 -> 3");
        assertThat((String) after.get("explanation")).contains("down " + -points + " from");
        assertThat(explanation.getInt("components.find { it.component == 'support' }.value")).isEqualTo(100 - 3 * 20 - 3 * 5);
        assertThat(explanation.getInt("components.find { it.component == 'support' }.change")).isEqualTo(-25);

        List<Map<String, Object>> history = given().when().get("/accounts/{id}/health/history", account)
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertThat(history).extracting(p -> ((Number) p.get("version")).intValue()).containsSubsequence(1, 2, 3, 4);
        assertThat(history).extracting(p -> p.get("kind")).containsOnly("change");

        // Published with the explanation, keyed by account, in version order.
        List<ConsumerRecord<String, String>> published = TopicProbe.readUntil(Topics.HEALTH_SCORES,
                r -> account.equals(r.key()) && r.value().contains("\"version\":4"), Duration.ofSeconds(20));
        assertThat(published.get(published.size() - 1).value()).contains("open tickets 2 -> 3").contains("\"trendDirection\"");
    }

    @Test
    void goodNpsWithoutContactAndFallingUsageIsFlaggedAsSatisfactionTrap() {
        String account = "acct-" + UUID.randomUUID();
        Instant now = Instant.now();
        for (int day = 31; day < 55; day++) {
            postEvent(id(), account, "usage.login", now.minus(day, ChronoUnit.DAYS), Map.of()).then().statusCode(202);
        }
        for (int day = 1; day < 25; day += 4) {
            postEvent(id(), account, "usage.login", now.minus(day, ChronoUnit.DAYS), Map.of()).then().statusCode(202);
        }
        postEvent(id(), account, "contact.meeting", now.minus(130, ChronoUnit.DAYS), Map.of("direction", "outbound"));
        postEvent(id(), account, "survey.nps", now.minus(10, ChronoUnit.DAYS), Map.of("score", 8));

        Map<String, Object> health = awaitHealth(account, 1, h -> Boolean.TRUE.equals(h.get("satisfactionTrap")));

        assertThat((List<String>) health.get("flags")).anySatisfy(flag -> assertThat(flag)
                .contains("satisfaction trap").contains("NPS 8").contains("130 days"));
        Map<String, Map<String, Number>> components = (Map<String, Map<String, Number>>) health.get("components");
        assertThat(components.get("survey").get("weight").doubleValue()).isLessThanOrEqualTo(0.15);
        TopicProbe.readUntil(Topics.HEALTH_SCORES,
                r -> account.equals(r.key()) && r.value().contains("\"satisfactionTrap\":true"), Duration.ofSeconds(20));
    }

    @Test
    void premiumPlanUsedOnlyForBasicFeaturesIsARenewalChurnCandidate() throws Exception {
        String account = "acct-" + UUID.randomUUID();
        Instant now = Instant.now();
        KafkaSend.send(Topics.ACCOUNT_CHANGES, account, json.writeValueAsString(new AccountChangeMessage(
                AccountChangeMessage.SCHEMA_VERSION, "m-" + UUID.randomUUID(), account, 1, "Premium Basic BV", "premium",
                List.of("dashboards", "reports", "forecasting", "sso"), List.of("forecasting", "sso"), 48000.0, null, now, "saas", "EUR", null, null, true)));
        postEvent(id(), account, "usage.feature_used", now.minus(3, ChronoUnit.DAYS), Map.of("feature", "dashboards"));
        postEvent(id(), account, "usage.feature_used", now.minus(2, ChronoUnit.DAYS), Map.of("feature", "reports"));

        JsonPath value = awaitValueRealization(account, v -> v.getBoolean("premiumPaysBasicUse")
                && v.getList("usedEntitledFeatures").size() == 2);
        assertThat(value.getString("planTier")).isEqualTo("premium");
        assertThat(value.getDouble("adoptionRatio")).isEqualTo(0.5);
        assertThat(value.getList("unusedPremiumFeatures")).containsExactly("forecasting", "sso");

        postEvent(id(), account, "usage.feature_used", now.minus(1, ChronoUnit.DAYS), Map.of("feature", "forecasting"));
        JsonPath used = awaitValueRealization(account, v -> !v.getBoolean("premiumPaysBasicUse"));
        assertThat(used.getList("unusedPremiumFeatures")).containsExactly("sso");
    }

    @Test
    void anInboundContactAtFullEngagementStillPublishesANewVersionWithTheMovedSignals() {
        String account = "acct-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < 4; i++) {
            postEvent(id(), account, "advocacy.referral", now.minus(2, ChronoUnit.HOURS), Map.of()).then().statusCode(202);
        }
        Instant firstContact = now.minus(3, ChronoUnit.HOURS);
        postEvent(id(), account, "contact.call", firstContact, Map.of("direction", "inbound")).then().statusCode(202);
        HealthScoreMessage before = published(account,
                m -> m.signals() != null && m.signals().advocacyActs90() == 4 && m.signals().inboundContacts90() == 1);
        assertThat(before.engagement()).isEqualTo(100);
        assertThat(before.signals().lastInboundContactAt()).isEqualTo(firstContact);

        Instant secondContact = now.minus(1, ChronoUnit.HOURS);
        postEvent(id(), account, "contact.meeting", secondContact, Map.of("direction", "inbound")).then().statusCode(202);
        HealthScoreMessage after = published(account, m -> m.version() > before.version());

        // Nothing in the score moved, only the signals segmentation decides on.
        assertThat(after.engagement()).isEqualTo(100);
        assertThat(after.score()).isEqualTo(before.score());
        assertThat(after.signals().inboundContacts90()).isEqualTo(2);
        assertThat(after.signals().lastInboundContactAt()).isEqualTo(secondContact);
        assertThat(after.signals().lastHumanContactAt()).isEqualTo(secondContact);
        assertThat(after.signals().lastEngagementAt()).isEqualTo(secondContact);
    }

    @Test
    void aMarketingClickIsCustomerEngagementAndAnEmailOpenIsNot() {
        String account = "acct-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        postEvent(id(), account, "marketing.email_open", now.minus(3, ChronoUnit.HOURS), Map.of()).then().statusCode(202);
        HealthScoreMessage opened = published(account, m -> m.signals() != null && m.signals().marketingTouches90() == 1);
        assertThat(opened.signals().lastEngagementAt()).isNull();

        Instant click = now.minus(2, ChronoUnit.HOURS);
        postEvent(id(), account, "marketing.email_click", click, Map.of()).then().statusCode(202);
        HealthScoreMessage clicked = published(account, m -> m.signals() != null && m.signals().marketingTouches90() == 2);
        assertThat(clicked.signals().lastEngagementAt()).isEqualTo(click);

        // Read back from the stored state by the next event's rescore: the instant survives the round trip.
        postEvent(id(), account, "usage.login", now.minus(1, ChronoUnit.HOURS), Map.of()).then().statusCode(202);
        HealthScoreMessage loggedIn = published(account, m -> m.signals() != null && m.signals().activeDays30() == 1);
        assertThat(loggedIn.signals().lastEngagementAt()).isEqualTo(click);
        assertThat(loggedIn.signals().lastInboundContactAt()).isNull();
    }

    @Test
    void poisonEventGoesToTheDeadLetterTopicAndScoringCarriesOn() {
        String account = "acct-" + UUID.randomUUID();
        KafkaSend.send(Topics.ENGAGEMENT_EVENTS, account, "{this is not an event");
        KafkaSend.send(Topics.ENGAGEMENT_EVENTS, account, "{\"schemaVersion\":1,\"eventId\":\"e-" + UUID.randomUUID()
                + "\",\"accountId\":\"" + account + "\",\"type\":\"usage.teleport\",\"occurredAt\":\"2026-11-01T00:00:00Z\"}");
        postEvent(id(), account, "usage.login", Instant.now(), Map.of()).then().statusCode(202);

        awaitHealth(account, 1);
        List<ConsumerRecord<String, String>> dead = TopicProbe.readUntil(Topics.ENGAGEMENT_EVENTS_DLQ,
                r -> account.equals(r.key()) && r.value().contains("usage.teleport"), Duration.ofSeconds(20));
        assertThat(dead).filteredOn(r -> account.equals(r.key())).hasSize(2);
        assertThat(dead.get(dead.size() - 1).headers().lastHeader("dead-letter-reason")).isNotNull();
    }

    @Test
    void storedEventsAreReadBackByTimeRangeAPageAtATime() {
        String account = "acct-" + UUID.randomUUID();
        Instant base = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            postEvent("evt-" + account + "-" + i, account, "usage.login", base.plus(i, ChronoUnit.DAYS), Map.of()).then().statusCode(202);
        }
        List<String> all = await("the 5 stored events of " + account).atMost(Duration.ofSeconds(20))
                .until(() -> given().when().get("/accounts/{id}/events", account).then().statusCode(200)
                        .extract().jsonPath().getList("id", String.class), ids -> ids.size() >= 5);
        assertThat(all).hasSize(5);
        List<String> page0 = given().queryParam("from", base.plus(1, ChronoUnit.DAYS).toString()).queryParam("size", 2)
                .when().get("/accounts/{id}/events", account).then().statusCode(200).extract().jsonPath().getList("id");
        List<String> page1 = given().queryParam("from", base.plus(1, ChronoUnit.DAYS).toString()).queryParam("size", 2)
                .queryParam("page", 1).when().get("/accounts/{id}/events", account).then().statusCode(200)
                .extract().jsonPath().getList("id");

        assertThat(page0).containsExactly("evt-" + account + "-4", "evt-" + account + "-3");
        assertThat(page1).containsExactly("evt-" + account + "-2", "evt-" + account + "-1");
        given().queryParam("size", 5000).when().get("/accounts/{id}/events", account)
                .then().statusCode(400).body("violations.field", hasItem("size"));
        given().queryParam("from", "yesterday").when().get("/accounts/{id}/events", account)
                .then().statusCode(400).contentType("application/problem+json").body("violations[0].field", equalTo("from"));
    }

    /** The first health score published for {@code account} that matches {@code until}. */
    private HealthScoreMessage published(String account, Predicate<HealthScoreMessage> until) {
        List<ConsumerRecord<String, String>> records = TopicProbe.readUntil(Topics.HEALTH_SCORES,
                r -> account.equals(r.key()) && until.test(read(r.value())), Duration.ofSeconds(30));
        return read(records.get(records.size() - 1).value());
    }

    private HealthScoreMessage read(String value) {
        try {
            return json.readValue(value, HealthScoreMessage.class);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable health score: " + value, e);
        }
    }

    private static JsonPath awaitValueRealization(String account, Predicate<JsonPath> until) {
        return await("value realization of " + account).atMost(Duration.ofSeconds(20))
                .until(() -> {
                    var response = given().when().get("/accounts/{id}/value-realization", account);
                    return response.statusCode() == 200 ? response.jsonPath() : null;
                }, v -> v != null && v.getString("planTier") != null && until.test(v));
    }

    static String id() {
        return "evt-" + UUID.randomUUID();
    }

    /** Kept for the ingest tests that still poll by hand (IngestFormatsTest, PersonalDataAtIngestTest); use Awaitility. */
    static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
