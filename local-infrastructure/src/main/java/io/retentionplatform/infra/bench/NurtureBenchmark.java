package io.retentionplatform.infra.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.retentionplatform.infra.security.Credentials;

/**
 * The nurture benchmark ({@code ./suite bench nurture}), against a real PostgreSQL, Kafka and a running
 * nurture-service, with a real HTTP receiver in this process:
 * <ol>
 * <li>(a) the ceiling: a plain HTTP client posting the same payloads the service sends (a {@code nurture.step.due}
 * envelope) to the receiver, as many requests in flight as the service's delivery batch;</li>
 * <li>(c) {@code --steps} (100,000) enrollments made due at once in PostgreSQL, in one transaction, for a one-step cadence
 * created through the API; the time until the scheduler has recorded every step (and queued its webhook);</li>
 * <li>(b) the signed deliveries per second that reach the receiver, from the same commit until every step's webhook has
 * arrived; each {@code webhook-id} must arrive once, and a sample of signatures is verified with the endpoint's secret
 * (Standard Webhooks: HMAC-SHA256 over {@code id.timestamp.body}).</li>
 * </ol>
 * The last line is machine-readable.
 */
public final class NurtureBenchmark {

    /** The token ./suite bench issues (RETENTION_TOKEN): admin, which includes manager. */
    private static final Credentials CREDENTIALS = Credentials.fromEnvironment();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> args;
    private final HttpClient api = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String serviceUrl;
    private final int steps;
    private final int concurrency;

    private NurtureBenchmark(Map<String, String> args) {
        this.args = args;
        this.serviceUrl = arg("nurture-url", "http://127.0.0.1:18083");
        this.steps = Integer.parseInt(arg("steps", "100000"));
        this.concurrency = Integer.parseInt(arg("concurrency", "50"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            if (a.startsWith("--") && a.contains("=")) {
                args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        new NurtureBenchmark(args).run();
    }

    private void run() throws Exception {
        say("steps=%d, %d requests in flight (the service's nurture.webhooks.batch-size)", steps, concurrency);
        try (Receiver receiver = new Receiver()) {
            double raw = raw(receiver);
            say("(a) plain HTTP client -> local receiver, the same %d-byte payload: %,.0f requests/s", payload(0).length(), raw);
            receiver.reset();

            String cadence = "bench-" + Long.toString(System.currentTimeMillis(), 36);
            JsonNode endpoint = send("POST", "/webhook-endpoints", Map.of("url", receiver.url(), "eventTypes", List.of("nurture.step.due"),
                    "allowPrivate", true));
            receiver.secret(endpoint.path("secret").asText());
            send("PUT", "/cadences/" + cadence, Map.of("name", "Benchmark " + cadence, "trigger", "rule:" + cadence,
                    "steps", List.of(Map.of("channel", "email", "content", "educational", "wait", "PT0S")), "exitOn", List.of(),
                    "holdoutShare", 0));
            try (Connection db = DriverManager.getConnection(arg("jdbc", "jdbc:postgresql://127.0.0.1:35432/nurture"), "postgres", "")) {
                long committed = seed(db, cadence);
                double dispatch = awaitSteps(db, cadence, committed);
                say("(c) %,d due steps recorded by the scheduler (and their webhooks queued) in %.1f s = %,.0f steps/s; goal < 60 s: %s",
                        steps, dispatch, steps / dispatch, dispatch < 60 ? "met" : "MISSED");
                double delivered = receiver.awaitDistinct(steps, committed, Duration.ofMinutes(30));
                double rate = steps / delivered;
                double ratio = rate / raw;
                say("(b) %,d signed webhooks delivered through the scheduler in %.1f s = %,.0f webhooks/s, %.2f of the raw rate; "
                        + "goal >= 0.50: %s", steps, delivered, rate, ratio, ratio >= 0.5 ? "met" : "MISSED");
                say("    %,d requests received for %,d webhook ids (%d repeated); %d signatures verified, %d wrong",
                        receiver.requests.get(), receiver.ids.size(), receiver.requests.get() - receiver.ids.size(),
                        receiver.verified.get(), receiver.wrong.get());
                if (receiver.wrong.get() > 0 || receiver.requests.get() != receiver.ids.size()) {
                    throw new IllegalStateException("Deliveries were repeated or wrongly signed");
                }
                System.out.printf("webhooks_per_s=%.0f webhooks_vs_raw_ratio=%.2f due_steps=%d dispatch_s=%.1f%n", rate, ratio, steps,
                        dispatch);
            }
        }
    }

    /** (a): the same payload posted {@code steps} times, {@code concurrency} in flight. */
    private double raw(Receiver receiver) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4)).build();
        Semaphore inFlight = new Semaphore(concurrency);
        long t0 = System.nanoTime();
        CompletableFuture<?>[] all = new CompletableFuture<?>[steps];
        for (int i = 0; i < steps; i++) {
            String body = payload(i);
            inFlight.acquire();
            all[i] = client.sendAsync(HttpRequest.newBuilder(URI.create(receiver.url())).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json").header("webhook-id", "raw_" + i)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
                    .whenComplete((r, e) -> inFlight.release());
        }
        CompletableFuture.allOf(all).join();
        return steps / ((System.nanoTime() - t0) / 1e9);
    }

    /** A step message as the service sends it, about the same size. */
    private static String payload(int i) {
        return "{\"type\":\"nurture.step.due\",\"timestamp\":\"" + Instant.now() + "\",\"data\":{\"enrollmentId\":" + (1_000_000 + i)
                + ",\"accountId\":\"bench-" + i + "\",\"accountName\":null,\"cadenceId\":\"bench-cadence\",\"cadenceVersion\":1,"
                + "\"cadenceName\":\"Benchmark cadence\",\"stepIndex\":0,\"stepsTotal\":1,\"channel\":\"email\","
                + "\"content\":\"educational\",\"title\":null,\"trigger\":\"rule:bench-cadence\",\"dueAt\":\"" + Instant.now()
                + "\",\"health\":null}}";
    }

    /** {@code steps} enrollments due now, in one transaction; returns the commit time (nanoTime). */
    private long seed(Connection db, String cadence) throws SQLException {
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO enrollment (account_id, cadence_id, cadence_version, status, "
                + "held_out, trigger_segment, next_step, steps_total, next_step_at, entered_at, window_ends_at) "
                + "SELECT ? || '-' || g, ?, 1, 'active', false, ?, 0, 1, now(), now(), now() + interval '30 days' "
                + "FROM generate_series(1, ?) AS g")) {
            insert.setString(1, cadence);
            insert.setString(2, cadence);
            insert.setString(3, "rule:" + cadence);
            insert.setInt(4, steps);
            insert.executeUpdate();
        }
        db.commit();
        long committed = System.nanoTime();
        db.setAutoCommit(true);
        say("    seeded %,d enrollments due now (one transaction)", steps);
        return committed;
    }

    /** (c): seconds from the seed's commit until every enrollment has its step recorded. */
    private double awaitSteps(Connection db, String cadence, long committed) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        long lastPrint = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long done;
            try (PreparedStatement count = db.prepareStatement("SELECT count(*) FROM enrollment_step s JOIN enrollment e "
                    + "USING (enrollment_id) WHERE e.cadence_id = ?")) {
                count.setString(1, cadence);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    done = rs.getLong(1);
                }
            }
            long now = System.nanoTime();
            if (done >= steps) {
                return (now - committed) / 1e9;
            }
            if (now - lastPrint > 10e9) {
                lastPrint = now;
                say("    dispatching: %,d of %,d steps (%.0f s)", done, steps, (now - committed) / 1e9);
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The scheduler did not dispatch " + steps + " steps within 30 minutes");
    }

    private JsonNode send(String method, String path, Object body) throws Exception {
        HttpResponse<String> response = api.send(CREDENTIALS.request(serviceUrl + path).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private String arg(String name, String fallback) {
        return args.getOrDefault(name, fallback);
    }

    private static void say(String format, Object... values) {
        System.out.printf("[bench] " + format + "%n", values);
    }

    /**
     * The receiver: the JDK's HTTP server on 127.0.0.1, answering 204 at once. It counts requests and distinct
     * {@code webhook-id}s and verifies every 100th signature once it knows the endpoint's secret.
     */
    private static final class Receiver implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(8);
        final AtomicLong requests = new AtomicLong();
        final AtomicLong verified = new AtomicLong();
        final AtomicLong wrong = new AtomicLong();
        final Set<String> ids = ConcurrentHashMap.newKeySet();
        private volatile byte[] key;
        private volatile long lastArrival;

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
            server.setExecutor(threads);
            server.createContext("/", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/steps";
        }

        void secret(String whsec) {
            key = Base64.getDecoder().decode(whsec.substring("whsec_".length()));
        }

        void reset() {
            requests.set(0);
            ids.clear();
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            long n = requests.incrementAndGet();
            if (id != null) {
                ids.add(id);
            }
            lastArrival = System.nanoTime();
            if (key != null && n % 100 == 0) {
                check(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body);
            }
            exchange.sendResponseHeaders(204, -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
            }
        }

        private void check(String id, String timestamp, String header, byte[] body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                        (id + "." + timestamp + "." + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8)));
                boolean ok = header != null && List.of(header.split(" ")).contains(expected);
                (ok ? verified : wrong).incrementAndGet();
            } catch (GeneralSecurityException e) {
                wrong.incrementAndGet();
            }
        }

        /** Seconds from {@code since} (nanoTime) until {@code n} distinct webhook ids have arrived (at the last arrival). */
        double awaitDistinct(int n, long since, Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            long lastPrint = System.nanoTime();
            while (ids.size() < n) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Only " + ids.size() + " of " + n + " webhooks arrived within " + limit);
                }
                if (System.nanoTime() - lastPrint > 10e9) {
                    lastPrint = System.nanoTime();
                    say("    delivering: %,d of %,d webhooks arrived (%.0f s)", ids.size(), n, (lastPrint - since) / 1e9);
                }
                Thread.sleep(100);
            }
            return (lastArrival - since) / 1e9;
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
