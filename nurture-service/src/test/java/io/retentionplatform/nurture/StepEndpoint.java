package io.retentionplatform.nurture;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.restassured.RestAssured;
import io.retentionplatform.nurture.webhook.WebhookReceiver;

/**
 * A real HTTP receiver registered as the endpoint for {@code nurture.step.due} webhooks, for one test class: created in
 * {@code @BeforeAll}, registered in {@code @BeforeEach} (RestAssured knows the test port only then), closed in
 * {@code @AfterAll} (the endpoint deleted with the port it was registered on).
 */
final class StepEndpoint implements AutoCloseable {

    final WebhookReceiver receiver;
    private final String path;
    private String endpointId;
    private int port;

    StepEndpoint(String path) throws IOException {
        this.receiver = new WebhookReceiver();
        this.path = path;
    }

    /** Registers the endpoint the first time it is called. */
    void register() {
        if (endpointId == null) {
            port = RestAssured.port;
            endpointId = given().contentType("application/json")
                    .body(Map.of("url", receiver.url(path), "eventTypes", List.of("nurture.step.due"), "allowPrivate", true))
                    .post("/webhook-endpoints").then().statusCode(201).extract().path("id");
        }
    }

    @Override
    public void close() {
        if (endpointId != null) {
            given().port(port).delete("/webhook-endpoints/{id}", endpointId);
            endpointId = null;
        }
        receiver.close();
    }
}
