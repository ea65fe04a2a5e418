package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.nurture.NurtureTesting.enrollments;
import static io.retentionplatform.nurture.NurtureTesting.health;
import static io.retentionplatform.nurture.NurtureTesting.runDue;
import static io.retentionplatform.nurture.NurtureTesting.segmentChange;
import static io.retentionplatform.nurture.NurtureTesting.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.support.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.nurture.enrollment.Holdout;
import io.retentionplatform.nurture.schedule.StepScheduler;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seed 000, step 4, through the service: a Silent Satisfied is not eligible while its nurture runs (and the answer says
 * where it stands), becomes eligible once it moved to Active Advocates through the flow, and each change is published.
 */
@QuarkusTest
class EligibilityFlowTest {

    private static final String SILENT = "quadrant:silent_satisfieds";
    private static final String ADVOCATES = "quadrant:active_advocates";
    private static final String SILENT_CADENCE = "silent-satisfied-check-in";

    @Inject
    StepScheduler scheduler;

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private static JsonPath eligibility(String account) {
        return given().get("/accounts/{id}/expansion-eligibility", account).then().statusCode(200).extract().jsonPath();
    }

    /** An account id the shipped Silent Satisfied cadence treats (not in its control group). */
    private static String treatedAccount() {
        String account;
        do {
            account = unique("acct");
        } while (Holdout.heldOut(SILENT_CADENCE, account, 0.1));
        return account;
    }

    @Test
    void aSilentSatisfiedIsEligibleOnlyAfterItsNurtureFlow() {
        String account = treatedAccount();
        ConsumerTask<String, String> published = Fixtures.follow(Topics.EXPANSION_ELIGIBILITY);
        health(account, 1, 75, null, Instant.now(), 8, 8, false);
        segmentChange(account, SILENT, true, 1, Instant.now());
        await().atMost(Duration.ofSeconds(60)).until(() -> enrollments(account).getList("cadenceId").contains(SILENT_CADENCE));

        JsonPath before = eligibility(account);
        assertThat(before.getBoolean("eligible")).isFalse();
        assertThat(before.getList("reasons", String.class))
                .containsExactly("not eligible: Silent Satisfied, nurture 'Silent Satisfied check-in' at step 0 of 4");
        runDue(scheduler);
        await().atMost(Duration.ofSeconds(10)).until(() -> eligibility(account).getList("reasons", String.class)
                .equals(List.of("not eligible: Silent Satisfied, nurture 'Silent Satisfied check-in' at step 1 of 4")));

        // The account starts talking and moves to Active Advocates: the flow ends converted, expansion opens.
        segmentChange(account, SILENT, false, 2, Instant.now(), "active_advocates");
        segmentChange(account, ADVOCATES, true, 1, Instant.now());
        // (the health score carrying full feature use comes on another topic: it may be applied a little later)
        await().atMost(Duration.ofSeconds(60)).until(() -> eligibility(account).getBoolean("eligible")
                && eligibility(account).getList("plays", String.class).equals(List.of("upsell")));
        JsonPath after = eligibility(account);
        assertThat(after.getList("reasons", String.class)).startsWith(
                "eligible: Active Advocate, after completing nurture 'Silent Satisfied check-in'");
        assertThat(enrollments(account).getString("find { it.cadenceId == '" + SILENT_CADENCE + "' }.status")).isEqualTo("converted");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published.getRecords().stream()
                .filter(r -> account.equals(r.key())).map(r -> JsonPath.from(r.value()).getBoolean("eligible")).toList())
                .containsSubsequence(false, true));
        published.stop();
    }

    @Test
    void anAdvocatePayingForUnusedPremiumFeaturesGetsAnAdoptionPlayNotAnUpsell() {
        String account = unique("acct");
        health(account, 1, 80, null, Instant.now(), 3, 8, true);
        segmentChange(account, ADVOCATES, true, 1, Instant.now());
        await().atMost(Duration.ofSeconds(60)).until(() -> eligibility(account).getList("plays", String.class).contains("adoption"));
        assertThat(eligibility(account).getBoolean("eligible")).isTrue();
        assertThat(eligibility(account).getList("reasons", String.class))
                .contains("adoption, not upsell: pays for premium features it does not use");
    }

    @Test
    void otherQuadrantsAreNotEligible() {
        String account = unique("acct");
        segmentChange(account, "quadrant:at_risk_disengaged", true, 1, Instant.now());
        await().atMost(Duration.ofSeconds(60)).until(() -> eligibility(account).getList("reasons", String.class).get(0)
                .contains("At-Risk / Disengaged"));
        assertThat(eligibility(account).getBoolean("eligible")).isFalse();
    }
}
