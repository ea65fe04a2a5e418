package io.retentionplatform.nurture.webhook;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.path.json.JsonPath;
import io.retentionplatform.support.security.Roles;
import io.retentionplatform.support.testing.TestTokens;

/** What the webhook tests share: endpoints registered over REST, messages enqueued in a real transaction. */
final class WebhookTestSupport {

    /** A registered endpoint and the secret its registration returned. */
    record Endpoint(String id, String secret) {
    }

    private WebhookTestSupport() {
    }

    /** Registers {@code url} (private addresses allowed for this endpoint, as the receiver is on 127.0.0.1). */
    static Endpoint register(String url, List<String> eventTypes) {
        JsonPath created = given().contentType("application/json")
                .body(Map.of("url", url, "eventTypes", eventTypes, "allowPrivate", true))
                .post("/webhook-endpoints").then().statusCode(201).extract().jsonPath();
        return new Endpoint(created.getString("id"), created.getString("secret"));
    }

    static Endpoint register(String url) {
        return register(url, List.of());
    }

    static void delete(String endpointId) {
        given().header("Authorization", TestTokens.bearer(Roles.ADMIN)).delete("/webhook-endpoints/{id}", endpointId);
    }

    /** Enqueues in a transaction of its own and commits it. */
    static List<String> enqueue(WebhookOutbox outbox, String eventType, String accountId, Object payload) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                    () -> outbox.enqueue(eventType, accountId, payload)));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonPath attemptsOf(String webhookId) {
        return given().get("/webhook-messages/{id}/attempts", webhookId).then().statusCode(200).extract().jsonPath();
    }

    /** The message's status, from the endpoint's delivery log. */
    static String statusOf(String endpointId, String webhookId) {
        return given().get("/webhook-endpoints/{id}/deliveries?size=200", endpointId).then().statusCode(200).extract()
                .jsonPath().getString("items.find { it.webhookId == '" + webhookId + "' }.status");
    }
}
