package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.nurture.Fixtures.awaitSegments;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.support.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Segment changes on the real broker become memberships in the real PostgreSQL, once, newest version wins. */
@QuarkusTest
class SegmentChangeConsumptionTest {

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

    @Test
    void enteringAndLeavingSegmentsIsReflected() {
        String account = "acct-" + UUID.randomUUID();

        publish(change(account, SILENT, true, 1));
        publish(change(account, AUDIT, true, 1));
        awaitSegments(account, List.of(AUDIT, SILENT));

        publish(change(account, AUDIT, false, 2));
        awaitSegments(account, List.of(SILENT));
    }

    @Test
    void repeatedAndStaleChangesAreIgnored() {
        String account = "acct-" + UUID.randomUUID();
        SegmentChangeMessage entered = change(account, SILENT, true, 5);

        publish(entered);
        awaitSegments(account, List.of(SILENT));
        publish(change(account, SILENT, false, 4));                                  // older, arrives late
        publish(SegmentChangeMessage.membership(entered.messageId(), account, SILENT, false, 6, Instant.now())); // same id
        // Another segment's change behind them on the partition: once it shows they were consumed, and it cannot
        // undo what they did to SILENT.
        publish(change(account, AUDIT, true, 1));

        awaitSegments(account, List.of(AUDIT, SILENT));
    }

    @Test
    void accountWithoutKnownSegmentsHasAnEmptyList() {
        given().when().get("/accounts/{id}/segments", "nobody-" + UUID.randomUUID())
                .then().statusCode(200).body("$", empty());
    }

    /** Health is served on the management interface, without credentials (the orchestrator has none). */
    @TestHTTPResource(value = "/health/ready", management = true)
    java.net.URL readiness;

    @Test
    void readinessReportsKafkaAndPostgres() {
        TestTokens.signOut();
        try {
            RestAssured.given().when().get(readiness)
                    .then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"))
                    .body("checks.name", hasItem("Reactive PostgreSQL connections health check"));
        } finally {
            TestTokens.signInAsOperator();
        }
    }

    private static SegmentChangeMessage change(String account, String segment, boolean member, long version) {
        return SegmentChangeMessage.membership("m-" + UUID.randomUUID(), account, segment, member, version, Instant.now());
    }

    private static void publish(SegmentChangeMessage message) {
        Fixtures.produce(Topics.SEGMENT_CHANGES, message.accountId(), message);
    }
}
