package io.retentionplatform.segmentation.audit;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.segmentation.Fixtures.awaitAccount;
import static io.retentionplatform.segmentation.Fixtures.awaitSegmentChanges;
import static io.retentionplatform.segmentation.Fixtures.publish;
import static io.retentionplatform.segmentation.Fixtures.score;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.segmentation.Fixtures;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The silent-customer audit over a portfolio of its own (the accounts tables are emptied first: the audit ranks the
 * whole portfolio): silent accounts ranked by ARR, the top-20% pilot cohort published, and its re-engagement rate.
 */
@QuarkusTest
class SilentAuditTest {

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

    private static ConsumerTask<String, String> segmentChanges;

    @BeforeAll
    static void follow() {
        segmentChanges = Fixtures.follow(Topics.SEGMENT_CHANGES);
    }

    @AfterAll
    static void stop() {
        segmentChanges.close();
    }

    @BeforeEach
    void emptyPortfolio() throws Exception {
        try (var connection = database.getConnection(); var statement = connection.createStatement()) {
            statement.execute("TRUNCATE account, arr_movement, segment_membership, audit_pilot_member, audit_pilot");
        }
    }

    @Test
    void silentAccountsAreRankedByArrAndTheTopFifthBecomesThePilot() {
        Instant longAgo = Instant.now().minus(Duration.ofDays(120));
        List<String> silent = new ArrayList<>();
        for (int i = 1; i <= 20; i++) { // 20 silent accounts, ARR 1,000 .. 20,000
            String id = account("silent", 1_000.0 * i);
            silent.add(0, id);
            publish(score(id, 1, 70, 0, 0, i % 2 == 0 ? longAgo : null, false));
        }
        List<String> spoken = new ArrayList<>();
        for (int i = 1; i <= 3; i++) { // spoken to last week: not silent, whatever their ARR
            String id = account("spoken", 100_000.0 * i);
            spoken.add(id);
            publish(score(id, 1, 70, 1, 0, Instant.now().minus(Duration.ofDays(7)), false));
        }
        List<String> all = new ArrayList<>(silent);
        all.addAll(spoken);
        all.forEach(id -> awaitAccount(id, b -> b.get("health") != null));

        JsonPath audit = given().get("/audit/silent?size=100").then().statusCode(200).extract().jsonPath();
        assertThat(audit.getInt("silentDays")).isEqualTo(90);
        assertThat(audit.getInt("silentAccounts")).isEqualTo(20);
        assertThat(audit.getDouble("silentArr")).isEqualTo(210_000.0);
        assertThat(audit.getList("accounts.accountId")).containsExactlyElementsOf(silent);
        assertThat(audit.getInt("accounts[0].daysSinceHumanContact")).isBetween(119, 120);
        assertThat(audit.getString("accounts[1].daysSinceHumanContact")).isNull(); // never contacted
        assertThat(audit.getInt("cohortSize")).isEqualTo(4);
        assertThat(audit.getDouble("cohortArr")).isEqualTo(74_000.0); // 20k + 19k + 18k + 17k

        JsonPath pilot = given().contentType("application/json").body(Map.of("startedBy", "test")).post("/audit/pilots")
                .then().statusCode(201).extract().jsonPath();
        String pilotId = pilot.getString("pilotId");
        assertThat(pilot.getList("members.accountId")).containsExactlyElementsOf(silent.subList(0, 4));
        assertThat(pilot.getInt("reengaged")).isZero();
        assertThat(pilot.getDouble("reengagementRate")).isZero();
        assertThat(pilot.getString("verdict")).isEqualTo("below");
        assertThat(pilot.getBoolean("complete")).isFalse();
        for (String member : silent.subList(0, 4)) {
            List<SegmentChangeMessage> changes = awaitSegmentChanges(segmentChanges, member, list -> list.stream()
                    .anyMatch(c -> c.segment().equals("audit-pilot:" + pilotId)));
            assertThat(changes).filteredOn(c -> "audit_pilot".equals(c.kind())).singleElement()
                    .satisfies(c -> assertThat(c.reason()).contains("no sales"));
        }

        // One member calls in; one account outside the cohort does too (it does not count).
        publish(score(silent.get(1), 2, 70, 1, 0, Instant.now(), false));
        publish(score(silent.get(10), 2, 70, 1, 0, Instant.now(), false));
        JsonPath after = await().atMost(Duration.ofSeconds(20)).until(
                () -> given().get("/audit/pilots/{id}", pilotId).jsonPath(), body -> body.getInt("reengaged") == 1);
        assertThat(after.getDouble("reengagementRate")).isEqualTo(0.25);
        assertThat(after.getString("verdict")).isEqualTo("within");
        assertThat(after.getString("members.find { it.accountId == '" + silent.get(1) + "' }.reengagedAt")).isNotNull();
        assertThat(after.getDouble("expectedLow")).isEqualTo(0.15);
        assertThat(after.getDouble("expectedHigh")).isEqualTo(0.25);
        // The other caller is on its own partition, maybe not applied yet when the member's call shows.
        await("silent accounts once both calls are applied").atMost(Duration.ofSeconds(20))
                .until(() -> given().get("/audit/silent").jsonPath().getInt("silentAccounts"), equalTo(18));
    }

    @Test
    void aPilotWithoutSilentAccountsIsRefused() {
        given().contentType("application/json").body(Map.of()).post("/audit/pilots")
                .then().statusCode(409).contentType("application/problem+json");
        given().contentType("application/json").body(Map.of("cohortShare", 2)).post("/audit/pilots")
                .then().statusCode(400).contentType("application/problem+json");
        given().get("/audit/silent?silentDays=0").then().statusCode(400).body("violations[0].field",
                org.hamcrest.Matchers.is("silentDays"));
    }

    private static String account(String prefix, double arr) {
        String id = Fixtures.id(prefix);
        given().contentType("application/json").body(new HashMap<>(Fixtures.crmAccount("Audit " + id, "saas", "basic", arr)))
                .put("/accounts/{id}", id).then().statusCode(201);
        return id;
    }
}
