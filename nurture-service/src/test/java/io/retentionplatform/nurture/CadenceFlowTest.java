package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.nurture.NurtureTesting.cadence;
import static io.retentionplatform.nurture.NurtureTesting.count;
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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import io.quarkus.test.junit.QuarkusTest;
import io.retentionplatform.support.testing.TestTokens;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.nurture.schedule.StepScheduler;
import io.retentionplatform.nurture.webhook.AdjustableClock;
import io.retentionplatform.nurture.webhook.WebhookReceiver;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Cadences end to end over the real broker, PostgreSQL and a real HTTP receiver: enrollment from a segment change,
 * steps in order with their waits under a controlled clock, exits, the contact cap, no step sent twice.
 */
@QuarkusTest
class CadenceFlowTest {

    private static StepEndpoint endpoint;
    private static WebhookReceiver receiver;

    @Inject
    StepScheduler scheduler;

    @Inject
    AdjustableClock clock;

    @BeforeAll
    static void start() throws Exception {
        TestTokens.signInAsOperator();
        endpoint = new StepEndpoint("/steps");
        receiver = endpoint.receiver;
    }

    @org.junit.jupiter.api.BeforeEach
    void registerEndpoint() {
        endpoint.register();
    }

    @AfterAll
    static void stop() {
        endpoint.close();
        TestTokens.signOut();
    }

    @BeforeEach
    @AfterEach
    void resetClock() {
        clock.reset();
    }

    /** The step messages the receiver got for an account, in arrival order: data.stepIndex of each. */
    private static List<Integer> stepsReceived(String account) {
        return receiver.at("/steps").stream().map(r -> JsonPath.from(r.body()))
                .filter(j -> account.equals(j.getString("data.accountId")))
                .map(j -> j.getInt("data.stepIndex")).toList();
    }

    @Test
    void aSegmentChangeEnrollsOnceAndStepsGoOutInOrderAfterTheirWaitsUntilAnInboundContact() {
        String id = unique("flow");
        String trigger = "rule:" + id;
        cadence(id, trigger, List.of(List.of("email", "educational", "PT0S"), List.of("call", "check_in", "P3D"),
                List.of("email", "check_in", "P4D")), List.of("inbound_contact", "segment_left"), 0);
        String account = unique("acct");
        ConsumerTask<String, String> outcomes = Fixtures.follow(Topics.NURTURE_OUTCOMES);

        Instant entered = clock.instant();
        segmentChange(account, trigger, true, 1, entered);
        segmentChange(account, trigger, true, 1, entered);      // redelivered under another id, same version
        await().atMost(Duration.ofSeconds(60)).until(() -> enrollments(account).getList("$").size() == 1);

        runDue(scheduler);
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsReceived(account).size() == 1);
        runDue(scheduler);                                       // nothing more is due yet
        clock.advance(Duration.ofDays(2));
        runDue(scheduler);
        assertThat(stepsReceived(account)).containsExactly(0);

        clock.advance(Duration.ofDays(1).plusMinutes(1));        // three days after the first step
        runDue(scheduler);
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsReceived(account).size() == 2);
        assertThat(stepsReceived(account)).containsExactly(0, 1);
        JsonPath enrollment = enrollments(account);
        assertThat(enrollment.getInt("[0].stepsSent")).isEqualTo(2);
        assertThat(Instant.parse(enrollment.getString("[0].nextStepAt"))).isAfter(clock.instant().plus(Duration.ofDays(4)).minusSeconds(60));
        assertThat(enrollment.getInt("[0].cadenceVersion")).isEqualTo(1);

        // The customer calls in: the health score carrying it ends the enrollment before its last step.
        health(account, 1, 60, clock.instant(), clock.instant());
        await().atMost(Duration.ofSeconds(60)).until(() -> "converted".equals(enrollments(account).getString("[0].status")));
        clock.advance(Duration.ofDays(5));
        runDue(scheduler);
        assertThat(stepsReceived(account)).containsExactly(0, 1);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(outcomes.getRecords().stream()
                .filter(r -> account.equals(r.key())).map(r -> JsonPath.from(r.value()).getString("kind")).toList())
                .containsSubsequence("enrolled", "step_sent", "step_sent", "converted"));
        outcomes.stop();
    }

    @Test
    void editingACadenceLeavesEnrolledAccountsOnTheirVersion() {
        String id = unique("edit");
        String trigger = "rule:" + id;
        cadence(id, trigger, List.of(List.of("email", "educational", "PT0S"), List.of("email", "check_in", "P1D")), List.of(), 0);
        String first = unique("acct");
        segmentChange(first, trigger, true, 1, clock.instant());
        await().atMost(Duration.ofSeconds(60)).until(() -> enrollments(first).getList("$").size() == 1);

        given().contentType("application/json").body(Map.of("name", "Edited", "trigger", trigger, "steps", List.of(
                        Map.of("channel", "call", "content", "check_in", "wait", "PT0S")), "exitOn", List.of()))
                .put("/cadences/{id}", id).then().statusCode(200).body("version", org.hamcrest.Matchers.is(2));
        String second = unique("acct");
        segmentChange(second, trigger, true, 1, clock.instant());
        await().atMost(Duration.ofSeconds(60)).until(() -> enrollments(second).getList("$").size() == 1);

        assertThat(enrollments(first).getInt("[0].cadenceVersion")).isEqualTo(1);
        assertThat(enrollments(first).getInt("[0].stepsTotal")).isEqualTo(2);
        assertThat(enrollments(second).getInt("[0].cadenceVersion")).isEqualTo(2);
        assertThat(enrollments(second).getInt("[0].stepsTotal")).isEqualTo(1);
        given().get("/cadences/{id}/versions/1", id).then().statusCode(200).body("steps.size()", org.hamcrest.Matchers.is(2));
    }

    @Test
    void theContactCapPostponesAStepInsteadOfDroppingIt() {
        // Two cadences, two e-mails each at once: the cap (3 per 7 days) lets three out and postpones the fourth. The
        // task for the account team (first in b) is no touch of the customer and goes out regardless.
        String a = unique("cap-a");
        String b = unique("cap-b");
        cadence(a, "rule:" + a, List.of(List.of("email", "educational", "PT0S"), List.of("email", "check_in", "PT0S")), List.of(), 0);
        cadence(b, "rule:" + b, List.of(List.of("task", "check_in", "PT0S"), List.of("email", "educational", "PT0S"),
                List.of("email", "check_in", "PT0S")), List.of(), 0);
        String account = unique("acct");
        for (String id : List.of(a, b)) {
            given().contentType("application/json").body(Map.of("accountId", account))
                    .post("/cadences/{id}/enrollments", id).then().statusCode(201);
        }
        for (int i = 0; i < 3; i++) {
            runDue(scheduler);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsReceived(account).size() == 4);
        JsonPath held = enrollments(account);
        int postponed = held.getInt("[0].postponements") + held.getInt("[1].postponements");
        assertThat(postponed).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT 1 FROM enrollment_step WHERE account_id = ?1 AND touch", account)).isEqualTo(3);

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        runDue(scheduler);
        runDue(scheduler);
        // The postponed e-mail goes out once the oldest touch has left the window.
        await().atMost(Duration.ofSeconds(30)).until(() -> stepsReceived(account).size() == 5);
        assertThat(count("SELECT 1 FROM enrollment_step WHERE account_id = ?1 AND touch", account)).isEqualTo(4);
        assertThat(enrollments(account).getList("status")).containsOnly("completed");
    }

    @Test
    void twoSchedulersAtOnceAndACrashMidBatchSendNoStepTwice() throws Exception {
        String id = unique("race");
        cadence(id, "rule:" + id, List.of(List.of("email", "educational", "PT0S")), List.of(), 0);
        List<String> accounts = java.util.stream.IntStream.range(0, 150).mapToObj(i -> unique("acct")).toList();
        for (String account : accounts) {
            given().contentType("application/json").body(Map.of("accountId", account))
                    .post("/cadences/{id}/enrollments", id).then().statusCode(201);
        }
        // A batch that dies after queueing its webhooks rolls back whole: nothing recorded, nothing queued.
        scheduler.simulateCrashAfterEnqueue(true);
        try {
            runDue(scheduler);
        } catch (IllegalStateException expected) {
            // the simulated crash
        } finally {
            scheduler.simulateCrashAfterEnqueue(false);
        }
        assertThat(count("SELECT 1 FROM enrollment_step s JOIN enrollment e USING (enrollment_id) WHERE e.cadence_id = ?1", id)).isZero();
        assertThat(count("SELECT 1 FROM webhook_message WHERE account_id = ANY(CAST(?1 AS text[]))",
                (Object) accounts.toArray(String[]::new))).isZero();

        CompletableFuture<Integer> one = CompletableFuture.supplyAsync(() -> runDue(scheduler));
        CompletableFuture<Integer> two = CompletableFuture.supplyAsync(() -> runDue(scheduler));
        CompletableFuture.allOf(one, two).get();
        runDue(scheduler);
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.at("/steps").stream()
                .map(r -> JsonPath.from(r.body()).getString("data.accountId")).collect(Collectors.toSet()).containsAll(accounts));
        Thread.sleep(500);
        Map<String, Long> perAccount = receiver.at("/steps").stream().map(r -> JsonPath.from(r.body()).getString("data.accountId"))
                .filter(accounts::contains).collect(Collectors.groupingBy(a -> a, Collectors.counting()));
        assertThat(perAccount).hasSize(150).allSatisfy((account, sent) -> assertThat(sent).as(account).isEqualTo(1));
        assertThat(count("SELECT 1 FROM enrollment_step s JOIN enrollment e USING (enrollment_id) WHERE e.cadence_id = ?1", id))
                .isEqualTo(150);
    }
}
