package io.retentionplatform.nurture.webhook;

import static io.restassured.RestAssured.given;
import static io.retentionplatform.nurture.webhook.WebhookTestSupport.attemptsOf;
import static io.retentionplatform.nurture.webhook.WebhookTestSupport.enqueue;
import static io.retentionplatform.nurture.webhook.WebhookTestSupport.register;
import static io.retentionplatform.nurture.webhook.WebhookTestSupport.statusOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.retentionplatform.nurture.webhook.WebhookReceiver.Answer;
import io.retentionplatform.nurture.webhook.WebhookReceiver.Received;
import io.retentionplatform.nurture.webhook.WebhookTestSupport.Endpoint;
import io.retentionplatform.support.testing.TestTokens;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Outbound webhooks end to end: enqueued in a real PostgreSQL transaction, delivered over real HTTP to a receiver in
 * the test, signatures checked with the Standard Webhooks reference library (com.standardwebhooks), time moved with
 * the adjustable clock instead of waited for.
 */
@QuarkusTest
class OutboundWebhookTest {

    private static WebhookReceiver receiver;

    @Inject
    WebhookOutbox outbox;

    @Inject
    WebhookDeliveryWorker worker;

    @Inject
    AdjustableClock clock;

    @Inject
    ObjectMapper json;

    private final List<String> endpoints = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        TestTokens.signInAsOperator();
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
        TestTokens.signOut();
    }

    @AfterEach
    void cleanUp() {
        worker.pause(false);
        endpoints.forEach(WebhookTestSupport::delete);
        clock.reset();
    }

    private String path(String name) {
        return "/" + name + "-" + UUID.randomUUID();
    }

    private Endpoint endpoint(String path, String... eventTypes) {
        Endpoint endpoint = register(receiver.url(path), List.of(eventTypes));
        endpoints.add(endpoint.id());
        return endpoint;
    }

    /** Moves the service's time and wakes the worker (the poll would, a few seconds later). */
    private void advance(Duration by) {
        clock.advance(by);
        worker.wakeUp();
    }

    private List<Received> awaitRequests(String path, int count) {
        return await("request " + count + " at " + path).atMost(Duration.ofSeconds(15))
                .until(() -> receiver.at(path), list -> list.size() >= count);
    }

    private void assertNoMoreRequests(String path, int count) {
        await("still " + count + " requests at " + path).during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> receiver.at(path).size() == count);
    }

    @Test
    void aCommittedEventIsDeliveredPromptlyInTheEnvelopeAndVerifiesWithTheReferenceLibrary() throws Exception {
        String path = path("signed");
        Endpoint endpoint = endpoint(path);

        long committed = System.nanoTime();
        List<String> ids = enqueue(outbox, "segment.entered", "acme", Map.of("segment", "quadrant:silent_satisfieds"));
        Received request = awaitRequests(path, 1).get(0);

        // Woken by the commit's notification, not the poll (every 30 s in the tests).
        Duration latency = Duration.ofNanos(request.receivedAtNanos() - committed);
        System.out.printf("webhook figures: commit to receipt %d ms%n", latency.toMillis());
        assertThat(latency).isLessThan(Duration.ofSeconds(2));
        assertThat(ids).containsExactly(request.webhookId());
        assertThat(request.webhookId()).startsWith("msg_");
        assertThat(Long.parseLong(request.timestamp())).isCloseTo(clock.instant().getEpochSecond(),
                org.assertj.core.data.Offset.offset(5L));
        new Webhook(endpoint.secret()).verify(request.body(), request.headers()); // throws when it does not verify
        JsonNode body = json.readTree(request.body());
        assertThat(body.get("type").asText()).isEqualTo("segment.entered");
        assertThat(body.get("timestamp").asText()).isNotBlank();
        assertThat(body.get("data").get("segment").asText()).isEqualTo("quadrant:silent_satisfieds");

        await().untilAsserted(() -> assertThat(statusOf(endpoint.id(), request.webhookId())).isEqualTo("delivered"));
        assertThat(attemptsOf(request.webhookId()).getList("items.httpStatus")).containsExactly(200);
    }

    @Test
    void onlySubscribedEndpointsGetAMessage() {
        String entered = path("entered");
        String everything = path("everything");
        endpoint(entered, "segment.entered");
        endpoint(everything);

        List<String> ids = enqueue(outbox, "segment.left", "acme", Map.of());

        awaitRequests(everything, 1);
        assertThat(ids).hasSize(1);
        assertNoMoreRequests(entered, 0);
    }

    @Test
    void nothingIsSentWhenTheEnqueuingTransactionRollsBack() {
        String path = path("rollback");
        endpoint(path);

        Throwable failure = null;
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.enqueue("x", "acme", Map.of())
                    .chain(ids -> Uni.createFrom().failure(new IllegalStateException("the caller's change failed")))));
        } catch (Throwable e) {
            failure = e;
        }
        assertThat(failure).hasMessageContaining("the caller's change failed");
        clock.advance(Duration.ofMinutes(1));
        worker.wakeUp();
        assertNoMoreRequests(path, 0);
    }

    @Test
    void duringARotationBothSecretsSignAndEachVerifiesOnItsOwn() throws Exception {
        String path = path("rotation");
        Endpoint endpoint = endpoint(path);
        String rotated = given().post("/webhook-endpoints/{id}/secrets/rotate", endpoint.id()).then().statusCode(200)
                .extract().jsonPath().getString("secret");
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(endpoint.secret());

        enqueue(outbox, "segment.entered", "acme", Map.of("n", 1));
        Received during = awaitRequests(path, 1).get(0);

        assertThat(during.signature().split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        new Webhook(endpoint.secret()).verify(during.body(), during.headers());
        new Webhook(rotated).verify(during.body(), during.headers());
        // Each signature is its own secret's: each verifies alone.
        for (String secret : List.of(endpoint.secret(), rotated)) {
            String own = new Webhook(secret).sign(during.webhookId(), Long.parseLong(during.timestamp()), during.body());
            assertThat(during.signature().split(" ")).contains(own);
        }

        // After the overlap (24 h) only the new secret signs.
        clock.advance(Duration.ofHours(25));
        enqueue(outbox, "segment.entered", "acme", Map.of("n", 2));
        Received after = awaitRequests(path, 2).get(1);
        long timestamp = Long.parseLong(after.timestamp());
        assertThat(after.signature()).isEqualTo(new Webhook(rotated).sign(after.webhookId(), timestamp, after.body()));
    }

    @Test
    void retriesKeepTheWebhookIdAndFollowTheSchedule() {
        clock.freeze();
        String path = path("retry");
        Endpoint endpoint = endpoint(path);
        receiver.script(path, Answer.status(500), Answer.status(502));

        String id = enqueue(outbox, "segment.entered", "acme", Map.of()).get(0);
        awaitRequests(path, 1);
        assertNoMoreRequests(path, 1);              // the second attempt waits 5 s of the service's time
        advance(Duration.ofSeconds(4));
        assertNoMoreRequests(path, 1);
        advance(Duration.ofSeconds(1));
        awaitRequests(path, 2);
        advance(Duration.ofSeconds(299));           // the third waits 5 min more
        assertNoMoreRequests(path, 2);
        advance(Duration.ofSeconds(1));
        List<Received> requests = awaitRequests(path, 3);

        assertThat(requests).extracting(Received::webhookId).containsOnly(id);
        long[] timestamps = requests.stream().mapToLong(r -> Long.parseLong(r.timestamp())).toArray();
        assertThat(timestamps[1] - timestamps[0]).isEqualTo(5);
        assertThat(timestamps[2] - timestamps[1]).isEqualTo(300);
        await().untilAsserted(() -> assertThat(statusOf(endpoint.id(), id)).isEqualTo("delivered"));
        var attempts = attemptsOf(id);
        assertThat(attempts.getList("items.attempt", Integer.class)).containsExactly(1, 2, 3);
        assertThat(attempts.getList("items.httpStatus", Integer.class)).containsExactly(500, 502, 200);
        assertThat(attempts.getList("items.responseExcerpt", String.class)).allMatch(e -> e.startsWith("answer "));
        assertThat(attempts.getInt("total")).isEqualTo(3);
    }

    @Test
    void aMessageFailsAfterTheLastAttemptOfTheSchedule() {
        clock.freeze();
        String path = path("exhausted");
        Endpoint endpoint = endpoint(path);
        Answer[] failures = new Answer[8];
        Arrays.fill(failures, Answer.status(500));
        receiver.script(path, failures);

        String id = enqueue(outbox, "segment.entered", "acme", Map.of()).get(0);
        awaitRequests(path, 1);
        List<Duration> waits = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
                Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
        for (int i = 0; i < waits.size(); i++) {
            advance(waits.get(i));
            awaitRequests(path, i + 2);
        }

        await().untilAsserted(() -> assertThat(statusOf(endpoint.id(), id)).isEqualTo("failed"));
        advance(Duration.ofDays(2));
        assertNoMoreRequests(path, 8);
        assertThat(attemptsOf(id).getList("items.httpStatus", Integer.class)).hasSize(8).containsOnly(500);
    }

    @Test
    void goneDisablesTheEndpointAndStopsItsPendingMessages() {
        String path = path("gone");
        Endpoint endpoint = endpoint(path);
        receiver.script(path, Answer.status(500), Answer.status(410));

        String waiting = enqueue(outbox, "segment.entered", "acme", Map.of("n", 1)).get(0);
        awaitRequests(path, 1);                       // 500: retried in 5 s
        String gone = enqueue(outbox, "segment.entered", "acme", Map.of("n", 2)).get(0);
        awaitRequests(path, 2);                       // 410

        await().untilAsserted(() -> given().get("/webhook-endpoints/{id}", endpoint.id()).then().statusCode(200)
                .body("enabled", org.hamcrest.Matchers.is(false))
                .body("disabledReason", org.hamcrest.Matchers.containsString("410")));
        assertThat(statusOf(endpoint.id(), gone)).isEqualTo("disabled");
        assertThat(statusOf(endpoint.id(), waiting)).isEqualTo("disabled");
        advance(Duration.ofHours(1));
        assertNoMoreRequests(path, 2);
        assertThat(enqueue(outbox, "segment.entered", "acme", Map.of("n", 3))).isEmpty();

        given().header("Authorization", TestTokens.bearer("manager")).post("/webhook-endpoints/{id}/enable", endpoint.id())
                .then().statusCode(200).body("enabled", org.hamcrest.Matchers.is(true));
        String afterwards = enqueue(outbox, "segment.entered", "acme", Map.of("n", 4)).get(0);
        assertThat(awaitRequests(path, 3).get(2).webhookId()).isEqualTo(afterwards);
    }

    @Test
    void tooManyRequestsWaitsForRetryAfter() {
        clock.freeze();
        String path = path("throttled");
        Endpoint endpoint = endpoint(path);
        receiver.script(path, new Answer(429, "120", 0));

        String id = enqueue(outbox, "segment.entered", "acme", Map.of()).get(0);
        awaitRequests(path, 1);
        advance(Duration.ofSeconds(5));               // the schedule's next step is not enough
        assertNoMoreRequests(path, 1);
        advance(Duration.ofSeconds(115));
        assertThat(awaitRequests(path, 2).get(1).webhookId()).isEqualTo(id);
        await().untilAsserted(() -> assertThat(statusOf(endpoint.id(), id)).isEqualTo("delivered"));
        assertThat(attemptsOf(id).getList("items.httpStatus", Integer.class)).containsExactly(429, 200);
    }

    @Test
    void twoConcurrentWorkersNeverSendOneMessageTwice() throws Exception {
        String path = path("concurrent");
        endpoint(path);
        receiver.delay(path, 400);                    // both claims overlap while the first batch is in flight
        worker.pause(true);
        await().until(worker::idle);
        int messages = 60;                            // more than one batch (50)
        for (int i = 0; i < messages; i++) {
            enqueue(outbox, "segment.entered", "acme-" + i, Map.of("n", i));
        }

        ExecutorService threads = Executors.newFixedThreadPool(2);
        Callable<Integer> run = () -> {
            try {
                return VertxContextSupport.subscribeAndAwait(() -> worker.deliverDue());
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        };
        Future<Integer> first = threads.submit(run);
        Future<Integer> second = threads.submit(run);
        int claimedFirst = first.get();
        int claimedSecond = second.get();
        threads.shutdown();

        assertThat(claimedFirst + claimedSecond).isEqualTo(messages);
        assertThat(Math.min(claimedFirst, claimedSecond)).isPositive();
        Map<String, Long> sends = receiver.at(path).stream()
                .collect(Collectors.groupingBy(Received::webhookId, HashMap::new, Collectors.counting()));
        assertThat(sends).hasSize(messages);
        assertThat(sends.values()).containsOnly(1L);
        assertThat(sends.keySet().stream().map(id -> attemptsOf(id).getInt("total")).toList()).containsOnly(1);
        // Every message is done: a further run finds none.
        assertThat(run.call()).isZero();
    }

    @Test
    void aThousandMessagesAreDeliveredWithinAMinute() {
        String path = path("throughput");
        endpoint(path);
        int messages = 1000;
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
                Uni<List<String>> chain = Uni.createFrom().item(List.of());
                for (int i = 0; i < messages; i++) {
                    int n = i;
                    chain = chain.chain(ignored -> outbox.enqueue("segment.entered", "acme-" + n, Map.of("n", n)));
                }
                return chain;
            }));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
        long committed = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.at(path).size() >= messages);
        long ms = Duration.ofNanos(System.nanoTime() - committed).toMillis();
        System.out.printf("webhook figures: %d messages delivered in %d ms (%.0f/s)%n", messages, ms, messages * 1000.0 / ms);
        assertThat(receiver.at(path).stream().map(Received::webhookId).distinct().count()).isEqualTo(messages);
    }
}
