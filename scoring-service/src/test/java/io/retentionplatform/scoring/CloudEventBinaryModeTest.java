package io.retentionplatform.scoring;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.retentionplatform.support.testing.TestTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CloudEvents in binary content mode (HTTP protocol binding 1.0.2, the official SDKs' default) over the real broker
 * and MongoDB wire server: the ce- headers are the attributes, the body the data with its own Content-Type; the same
 * checks as in structured mode, each violation naming its header.
 */
@QuarkusTest
@SuppressWarnings("unchecked")
class CloudEventBinaryModeTest {

    @BeforeAll
    static void signIn() {
        TestTokens.signInAsOperator();
    }

    @AfterAll
    static void signOut() {
        TestTokens.signOut();
    }

    private final String account = "acct-" + UUID.randomUUID();
    private final String at = Instant.now().minus(1, ChronoUnit.HOURS).toString();

    @Test
    void aBinaryEventIsPublishedKeyedByItsSubjectWithPercentDecodedHeaders() {
        String id = id();

        // Quoted as older senders did, percent-encoded as the binding requires ("-" need not be, and may be).
        binary(id, "io.retentionplatform.support.ticket_opened", "\"/crm/zendesk\"")
                .header("ce-subject", account.replace("-", "%2D"))
                .contentType("application/json; charset=utf-8")
                .body(Map.of("ticketId", "T-42", "severity", "high"))
                .when().post("/events")
                .then().statusCode(202).body("eventId", equalTo(id));

        ConsumerRecord<String, String> record = IngestProbe.published(account, id);
        assertThat(record.key()).isEqualTo(account);
        assertThat(record.value()).contains("\"type\":\"support.ticket_opened\"").contains("\"occurredAt\":\"" + at + "\"");
        assertThat(IngestProbe.storedExactly(account, 1)).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("id", id).containsEntry("type", "support.ticket_opened");
            assertThat((Map<String, Object>) e.get("attributes"))
                    .containsExactlyInAnyOrderEntriesOf(Map.of("ticketId", "T-42", "severity", "high", "source", "/crm/zendesk"));
        });
    }

    @Test
    void anEventWithoutDataNeedsNoContentTypeAndThePartitionKeyCanNameTheAccount() {
        String id = id();

        binary(id, "usage.login").header("ce-partitionkey", account)
                .when().post("/events")
                .then().statusCode(202).body("eventId", equalTo(id));

        assertThat(IngestProbe.stored(account, 1)).extracting(e -> e.get("id")).containsExactly(id);
    }

    @Test
    void everyBadAttributeIsNamedByItsHeader() {
        given().header("ce-specversion", "0.3").header("ce-type", "usage.teleport").header("ce-time", "last tuesday")
                .contentType(ContentType.JSON).body(Map.of())
                .when().post("/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", containsInAnyOrder("ce-specversion", "ce-source", "ce-subject", "ce-id",
                        "ce-type", "ce-time"));
        binary(id(), "survey.nps").header("ce-subject", "acme corp")
                .contentType(ContentType.JSON).body(Map.of("score", 11))
                .when().post("/events")
                .then().statusCode(400)
                .body("violations.field", containsInAnyOrder("ce-subject", "body.score"));
        binary(id(), "usage.feature_used").header("ce-subject", "100%")
                .contentType(ContentType.JSON).body(Map.of("feature", "reports"))
                .when().post("/events")
                .then().statusCode(400).body("violations.field", hasItem("ce-subject"))
                .body("detail", equalTo("ce-subject: has a '%' not followed by two hexadecimal digits (percent-encoding)"));

        assertThat(IngestProbe.storedNow(account)).isEmpty();
    }

    @Test
    void theDataMustBeAJsonObjectOfAttributes() {
        binary(id(), "usage.feature_used").header("ce-subject", account)
                .contentType(ContentType.TEXT).body("reports")
                .when().post("/events")
                .then().statusCode(400).contentType("application/problem+json")
                .body("violations.field", containsInAnyOrder("content-type", "body.feature"));
        binary(id(), "usage.feature_used").header("ce-subject", account)
                .contentType(ContentType.JSON).body(List.of("reports"))
                .when().post("/events")
                .then().statusCode(400).body("violations.field", containsInAnyOrder("body", "body.feature"));
        binary(id(), "usage.feature_used").header("ce-subject", account)
                .header("ce-datacontenttype", "application/json")
                .contentType(ContentType.JSON).body(Map.of("feature", "reports"))
                .when().post("/events")
                .then().statusCode(400).body("violations.field", contains("ce-datacontenttype"));
        binary(id(), "usage.feature_used").header("ce-subject", account)
                .contentType(ContentType.JSON).body("{\"feature\": ")
                .when().post("/events")
                .then().statusCode(400).contentType("application/problem+json").body("title", equalTo("Unreadable request body"));
    }

    @Test
    void anotherMediaTypeWithoutCeHeadersIs415ProblemJson() {
        given().contentType(ContentType.TEXT).body("usage.login for acme")
                .when().post("/events")
                .then().statusCode(415).contentType("application/problem+json");
    }

    @Test
    void withoutAnApiKeyOrTokenABinaryEventIsRefused() {
        TestTokens.signOut();
        try {
            binary(id(), "usage.login").header("ce-subject", account)
                    .when().post("/events")
                    .then().statusCode(401);
            binary(id(), "usage.login").header("ce-subject", account)
                    .header("Authorization", TestTokens.bearer("viewer"))
                    .when().post("/events")
                    .then().statusCode(403);
        } finally {
            TestTokens.signInAsOperator();
        }
    }

    private RequestSpecification binary(String id, String type) {
        return binary(id, type, "/product");
    }

    private RequestSpecification binary(String id, String type, String source) {
        return given().header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", source)
                .header("ce-type", type).header("ce-time", at);
    }

    private static String id() {
        return "evt-" + UUID.randomUUID();
    }
}
