package io.retentionplatform.infra.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.retentionplatform.infra.security.Credentials;

/**
 * The nurture benchmark ({@code ./suite bench nurture}), against a real PostgreSQL and a running nurture-service, with
 * a webhook receiver of its own on 127.0.0.1 standing in for marketing automation:
 * <ol>
 * <li>(a) the ceiling: a plain JDK HTTP client posting copies of a {@code nurture.step.due} body to that receiver, with
 * as many requests in flight as the delivery worker has ({@code --concurrency}, the worker's batch size). Nothing is
 * signed, stored or claimed: what is left is the cost of HTTP on this machine, which the worker cannot beat;</li>
 * <li>a cadence of one step (email, no wait) created through the API and the receiver registered as the endpoint of
 * {@code nurture.step.due}; then the due steps seeded straight into {@code enrollment} (with the accounts' signals) in
 * one transaction, so the scheduler finds all of them at once, at its commit;</li>
 * <li>(b) signed deliveries per second: from that commit until the receiver has had every distinct {@code webhook-id}.
 * The receiver counts a second delivery of an id as a duplicate (there must be none) and checks the Standard Webhooks
 * signature of a sample with the endpoint's secret;</li>
 * <li>(c) dispatch time: from that commit until every enrollment has its {@code enrollment_step} row (the scheduler
 * has claimed it, recorded the step and queued its webhook), polled every 250 ms.</li>
 * </ol>
 * (b) and (c) come from the same run: the scheduler and the delivery worker share the service's two cores, as they do
 * in production. The last line is machine-readable.
 */
public final class NurtureBenchmark {

    /** Full size, the default: 100,000 due steps (and as many raw requests). */
    static final int FULL_DUE_STEPS = 100_000;

    /** The goals of the issue: deliveries at least half the raw HTTP rate; 100,000 due steps dispatched in under 60 s. */
    static final double GOAL_WEBHOOKS_VS_RAW = 0.50;
    static final double GOAL_DISPATCH_S = 60;

    static final String EVENT_TYPE = "nurture.step.due";
    static final String CADENCE_ID = "bench-nurture";
    static final String CADENCE_NAME = "Benchmark nurture: getting more out of reporting";
    static final String STEP_TITLE = "Three reports your team has not opened yet, and what they would show you";
    static final String TRIGGER = "rule:bench";
    /** One in this many deliveries has its signature checked (and its body read): enough to catch a wrong key or body. */
    static final int VERIFY_EVERY = 100;

    /** The admin token ./suite bench issues (RETENTION_TOKEN): admin includes manager. */
    private static final Credentials CREDENTIALS = Credentials.fromEnvironment();

    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> args;
    private final HttpClient api = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String serviceUrl;
    private final String jdbc;
    private final int steps;
    private final int concurrency;
    private final int cadenceSteps;
    private final Duration timeout;

    private NurtureBenchmark(Map<String, String> args) {
        this.args = args;
        this.serviceUrl = arg("nurture-url", "http://127.0.0.1:18083");
        this.jdbc = arg("jdbc", "jdbc:postgresql://127.0.0.1:35432/nurture");
        this.steps = Integer.parseInt(arg("due-steps", Integer.toString(FULL_DUE_STEPS)));
        this.concurrency = Integer.parseInt(arg("concurrency", "50"));
        this.cadenceSteps = Integer.parseInt(arg("cadence-steps", "1"));
        this.timeout = Duration.ofSeconds(Long.parseLong(arg("timeout-seconds", "900")));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("Options are --name=value, not " + a);
            }
            args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        // A missed goal is a figure, reported like the other benchmarks do; a wrong delivery is a failure.
        System.exit(new NurtureBenchmark(args).run() ? 0 : 1);
    }

    /** Runs (a), (b) and (c); false when a delivery was wrong (a duplicate, a bad signature) or none was checked. */
    private boolean run() throws Exception {
        say("%s; %d requests in flight (the delivery worker's batch size)", sizes(), concurrency);
        try (Receiver receiver = Receiver.start(Integer.parseInt(arg("receiver-threads", "4")))) {
            byte[] sample = stepBody(1, cadenceSteps, Instant.now().truncatedTo(ChronoUnit.MICROS));
            double raw = raw(receiver, sample);
            say("(a) raw HTTP: %,d POSTs of %d bytes, %d in flight: %,.0f requests/s", steps, sample.length, concurrency, raw);

            int version = createCadence();
            String secret = registerEndpoint(receiver.url());
            receiver.expect(steps, secret);
            Seeded seeded;
            try (Connection db = DriverManager.getConnection(jdbc, "postgres", "")) {
                seeded = seed(db, version);
                say("    %,d due steps seeded in one transaction (insert %.1f s, commit %.2f s); the clock runs from the commit",
                        steps, seeded.insertSeconds(), seeded.commitSeconds());
                Double dispatch = awaitDispatched(db, seeded, receiver);
                double deliveredSeconds = receiver.awaitAll(seeded.committedAt(), timeout);
                double webhooks = steps / deliveredSeconds;
                // A message delivered twice (a batch sent again after a failed commit, say) would come after the others:
                // the worker's poll interval and a little more to let one show up before duplicates are counted.
                Thread.sleep(Long.parseLong(arg("settle-ms", "3000")));
                say("(b) signed webhooks through the scheduler: %,d distinct webhook-ids received in %.1f s = %,.0f webhooks/s; "
                        + "first %.0f ms after the commit", receiver.distinct(), deliveredSeconds, webhooks,
                        receiver.firstAfterMs(seeded.committedAt()));
                say("    bodies received: %d bytes on average (the raw POSTs: %d); signatures checked %,d, wrong %,d; duplicate "
                        + "webhook-ids %,d", receiver.averageBodyBytes(), sample.length, receiver.verified(), receiver.badSignatures(),
                        receiver.duplicates());
                say("(c) dispatch of %,d due steps (each recorded in enrollment_step, its webhook queued): %s", steps,
                        dispatch == null ? "not finished" : String.format("%.1f s = %,.0f steps/s", dispatch, steps / dispatch));
                return report(raw, webhooks, dispatch == null ? Double.NaN : dispatch, receiver);
            }
        }
    }

    private boolean report(double raw, double webhooks, double dispatch, Receiver receiver) {
        boolean full = full();
        System.out.println();
        System.out.println(sizes());
        List<String> missed = new ArrayList<>();
        goal(missed, "webhooks vs raw HTTP", ratio(webhooks / raw) + " (" + String.format("%,.0f/s of %,.0f/s", webhooks, raw) + ")",
                ">= " + ratio(GOAL_WEBHOOKS_VS_RAW), webhooks / raw >= GOAL_WEBHOOKS_VS_RAW);
        String dispatchLabel = String.format("dispatch of %,d due steps", steps);
        if (full) {
            goal(missed, dispatchLabel, String.format("%.1f s", dispatch), String.format("< %.0f s", GOAL_DISPATCH_S),
                    dispatch < GOAL_DISPATCH_S);
        } else {
            System.out.printf("  %-30s %-34s %-24s %s%n", dispatchLabel, String.format("%.1f s", dispatch), "< 60 s at full size",
                    "not judged: reduced size");
        }
        goal(missed, "duplicate deliveries", String.format("%,d", receiver.duplicates()), "0", receiver.duplicates() == 0);
        goal(missed, "wrong signatures", String.format("%,d of %,d checked", receiver.badSignatures(), receiver.verified()), "0",
                receiver.badSignatures() == 0 && receiver.verified() > 0);
        System.out.println(missed.isEmpty() ? "every goal judged was met" : "goals missed or without a figure: " + String.join(", ", missed));
        System.out.printf("webhooks_per_s=%.0f webhooks_vs_raw_ratio=%.2f due_steps=%d dispatch_s=%.1f%n", webhooks, webhooks / raw,
                steps, dispatch);
        return receiver.duplicates() == 0 && receiver.badSignatures() == 0 && receiver.verified() > 0;
    }

    private static void goal(List<String> missed, String figure, String value, String goal, boolean met) {
        boolean known = !value.contains("NaN");
        System.out.printf("  %-30s %-34s %-24s %s%n", figure, value, "goal " + goal, !known ? "no figure" : met ? "met" : "MISSED");
        if (!known || !met) {
            missed.add(figure);
        }
    }

    private String sizes() {
        return String.format("sizes: %,d due steps, %,d raw requests%s (%s)", steps, steps,
                cadenceSteps == 1 ? "" : ", cadences of " + cadenceSteps + " steps (a diagnosis: the issue's cadence has one)",
                full() ? "full size" : "REDUCED; full size is 100,000 due steps of one-step cadences");
    }

    private boolean full() {
        return steps == FULL_DUE_STEPS && cadenceSteps == 1;
    }

    // --- (a) the raw HTTP ceiling --------------------------------------------------------------------------------

    /**
     * {@code concurrency} threads, each posting one request at a time over its kept-alive connection (HTTP/1.1, as
     * the worker sends), until {@code steps} requests are answered. Returns requests/s. The headers are those of a
     * webhook (fixed values, not signed): the same bytes on the wire as a delivery, minus the work of making them.
     */
    private double raw(Receiver receiver, byte[] body) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(receiver.url())).timeout(Duration.ofSeconds(10))
                .header("content-type", "application/json")
                .header("user-agent", "retention-platform-webhooks/1")
                .header("webhook-id", "msg_" + "0".repeat(32))
                .header("webhook-timestamp", Long.toString(Instant.now().getEpochSecond()))
                .header("webhook-signature", "v1," + Base64.getEncoder().encodeToString(new byte[32]))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        // A short warm-up (connections opened, the JIT at work on both sides), not counted.
        post(client, request, Math.min(steps, 5_000));
        receiver.resetRaw();
        long t0 = System.nanoTime();
        post(client, request, steps);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (receiver.raw() != steps) {
            throw new IllegalStateException("the receiver counted " + receiver.raw() + " raw requests of " + steps);
        }
        return steps / seconds;
    }

    private void post(HttpClient client, HttpRequest request, int total) throws Exception {
        AtomicInteger left = new AtomicInteger(total);
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                done.add(senders.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() / 100 != 2) {
                            throw new IllegalStateException("the receiver answered " + response.statusCode());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /**
     * A {@code nurture.step.due} body as the service writes it: the Standard Webhooks envelope around a StepMessage
     * (field for field, in its order), for one seeded enrollment.
     */
    static byte[] stepBody(long enrollment, int cadenceSteps, Instant at) throws IOException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("enrollmentId", enrollment);
        data.put("accountId", account(enrollment));
        data.put("accountName", accountName(enrollment));
        data.put("cadenceId", CADENCE_ID);
        data.put("cadenceVersion", 1);
        data.put("cadenceName", CADENCE_NAME);
        data.put("stepIndex", 0);
        data.put("stepsTotal", cadenceSteps);
        data.put("channel", "email");
        data.put("content", "educational");
        data.put("title", STEP_TITLE);
        data.put("trigger", TRIGGER);
        data.put("dueAt", at.toString());
        data.put("health", 62);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", EVENT_TYPE);
        envelope.put("timestamp", at.toString());
        envelope.put("data", data);
        return JSON.writeValueAsBytes(envelope);
    }

    static String account(long i) {
        return String.format("bench-nurture-account-%06d", i);
    }

    static String accountName(long i) {
        return String.format("Benchmark Logistics & Warehousing Group %06d B.V.", i);
    }

    // --- setup through the API -------------------------------------------------------------------------------------

    /**
     * PUT /cadences/bench-nurture: one email step, no wait, no exits, nobody held out. Returns its current version.
     * With {@code --cadence-steps=N} (a diagnosis, not the figure) N steps, the later ones a week apart: the
     * first step is then not the last, and the scheduler moves the enrollment on instead of completing it.
     */
    private int createCadence() throws Exception {
        List<Map<String, Object>> cadenceSteps = new ArrayList<>();
        for (int i = 0; i < this.cadenceSteps; i++) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("channel", "email");
            step.put("content", "educational");
            step.put("wait", i == 0 ? "PT0S" : "P7D");
            step.put("title", STEP_TITLE);
            cadenceSteps.add(step);
        }
        Map<String, Object> cadence = new LinkedHashMap<>();
        cadence.put("name", CADENCE_NAME);
        cadence.put("trigger", TRIGGER);
        cadence.put("steps", cadenceSteps);
        cadence.put("exitOn", List.of());
        cadence.put("holdoutShare", 0);
        JsonNode created = call("PUT", "/cadences/" + CADENCE_ID, JSON.writeValueAsString(cadence));
        return created.path("version").asInt();
    }

    /** POST /webhook-endpoints for the receiver, allowed to be private (the service runs with private addresses allowed). */
    private String registerEndpoint(String url) throws Exception {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("url", url);
        endpoint.put("description", "./suite bench nurture receiver");
        endpoint.put("eventTypes", List.of(EVENT_TYPE));
        endpoint.put("allowPrivate", true);
        JsonNode created = call("POST", "/webhook-endpoints", JSON.writeValueAsString(endpoint));
        String secret = created.path("secret").asText();
        if (!secret.startsWith("whsec_")) {
            throw new IllegalStateException("no signing secret in the answer: " + created);
        }
        say("    cadence %s and webhook endpoint %s (%s) created", CADENCE_ID, created.path("id").asText(), url);
        return secret;
    }

    private JsonNode call(String method, String path, String body) throws Exception {
        HttpRequest request = CREDENTIALS.request(serviceUrl + path).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = api.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    // --- the seed --------------------------------------------------------------------------------------------------

    /** The seeded enrollments' id range, and when their transaction committed (System.nanoTime). */
    private record Seeded(long firstId, long lastId, long committedAt, double insertSeconds, double commitSeconds) {
    }

    /**
     * Every due step at once, in one transaction: the accounts' signals (a name and a health, as health-scores and
     * account-changes would have left them), then one active enrollment each at step 0, due now. Nothing is visible to
     * the scheduler before the commit, so all of it becomes due at one instant, the start of (b) and (c). The clock
     * starts just before the commit is sent: the commit itself counts against the service, not for it.
     */
    private Seeded seed(Connection db, int version) throws SQLException {
        db.setAutoCommit(false);
        long t0 = System.nanoTime();
        try (PreparedStatement signals = db.prepareStatement("INSERT INTO account_signal (account_id, health_version, health, "
                + "health_at, account_version, account_name, active) SELECT format('bench-nurture-account-%s', lpad(i::text, 6, '0')), "
                + "1, 62, now(), 1, format('Benchmark Logistics & Warehousing Group %s B.V.', lpad(i::text, 6, '0')), true "
                + "FROM generate_series(1, ?) AS i ON CONFLICT (account_id) DO NOTHING")) {
            signals.setInt(1, steps);
            signals.executeUpdate();
        }
        long first;
        long last;
        try (PreparedStatement enrollments = db.prepareStatement("WITH seeded AS (INSERT INTO enrollment (account_id, cadence_id, "
                + "cadence_version, status, held_out, trigger_segment, next_step, steps_total, next_step_at, entered_at, "
                + "window_ends_at, health_at_entry) SELECT format('bench-nurture-account-%s', lpad(i::text, 6, '0')), ?, ?, 'active', "
                + "false, ?, 0, ?, now(), now(), now() + interval '30 days', 62 FROM generate_series(1, ?) AS i "
                + "RETURNING enrollment_id) SELECT min(enrollment_id), max(enrollment_id), count(*) FROM seeded")) {
            enrollments.setString(1, CADENCE_ID);
            enrollments.setInt(2, version);
            enrollments.setString(3, TRIGGER);
            enrollments.setInt(4, cadenceSteps);
            enrollments.setInt(5, steps);
            try (ResultSet r = enrollments.executeQuery()) {
                r.next();
                first = r.getLong(1);
                last = r.getLong(2);
                if (r.getLong(3) != steps || last - first + 1 != steps) {
                    throw new IllegalStateException("seeded " + r.getLong(3) + " enrollments, ids " + first + ".." + last);
                }
            }
        }
        long committing = System.nanoTime();
        db.commit();
        long committed = System.nanoTime();
        db.setAutoCommit(true);
        return new Seeded(first, last, committing, (committing - t0) / 1e9, (committed - committing) / 1e9);
    }

    // --- (c) dispatch -----------------------------------------------------------------------------------------------

    /**
     * Polls, every 250 ms, how many of the seeded enrollments have their step recorded; returns the seconds from the
     * commit to the poll that found all of them (null on timeout). Progress (and the deliveries so far) every 5 s.
     */
    private Double awaitDispatched(Connection db, Seeded seeded, Receiver receiver) throws Exception {
        long deadline = seeded.committedAt() + timeout.toNanos();
        long lastLog = System.nanoTime();
        try (PreparedStatement count = db.prepareStatement(
                "SELECT count(*) FROM enrollment_step WHERE enrollment_id BETWEEN ? AND ?")) {
            count.setLong(1, seeded.firstId());
            count.setLong(2, seeded.lastId());
            while (System.nanoTime() < deadline) {
                long polled = System.nanoTime();
                long dispatched;
                try (ResultSet r = count.executeQuery()) {
                    r.next();
                    dispatched = r.getLong(1);
                }
                if (dispatched >= steps) {
                    return (polled - seeded.committedAt()) / 1e9;
                }
                if (polled - lastLog > 5e9) {
                    say("    ... %.0f s: %,d steps dispatched, %,d webhooks received", (polled - seeded.committedAt()) / 1e9, dispatched,
                            receiver.distinct());
                    lastLog = polled;
                }
                long wait = polled + 250_000_000L - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        }
        return null;
    }

    private String arg(String name, String fallback) {
        return args.getOrDefault(name, fallback);
    }

    private static String ratio(double value) {
        return String.format("%.2f", value);
    }

    private static void say(String format, Object... values) {
        System.out.printf("[bench] " + format + "%n", values);
    }

    // --- the receiver ------------------------------------------------------------------------------------------------

    /**
     * Marketing automation's side: the JDK's HTTP server on 127.0.0.1 (an ephemeral port), answering 204 at once.
     * Before {@link #expect} it only counts (the raw ceiling); after, it records each delivery's {@code webhook-id}:
     * a second delivery of one is a duplicate, and one in {@value #VERIFY_EVERY} has its signature checked, per
     * Standard Webhooks, HMAC-SHA256 over {@code id.timestamp.body} keyed with the base64-decoded part of the secret
     * after {@code whsec_}, sent as {@code v1,<base64>}, and its body's type.
     */
    static final class Receiver implements AutoCloseable {

        private final HttpServer server;
        private final ExecutorService handlers;
        private final AtomicLong raw = new AtomicLong();
        private final Set<String> ids = ConcurrentHashMap.newKeySet();
        private final AtomicLong duplicates = new AtomicLong();
        private final AtomicLong verified = new AtomicLong();
        private final AtomicLong badSignatures = new AtomicLong();
        private final AtomicLong bodyBytes = new AtomicLong();
        private final AtomicLong deliveries = new AtomicLong();
        private final AtomicLong first = new AtomicLong();
        private volatile int expected = -1;
        private volatile byte[] key;
        private volatile long allReceivedAt;

        private Receiver(HttpServer server, ExecutorService handlers) {
            this.server = server;
            this.handlers = handlers;
        }

        static Receiver start(int threads) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
            ExecutorService handlers = Executors.newFixedThreadPool(threads);
            Receiver receiver = new Receiver(server, handlers);
            server.createContext("/", receiver::handle);
            server.setExecutor(handlers);
            server.start();
            return receiver;
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/nurture";
        }

        void resetRaw() {
            raw.set(0);
        }

        long raw() {
            return raw.get();
        }

        /** From now on, deliveries are counted by webhook-id and checked against this endpoint secret. */
        void expect(int count, String secret) {
            key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            expected = count;
        }

        private void handle(HttpExchange exchange) throws IOException {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (expected < 0) {
                raw.incrementAndGet();
            } else {
                delivered(exchange, body);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        }

        private void delivered(HttpExchange exchange, byte[] body) {
            long now = System.nanoTime();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            long n = deliveries.incrementAndGet();
            first.compareAndSet(0, now);
            bodyBytes.addAndGet(body.length);
            if (id == null || !ids.add(id)) {
                duplicates.incrementAndGet();
                return;
            }
            if (n % VERIFY_EVERY == 1) {
                verified.incrementAndGet();
                if (!signed(id, exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body)) {
                    badSignatures.incrementAndGet();
                }
            }
            if (ids.size() >= expected && allReceivedAt == 0) {
                synchronized (this) {
                    if (allReceivedAt == 0) {
                        allReceivedAt = now;
                        notifyAll();
                    }
                }
            }
        }

        /** One of the header's {@code v1,} signatures is ours over id.timestamp.body, and the body is a due step. */
        private boolean signed(String id, String timestamp, String header, byte[] body) {
            if (timestamp == null || header == null) {
                return false;
            }
            try {
                if (!EVENT_TYPE.equals(JSON.readTree(body).path("type").asText())) {
                    return false;
                }
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
                byte[] expectedSignature = Base64.getEncoder().encode(mac.doFinal(body));
                for (String candidate : header.trim().split(" +")) {
                    if (candidate.startsWith("v1,") && MessageDigest.isEqual(expectedSignature,
                            candidate.substring(3).getBytes(StandardCharsets.US_ASCII))) {
                        return true;
                    }
                }
                return false;
            } catch (IOException | GeneralSecurityException e) {
                return false;
            }
        }

        /** Seconds from {@code from} (nanoTime) until every expected id had arrived; NaN on timeout. */
        synchronized double awaitAll(long from, Duration timeout) throws InterruptedException {
            long deadline = from + timeout.toNanos();
            while (allReceivedAt == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Double.NaN;
                }
                TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, 1_000_000_000L));
            }
            return (allReceivedAt - from) / 1e9;
        }

        double firstAfterMs(long from) {
            return first.get() == 0 ? Double.NaN : (first.get() - from) / 1e6;
        }

        long distinct() {
            return ids.size();
        }

        long duplicates() {
            return duplicates.get();
        }

        long verified() {
            return verified.get();
        }

        long badSignatures() {
            return badSignatures.get();
        }

        long averageBodyBytes() {
            long n = deliveries.get();
            return n == 0 ? 0 : bodyBytes.get() / n;
        }

        @Override
        public void close() {
            server.stop(0);
            handlers.shutdownNow();
        }
    }
}
