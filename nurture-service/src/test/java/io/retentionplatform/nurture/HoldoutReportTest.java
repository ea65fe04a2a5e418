package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.nurture.NurtureTesting.cadence;
import static io.retentionplatform.nurture.NurtureTesting.count;
import static io.retentionplatform.nurture.NurtureTesting.health;
import static io.retentionplatform.nurture.NurtureTesting.segmentChange;
import static io.retentionplatform.nurture.NurtureTesting.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.support.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.nurture.enrollment.Holdout;
import io.retentionplatform.nurture.webhook.AdjustableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A cadence's control group and its report: re-engagement and health change, treated against control, with uplift. */
@QuarkusTest
class HoldoutReportTest {

    @Inject
    AdjustableClock clock;

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void theReportComparesTreatedWithTheHeldOutShare() {
        String id = unique("holdout");
        String trigger = "rule:" + id;
        cadence(id, trigger, List.of(List.of("email", "educational", "P1D")), List.of(), 0.5);
        List<String> accounts = java.util.stream.IntStream.range(0, 40).mapToObj(i -> id + "-acct-" + i).toList();
        for (String account : accounts) {
            health(account, 1, 50, null, clock.instant());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT 1 FROM account_signal WHERE account_id LIKE ?1 AND health = 50",
                id + "-acct-%") == 40);
        for (String account : accounts) {
            segmentChange(account, trigger, true, 1, clock.instant());
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT 1 FROM enrollment WHERE cadence_id = ?1", id) == 40);

        // Held out exactly as Holdout says, and nothing is scheduled for them.
        List<String> control = accounts.stream().filter(a -> Holdout.heldOut(id, a, 0.5)).toList();
        assertThat(count("SELECT 1 FROM enrollment WHERE cadence_id = ?1 AND held_out AND status = 'control' AND next_step_at IS NULL", id))
                .isEqualTo(control.size());
        // Re-engaged within the window: every other treated account, every fourth control account; they also gain health.
        int treatedReengaged = 0;
        int controlReengaged = 0;
        int treatedSeen = 0;
        int controlSeen = 0;
        for (String account : accounts) {
            boolean held = control.contains(account);
            int index = held ? controlSeen++ : treatedSeen++;
            boolean reengages = held ? index % 4 == 0 : index % 2 == 0;
            if (reengages) {
                health(account, 2, 70, clock.instant(), clock.instant());
                if (held) {
                    controlReengaged++;
                } else {
                    treatedReengaged++;
                }
            } else {
                health(account, 2, 50, null, clock.instant());
            }
        }
        int expectedReengaged = treatedReengaged + controlReengaged;
        await().atMost(Duration.ofSeconds(60)).until(() -> count("SELECT 1 FROM enrollment WHERE cadence_id = ?1 AND reengaged_at IS NOT NULL",
                id) == expectedReengaged && count("SELECT 1 FROM account_signal WHERE account_id LIKE ?1 AND health_version = 2", id + "-acct-%") == 40);

        JsonPath pending = given().get("/cadences/{id}/holdout-report", id).then().statusCode(200).extract().jsonPath();
        assertThat(pending.getInt("periods[0].pending")).isEqualTo(40);
        assertThat(pending.getInt("periods[0].treated.accounts")).isZero();

        clock.advance(Duration.ofDays(31));
        JsonPath report = given().get("/cadences/{id}/holdout-report", id).then().statusCode(200).extract().jsonPath();
        int treated = 40 - control.size();
        assertThat(report.getInt("periods[0].treated.accounts")).isEqualTo(treated);
        assertThat(report.getInt("periods[0].control.accounts")).isEqualTo(control.size());
        assertThat(report.getInt("periods[0].treated.reengaged")).isEqualTo(treatedReengaged);
        assertThat(report.getInt("periods[0].control.reengaged")).isEqualTo(controlReengaged);
        double expectedUplift = treatedReengaged / (double) treated - controlReengaged / (double) control.size();
        assertThat(report.getDouble("periods[0].reengagementUplift.difference")).isCloseTo(expectedUplift, within(0.0001));
        assertThat(report.getDouble("periods[0].reengagementUplift.lower95")).isLessThan(expectedUplift);
        assertThat(report.getDouble("periods[0].reengagementUplift.upper95")).isGreaterThan(expectedUplift);
        double treatedHealth = 20.0 * treatedReengaged / treated;
        double controlHealth = 20.0 * controlReengaged / control.size();
        assertThat(report.getDouble("periods[0].healthChangeUplift.difference")).isCloseTo(treatedHealth - controlHealth, within(0.02));
        assertThat(report.getInt("periods[0].pending")).isZero();

        given().get("/cadences/{id}/holdout-report?period=fortnight", id).then().statusCode(400)
                .body("violations[0].field", org.hamcrest.Matchers.is("period"));
    }
}
