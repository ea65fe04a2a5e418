package io.retentionplatform.infra.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.retentionplatform.infra.security.Credentials;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;

/**
 * The scoring benchmark, one phase per call ({@code ./suite bench} runs them in order against real servers and a
 * real scoring-service):
 * <ol>
 * <li>{@code raw}: Kafka produce rate for records of an event's size (the ceiling);</li>
 * <li>{@code ingest}: batched ingest through {@code POST /events/batch} to Kafka's ack (scoring's consumer off);</li>
 * <li>{@code drain}: scoring throughput, consumer on: events consumed and scores published per second;</li>
 * <li>{@code latency}: event-to-published-score latency at half the scoring rate;</li>
 * <li>{@code seed} and {@code replay}: full replay of 100,000 accounts of 100 events each after a model change;</li>
 * <li>{@code report}: the figures, last line machine-readable.</li>
 * </ol>
 * Figures go to a properties file between phases.
 */
public final class ScoringBenchmark {

    /** The ingest key and token ./suite bench issues (RETENTION_INGEST_KEY, RETENTION_TOKEN). */
    private static final Credentials CREDENTIALS = Credentials.fromEnvironment();

    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> args;
    private final Properties results = new Properties();
    private final Path resultsFile;

    private ScoringBenchmark(Map<String, String> args) throws IOException {
        this.args = args;
        this.resultsFile = Path.of(arg("results", "bench-results.properties"));
        if (Files.exists(resultsFile)) {
            try (InputStream in = Files.newInputStream(resultsFile)) {
                results.load(in);
            }
        }
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = new HashMap<>();
        for (String a : Arrays.copyOfRange(argv, 1, argv.length)) {
            args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        ScoringBenchmark bench = new ScoringBenchmark(args);
        switch (argv[0]) {
            case "raw" -> bench.raw();
            case "ingest" -> bench.ingest();
            case "drain" -> bench.drain();
            case "latency" -> bench.latency();
            case "seed" -> bench.seed();
            case "replay" -> bench.replay();
            case "report" -> bench.report();
            default -> throw new IllegalArgumentException("Unknown phase " + argv[0]);
        }
        bench.save();
    }

    // --- (a) the Kafka ceiling ---------------------------------------------------------------------------

    void raw() throws Exception {
        int records = Integer.parseInt(arg("raw-records", "500000"));
        EventMix mix = new EventMix(1, 10_000, "bench-");
        byte[] sample = JSON.writeValueAsBytes(mix.next("evt-bench-sample-0000000000", Instant.now()));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, arg("kafka", "127.0.0.1:39092"));
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>("bench-raw", mix.account(i % 10_000), sample));
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        put("raw_records_per_s", records / seconds);
        put("record_bytes", sample.length);
        System.out.printf("(a) raw Kafka produce: %,d records of %d bytes in %.1f s = %,.0f records/s (acks=all, idempotent)%n",
                records, sample.length, seconds, records / seconds);
    }

    // --- (b) batched ingest through REST -----------------------------------------------------------------

    void ingest() throws Exception {
        int events = Integer.parseInt(arg("ingest-events", "200000"));
        int batch = 1000;
        int inFlight = Integer.parseInt(arg("ingest-concurrency", "4"));
        EventMix mix = new EventMix(2, Integer.parseInt(arg("accounts", "10000")), "bench-");
        Instant now = Instant.now();
        List<byte[]> bodies = new ArrayList<>();
        for (int b = 0; b < events / batch; b++) {
            List<Map<String, Object>> list = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                list.add(mix.next("evt-bench-" + b + "-" + i, now));
            }
            bodies.add(JSON.writeValueAsBytes(Map.of("events", list)));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        long t0 = System.nanoTime();
        for (byte[] body : bodies) {
            slots.acquire();
            calls.add(http.sendAsync(post("/events/batch", "application/json", body), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        slots.release();
                        if (error == null && response.statusCode() == 202) {
                            accepted.addAndGet(readTree(response.body()).get("accepted").asLong());
                        } else {
                            failed.incrementAndGet();
                        }
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - t0) / 1e9;
        put("ingest_events_per_s", accepted.get() / seconds);
        put("ingest_events", accepted.get());
        System.out.printf("(b) batched REST ingest: %,d events accepted (%d requests failed) in %.1f s = %,.0f events/s "
                + "(batches of %d, %d in flight, 202 after Kafka ack)%n", accepted.get(), failed.get(), seconds,
                accepted.get() / seconds, batch, inFlight);
    }

    // --- (c) scoring throughput --------------------------------------------------------------------------

    void drain() throws Exception {
        long limitSeconds = Long.parseLong(arg("drain-seconds", "150"));
        try (Admin admin = admin()) {
            long scoresBefore = endOffsets(admin, "health-scores");
            long backlog = lag(admin);
            long t0 = System.nanoTime();
            long lag = backlog;
            while (lag > 0 && (System.nanoTime() - t0) / 1e9 < limitSeconds) {
                Thread.sleep(500);
                lag = lag(admin);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            long consumed = backlog - lag;
            long scores = endOffsets(admin, "health-scores") - scoresBefore;
            put("scoring_events_per_s", consumed / seconds);
            put("scores_per_s", scores / seconds);
            System.out.printf("(c) scoring: %,d of %,d backlog events stored and scored in %.1f s = %,.0f events/s; %,d scores "
                    + "published = %,.0f scores/s%s%n", consumed, backlog, seconds, consumed / seconds, scores, scores / seconds,
                    lag > 0 ? " (stopped after " + limitSeconds + " s; " + lag + " left)" : "");
            // Whatever is left is drained before the latency phase, so it measures latency, not backlog.
            while (lag(admin) > 0) {
                Thread.sleep(500);
            }
        }
    }

    // --- (d) latency at half the scoring rate -----------------------------------------------------------

    void latency() throws Exception {
        double rate = Math.max(1, Double.parseDouble(results.getProperty("scoring_events_per_s", "100")) / 2);
        int seconds = Integer.parseInt(arg("latency-seconds", "30"));
        int total = (int) (rate * seconds);
        EventMix mix = new EventMix(3, 1, "unused-");
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        String prefix = "lat-" + System.currentTimeMillis() + "-";
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, arg("kafka", "127.0.0.1:39092"));
        cp.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        cp.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(cp)) {
            List<TopicPartition> partitions = consumer.partitionsFor("health-scores").stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Events arrive as pipelines send them: a small batch every 50 ms, at the target rate in all.
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
            AtomicLong sent = new AtomicLong();
            int perBatch = (int) Math.max(1, Math.round(rate / 20));
            sender.scheduleAtFixedRate(() -> {
                List<Map<String, Object>> batch = new ArrayList<>();
                long now = System.nanoTime();
                for (int i = 0; i < perBatch; i++) {
                    long n = sent.getAndIncrement();
                    if (n >= total) {
                        break;
                    }
                    String account = prefix + n;
                    batch.add(mix.event("evt-" + account, account, Instant.now()));
                    sentAt.put(account, now);
                }
                if (batch.isEmpty()) {
                    return;
                }
                try {
                    http.sendAsync(post("/events/batch", "application/json", JSON.writeValueAsBytes(Map.of("events", batch))),
                            HttpResponse.BodyHandlers.discarding());
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 30L).toNanos();
            while (System.nanoTime() < deadline && latencies.size() < total) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                    Long start = r.key() == null ? null : sentAt.remove(r.key());
                    if (start != null) {
                        latencies.add((System.nanoTime() - start) / 1_000_000);
                    }
                }
            }
            sender.shutdownNow();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        long p50 = percentile(sorted, 0.50);
        long p99 = percentile(sorted, 0.99);
        put("latency_p50_ms", p50);
        put("latency_p99_ms", p99);
        System.out.printf("(d) event -> published score at %.0f events/s (half of (c); batches every 50 ms) for %d s: %,d of %,d "
                + "measured, p50 %d ms, p99 %d ms, max %d ms%n", rate, seconds, sorted.size(), total, p50, p99,
                sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
    }

    // --- (e) replay -----------------------------------------------------------------------------------------

    /**
     * Writes the account states 100 events each would leave (signals over the last 90 days) straight into MongoDB;
     * feeding 10 million events through the webhook first would take this machine hours. The documents follow
     * scoring-service's state mapping (AccountStateStore); the service reads them back like its own.
     */
    void seed() {
        int accounts = Integer.parseInt(arg("replay-accounts", "100000"));
        int eventsPerAccount = Integer.parseInt(arg("events-per-account", "100"));
        Random random = new Random(4);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        long t0 = System.nanoTime();
        try (MongoClient client = MongoClients.create(arg("mongo", "mongodb://127.0.0.1:37027"))) {
            MongoCollection<Document> states = client.getDatabase(arg("database", "scoring")).getCollection("account_state");
            List<Document> chunk = new ArrayList<>();
            for (int a = 0; a < accounts; a++) {
                chunk.add(state("replay-" + a, eventsPerAccount, random, today));
                if (chunk.size() == 1000) {
                    states.insertMany(chunk);
                    chunk.clear();
                }
            }
            if (!chunk.isEmpty()) {
                states.insertMany(chunk);
            }
        }
        System.out.printf("    seeded %,d account states (%d events each) in %.1f s%n", accounts, eventsPerAccount,
                (System.nanoTime() - t0) / 1e9);
    }

    private static Document state(String account, int events, Random random, LocalDate today) {
        Map<String, Map<String, Object>> days = new LinkedHashMap<>();
        for (int e = 0; e < events; e++) {
            String day = today.minusDays(random.nextInt(90)).toString();
            Map<String, Object> d = days.computeIfAbsent(day, k -> new LinkedHashMap<>(Map.of("logins", 0, "featureUses", 0,
                    "features", new ArrayList<String>(), "ticketsOpened", 0, "ticketsClosed", 0, "highSeverityOpened", 0,
                    "inboundContacts", 0, "outboundContacts", 0, "marketingTouches", 0, "advocacyActs", 0)));
            int roll = random.nextInt(100);
            String field = roll < 45 ? "logins" : roll < 75 ? "featureUses" : roll < 82 ? "ticketsOpened" : roll < 86
                    ? "ticketsClosed" : roll < 92 ? "inboundContacts" : roll < 97 ? "marketingTouches" : "advocacyActs";
            d.put(field, (int) d.get(field) + 1);
            if (field.equals("featureUses")) {
                @SuppressWarnings("unchecked")
                List<String> features = (List<String>) d.get("features");
                String feature = "f" + random.nextInt(8);
                if (!features.contains(feature)) {
                    features.add(feature);
                }
            }
        }
        Document doc = new Document("_id", account).append("revision", 1L).append("days", new Document(new LinkedHashMap<>(days)))
                .append("featureLastUsed", List.of()).append("openTickets", List.of())
                .append("lastHumanContactAt", null).append("lastInboundContactAt", null).append("lastEngagementAt", null)
                .append("lastNps", null).append("lastNpsAt", null).append("plan", null)
                .append("recentEventIds", List.of()).append("current", null).append("publishedVersion", 0L)
                .append("daily", new Document()).append("pending", null);
        return doc;
    }

    void replay() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode model = readTree(http.send(CREDENTIALS.request((arg("scoring-url", "http://127.0.0.1:18081") + "/model"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body()).get("active");
        double engagement = model.get("weights").get("engagement").asDouble();
        double adoption = model.get("weights").get("adoption").asDouble();
        byte[] change = JSON.writeValueAsBytes(Map.of("weights", Map.of("adoption", engagement, "engagement", adoption)));
        long t0 = System.nanoTime();
        HttpResponse<String> started = http.send(CREDENTIALS.request((arg("scoring-url", "http://127.0.0.1:18081") + "/model"))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(change)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("Model change refused: " + started.statusCode() + " " + started.body());
        }
        JsonNode status;
        long lastPrint = 0;
        do {
            Thread.sleep(500);
            status = readTree(http.send(CREDENTIALS.request((arg("scoring-url", "http://127.0.0.1:18081") + "/model/replay"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            if (System.nanoTime() - lastPrint > 10e9) {
                lastPrint = System.nanoTime();
                System.out.printf("    replay %s %s: %,d of %,d%n", status.get("state").asText(), status.path("phase").asText(""),
                        status.get("done").asLong(), status.get("total").asLong());
            }
        } while ("running".equals(status.get("state").asText()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        put("replay_s", seconds);
        put("replay_accounts", status.get("total").asLong());
        System.out.printf("(e) replay after a weight change: %s, %,d accounts in %.1f s (%,.0f accounts/s)%s%n",
                status.get("state").asText(), status.get("total").asLong(), seconds, status.get("total").asLong() / seconds,
                status.path("error").isTextual() ? "; error: " + status.get("error").asText() : "");
    }

    void report() {
        double raw = number("raw_records_per_s");
        double ingest = number("ingest_events_per_s");
        System.out.println();
        System.out.printf("ingest vs Kafka ceiling: %.2f (goal >= 0.25); ingest %,.0f events/s (goal >= 20,000); "
                + "latency p99 %d ms (goal < 1,000); replay %.0f s (goal < 120)%n", ingest / raw, ingest,
                (long) number("latency_p99_ms"), number("replay_s"));
        System.out.printf("ingest_vs_kafka_ratio=%.2f ingest_events_per_s=%.0f scoring_events_per_s=%.0f latency_p99_ms=%d replay_s=%.0f%n",
                ingest / raw, ingest, number("scoring_events_per_s"), (long) number("latency_p99_ms"), number("replay_s"));
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("scoring-service")
                .partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, Long> ends = ends(admin, "engagement-events");
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private long endOffsets(Admin admin, String topic) throws Exception {
        return ends(admin, topic).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> ends(Admin admin, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : admin.listOffsets(request).all().get().entrySet()) {
            ends.put(e.getKey(), e.getValue().offset());
        }
        return ends;
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, arg("kafka", "127.0.0.1:39092"));
        return Admin.create(p);
    }

    private HttpRequest post(String path, String contentType, byte[] body) {
        return CREDENTIALS.request((arg("scoring-url", "http://127.0.0.1:18081") + path))
                .header("Content-Type", contentType).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    private static JsonNode readTree(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private String arg(String name, String fallback) {
        return args.getOrDefault(name, fallback);
    }

    private void put(String key, double value) {
        results.setProperty(key, Double.toString(value));
    }

    private double number(String key) {
        return Double.parseDouble(results.getProperty(key, "NaN"));
    }

    private void save() throws IOException {
        try (OutputStream out = Files.newOutputStream(resultsFile)) {
            results.store(out, "scoring benchmark figures");
        }
    }
}
