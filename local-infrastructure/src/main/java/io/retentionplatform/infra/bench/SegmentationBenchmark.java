package io.retentionplatform.infra.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.infra.security.Credentials;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The segmentation benchmark ({@code ./suite bench segmentation}), against a real PostgreSQL, Kafka and a running
 * segmentation-service, in one run:
 * <ol>
 * <li>(a) the ceiling: batched upserts (1,000 rows a statement) of the accounts' rows straight into PostgreSQL;</li>
 * <li>10 rule segments created through the API (each evaluates the whole portfolio), then the accounts' usage
 * changed by a second raw upsert pass, so that about half of them change quadrant;</li>
 * <li>(b) a full re-evaluation of quadrant and rule-segment membership ({@code POST /segments/evaluation});</li>
 * <li>(c) latency from a published health score to the published segment change it causes, at half of (b)'s rate.</li>
 * </ol>
 * The last line is machine-readable.
 */
public final class SegmentationBenchmark {

    /** The ingest key and token ./suite bench issues (RETENTION_INGEST_KEY, RETENTION_TOKEN). */
    private static final Credentials CREDENTIALS = Credentials.fromEnvironment();

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] INDUSTRIES = {"saas", "professional_services", "manufacturing", "other"};
    private static final String[] TIERS = {"basic", "premium", "enterprise"};
    private static final String[] OWNERS = {"sanne", "joost", "eva", "daan", "fleur"};
    private static final int ROWS_PER_STATEMENT = 1000;

    private final Map<String, String> args;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String serviceUrl;
    private final int accounts;

    private SegmentationBenchmark(Map<String, String> args) {
        this.args = args;
        this.serviceUrl = arg("segmentation-url", "http://127.0.0.1:18082");
        this.accounts = Integer.parseInt(arg("accounts", "100000"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : argv) {
            if (a.startsWith("--") && a.contains("=")) {
                args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
        }
        new SegmentationBenchmark(args).run();
    }

    private void run() throws Exception {
        say("accounts=%d, 10 rule segments, latency for %s s", accounts, arg("latency-seconds", "30"));
        double rawFirst;
        double rawSecond;
        try (Connection db = DriverManager.getConnection(arg("jdbc", "jdbc:postgresql://127.0.0.1:35432/segmentation"),
                "postgres", "")) {
            rawFirst = upsert(db, 1);
            say("(a) raw batched upsert, first pass (inserts): %.0f rows/s", rawFirst);
            createSegments();
            awaitEvaluationsSettled(Duration.ofMinutes(20));
            JsonNode initial = get("/segments/evaluation");
            say("    initial evaluation of the 10 new segments (the last of the queued runs): %.1f s, %d membership changes",
                    initial.path("seconds").asDouble(), initial.path("changes").asLong());
            rawSecond = upsert(db, 2);
            say("(a) raw batched upsert, second pass (updates of the same rows, usage shifted): %.0f rows/s", rawSecond);
        }
        double ceiling = rawSecond;

        post("/segments/evaluation", "");
        JsonNode run = awaitEvaluation("requested", Duration.ofMinutes(20));
        double seconds = run.path("seconds").asDouble();
        double rate = accounts / seconds;
        double ratio = rate / ceiling;
        say("(b) re-evaluation of %d accounts (4 quadrants, 2 flags, 10 rule segments): %.1f s = %.0f accounts/s, "
                + "%d membership changes; %.2f of the raw upsert rate", accounts, seconds, rate, run.path("changes").asLong(), ratio);
        say("    where the time went: reading and locking pages %.1f s, deciding and writing memberships and outbox %.1f s,"
                + " commit %.1f s", run.path("loadSeconds").asDouble(), run.path("decideAndWriteSeconds").asDouble(),
                run.path("commitSeconds").asDouble());

        awaitSegmentChangesDrained();
        // Half of (b)'s rate, as the goal is stated; --latency-rate=N measures another rate (to find the sustained one).
        double latencyRate = args.containsKey("latency-rate") ? Double.parseDouble(arg("latency-rate", "0")) : rate / 2;
        long[] latency = latency(latencyRate, Integer.parseInt(arg("latency-seconds", "30")));
        say("(c) score published -> segment change published, at %.0f scores/s: p50 %d ms, p99 %d ms, max %d ms (%d samples)",
                latencyRate, latency[0], latency[1], latency[2], latency[3]);
        System.out.printf("reevaluate_accounts=%d reevaluate_s=%.1f reevaluate_vs_pg_ratio=%.2f segment_change_p99_ms=%d%n",
                accounts, seconds, ratio, latency[1]);
    }

    /** Upserts every account row (pass 1 inserts, pass 2 shifts usage so quadrants change); returns rows/s. */
    private double upsert(Connection db, int pass) throws SQLException {
        String columns = "account_id, crm_known, name, industry, plan_tier, entitled_features, arr, contract_arr, currency, "
                + "contract_start, renewal_date, owner, active, crm_version, health_score, health_band, adoption, support, "
                + "engagement, engagement_score30, engagement_score90, trend_change30, satisfaction_trap, "
                + "premium_pays_basic_use, score_version, score_computed_at, active_days30, inbound_contacts90, "
                + "outbound_contacts90, open_tickets, last_nps, last_human_contact_at, contact_intensity, updated_at";
        int width = columns.split(",").length;
        String row = "(" + "?,".repeat(width - 1) + "?)";
        StringBuilder sql = new StringBuilder("INSERT INTO account (").append(columns).append(") VALUES ");
        for (int i = 0; i < ROWS_PER_STATEMENT; i++) {
            sql.append(i == 0 ? "" : ",").append(row);
        }
        sql.append(" ON CONFLICT (account_id) DO UPDATE SET adoption = EXCLUDED.adoption, health_score = EXCLUDED.health_score, "
                + "health_band = EXCLUDED.health_band, contact_intensity = EXCLUDED.contact_intensity, "
                + "inbound_contacts90 = EXCLUDED.inbound_contacts90, outbound_contacts90 = EXCLUDED.outbound_contacts90, "
                + "score_version = EXCLUDED.score_version, updated_at = EXCLUDED.updated_at");
        db.setAutoCommit(false);
        Instant now = Instant.now();
        LocalDate today = LocalDate.now();
        long t0 = System.nanoTime();
        try (PreparedStatement statement = db.prepareStatement(sql.toString())) {
            for (int from = 0; from + ROWS_PER_STATEMENT <= accounts; from += ROWS_PER_STATEMENT) {
                int p = 1;
                for (int i = from; i < from + ROWS_PER_STATEMENT; i++) {
                    Random r = new Random(i * 31L + 7);
                    int adoption = adoption(i, pass);
                    int inbound = r.nextInt(4);
                    int outbound = r.nextInt(4);
                    int health = Math.max(0, Math.min(100, adoption / 2 + 20 + r.nextInt(40)));
                    statement.setString(p++, id(i));
                    statement.setBoolean(p++, true);
                    statement.setString(p++, "Bench account " + i);
                    statement.setString(p++, INDUSTRIES[i % INDUSTRIES.length]);
                    statement.setString(p++, TIERS[r.nextInt(TIERS.length)]);
                    statement.setString(p++, "dashboards,reports");
                    int arr = 5_000 + r.nextInt(295_000);
                    statement.setBigDecimal(p++, java.math.BigDecimal.valueOf(arr));
                    statement.setBigDecimal(p++, java.math.BigDecimal.valueOf(arr));
                    statement.setString(p++, "EUR");
                    statement.setObject(p++, today.minusDays(100 + r.nextInt(900)));
                    statement.setObject(p++, today.plusDays(r.nextInt(365)));
                    statement.setString(p++, OWNERS[r.nextInt(OWNERS.length)]);
                    statement.setBoolean(p++, true);
                    statement.setLong(p++, 1);
                    statement.setInt(p++, health);
                    statement.setString(p++, health >= 70 ? "healthy" : health >= 40 ? "watch" : "at_risk");
                    statement.setInt(p++, adoption);
                    statement.setInt(p++, 40 + r.nextInt(61));
                    statement.setInt(p++, r.nextInt(101));
                    statement.setInt(p++, r.nextInt(101));
                    statement.setInt(p++, r.nextInt(101));
                    statement.setInt(p++, r.nextInt(21) - 10);
                    statement.setBoolean(p++, r.nextInt(20) == 0);
                    statement.setBoolean(p++, r.nextInt(10) == 0);
                    statement.setLong(p++, pass);
                    statement.setTimestamp(p++, Timestamp.from(now));
                    statement.setInt(p++, r.nextInt(31));
                    statement.setInt(p++, inbound);
                    statement.setInt(p++, outbound);
                    statement.setInt(p++, r.nextInt(3));
                    statement.setInt(p++, r.nextInt(11));
                    statement.setTimestamp(p++, r.nextInt(4) == 0 ? null : Timestamp.from(now.minus(Duration.ofDays(r.nextInt(200)))));
                    statement.setDouble(p++, inbound + 0.5 * outbound);
                    statement.setTimestamp(p++, Timestamp.from(now));
                }
                statement.executeUpdate();
                db.commit();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return accounts / seconds;
    }

    /** Pass 1: an even spread; pass 2: shifted by 50 points, so accounts cross the usage threshold (50) both ways. */
    private static int adoption(int i, int pass) {
        int base = (int) ((i * 2654435761L) % 101);
        return pass == 1 ? base : (base + 50) % 101;
    }

    private static String id(int i) {
        return String.format("bench-%06d", i);
    }

    private void createSegments() throws Exception {
        List<Map<String, Object>> rules = List.of(
                and(cond("industry", "eq", "manufacturing"), cond("health", "lt", 40), cond("renewalDate", "within_next_days", 120),
                        Map.of("not", cond("quadrant", "eq", "active_advocates"))),
                and(cond("industry", "eq", "saas"), cond("arr", "gt", 100_000)),
                cond("band", "eq", "at_risk"),
                and(cond("daysSinceHumanContact", "gt", 90), cond("arr", "gt", 50_000)),
                and(Map.of("or", List.of(cond("industry", "eq", "professional_services"), cond("planTier", "eq", "premium"))),
                        cond("engagement", "lt", 30)),
                cond("renewalDate", "within_next_days", 60),
                and(cond("quadrant", "in", List.of("silent_satisfieds", "at_risk_disengaged")), cond("arr", "gte", 20_000)),
                cond("satisfactionTrap", "eq", true),
                and(Map.of("not", cond("band", "eq", "healthy")), cond("inboundContacts90", "eq", 0)),
                and(cond("lastNps", "gte", 7), cond("activeDays30", "lt", 5)));
        for (int i = 0; i < rules.size(); i++) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("id", "bench-rule-" + (i + 1));
            body.put("name", "Benchmark rule " + (i + 1));
            body.put("rule", rules.get(i));
            HttpResponse<String> response = send("POST", "/segments", JSON.writeValueAsString(body));
            if (response.statusCode() != 201 && response.statusCode() != 409) {
                throw new IllegalStateException("creating a segment: " + response.statusCode() + " " + response.body());
            }
        }
        say("    10 rule segments created");
    }

    private static Map<String, Object> and(Object... parts) {
        return Map.of("and", List.of(parts));
    }

    private static Map<String, Object> cond(String field, String op, Object value) {
        return Map.of("field", field, "op", op, "value", value);
    }

    /** Waits until no evaluation runs and none starts within 3 s (the segment creations queue runs). */
    private void awaitEvaluationsSettled(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int quiet = 0;
        while (quiet < 6) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("evaluations did not settle");
            }
            Thread.sleep(500);
            String state = get("/segments/evaluation").path("state").asText();
            if ("failed".equals(state)) {
                throw new IllegalStateException("an evaluation failed (see the service log)");
            }
            quiet = "running".equals(state) ? 0 : quiet + 1;
        }
    }

    private JsonNode awaitEvaluation(String trigger, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastLog = System.nanoTime();
        while (System.nanoTime() < deadline) {
            JsonNode progress = get("/segments/evaluation");
            if ("failed".equals(progress.path("state").asText())) {
                throw new IllegalStateException("the evaluation failed (see the service log): " + progress);
            }
            if (trigger.equals(progress.path("trigger").asText()) && "done".equals(progress.path("state").asText())) {
                return progress;
            }
            if (System.nanoTime() - lastLog > 5e9) {
                say("    ... %s: %d of %d", progress.path("trigger").asText(), progress.path("accountsDone").asLong(),
                        progress.path("accountsTotal").asLong());
                lastLog = System.nanoTime();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("evaluation '" + trigger + "' did not finish");
    }

    /** (b)'s changes are still being published by the outbox relay: (c) starts once segment-changes stops growing. */
    private void awaitSegmentChangesDrained() throws Exception {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, arg("kafka", "127.0.0.1:39092"));
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        long t0 = System.nanoTime();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
            var partitions = consumer.partitionsFor("segment-changes").stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            long last = -1;
            int stable = 0;
            while (stable < 4) {
                long sum = consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
                stable = sum == last ? stable + 1 : 0;
                last = sum;
                Thread.sleep(500);
            }
            say("    the relay finished publishing (b)'s changes %.1f s after (b) ended (%d messages on segment-changes)",
                    (System.nanoTime() - t0) / 1e9 - 2.0, last);
        }
    }

    /**
     * Publishes health scores that move accounts across the usage threshold (far past the hysteresis), at the given
     * rate, and times each until its segment change is on segment-changes. Returns p50, p99, max, samples.
     */
    private long[] latency(double perSecond, int seconds) throws Exception {
        String bootstrap = arg("kafka", "127.0.0.1:39092");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c);
        // Assigned, not subscribed: no group join or rebalance delays the first reads (it would count as latency).
        var partitions = consumer.partitionsFor("segment-changes").stream()
                .map(info -> new org.apache.kafka.common.TopicPartition(info.topic(), info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        consumer.poll(Duration.ofMillis(100));
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    try {
                        JsonNode change = JSON.readTree(record.value());
                        if ("quadrant".equals(change.path("kind").asText()) && change.path("member").asBoolean()) {
                            Long sent = sentAt.remove(record.key() + "#" + change.path("scoreVersion").asLong());
                            if (sent != null) {
                                samples.add((now - sent) / 1_000_000);
                            }
                        }
                    } catch (IOException e) {
                        // not a segment change of ours
                    }
                }
            }
            consumer.close();
        });
        reader.start();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        int total = (int) Math.min(accounts, perSecond * seconds);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            long start = System.nanoTime();
            for (int n = 0; n < total; n++) {
                long due = start + (long) (n * 1e9 / perSecond);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int i = (int) ((n * 7919L) % accounts); // every account at most once, spread over partitions
                while (Math.abs(adoption(i, 2) - 50) <= 6) {
                    // Accounts inside the hysteresis band may sit on either side after (b): take a clear-cut one.
                    i = (i + 1) % accounts;
                }
                int adoption = adoption(i, 2) >= 50 ? 5 : 95; // across the threshold, far past the hysteresis
                long version = 1_000_000L + n;
                String account = id(i);
                sentAt.put(account + "#" + version, System.nanoTime());
                producer.send(new ProducerRecord<>("health-scores", account, score(account, version, adoption)));
            }
            producer.flush();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (samples.size() < total && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        stop.set(true);
        reader.join();
        List<Long> sorted = new ArrayList<>(samples);
        sorted.sort(Long::compare);
        if (sorted.size() < total) {
            say("    %d of %d score changes produced no segment change within 30 s after the last was sent", total - sorted.size(),
                    total);
        }
        if (sorted.isEmpty()) {
            return new long[] {-1, -1, -1, 0};
        }
        return new long[] {percentile(sorted, 0.5), percentile(sorted, 0.99), sorted.get(sorted.size() - 1), sorted.size()};
    }

    private static String score(String account, long version, int adoption) throws IOException {
        Map<String, Object> signals = new LinkedHashMap<>();
        signals.put("activeDays30", adoption / 5);
        signals.put("activeDaysPrevious30", adoption / 5);
        signals.put("featuresUsed30", 3);
        signals.put("featureTarget", 6);
        signals.put("inboundContacts90", 0);
        signals.put("outboundContacts90", 0);
        signals.put("advocacyActs90", 0);
        signals.put("marketingTouches90", 0);
        signals.put("openTickets", 0);
        signals.put("ticketsOpened30", 0);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaVersion", 1);
        m.put("messageId", UUID.randomUUID().toString());
        m.put("accountId", account);
        m.put("version", version);
        m.put("score", 50);
        m.put("band", "watch");
        m.put("adoption", adoption);
        m.put("support", 80);
        m.put("engagement", 20);
        m.put("computedAt", Instant.now().toString());
        m.put("signals", signals);
        return JSON.writeValueAsString(m);
    }

    private static long percentile(List<Long> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = send("GET", path, null);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private void post(String path, String body) throws Exception {
        HttpResponse<String> response = send("POST", path, body);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + ": " + response.statusCode() + " " + response.body());
        }
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = CREDENTIALS.request((serviceUrl + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String arg(String name, String fallback) {
        return args.getOrDefault(name, fallback);
    }

    private static void say(String format, Object... values) {
        System.out.printf("[bench] " + format + "%n", values);
    }
}
