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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
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
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * The scoring benchmark, one phase per call ({@code ./suite bench scoring} runs them in order against real servers and
 * a real scoring-service):
 * <ol>
 * <li>{@code raw}: (a) Kafka produce rate for records of an event's size (the broker's ceiling);</li>
 * <li>{@code store}: (f) bulk inserts of event documents into the MongoDB wire server, three writers with batches of
 * 500 as scoring-service stores them (the store's ceiling);</li>
 * <li>{@code ingest}: (b) batched ingest through {@code POST /events/batch} to Kafka's ack (scoring's consumer off);</li>
 * <li>{@code drain}: (c) scoring throughput, consumer on: the backlog of (b) stored and scored;</li>
 * <li>{@code latency}: (d) event-to-published-score latency at half the scoring rate;</li>
 * <li>{@code seed}, {@code seed-last-events} and {@code replay}: (e) a replay of 100,000 accounts of 100 events each
 * after a model change;</li>
 * <li>{@code report}: every figure against its goal, the last line machine-readable.</li>
 * </ol>
 * Figures go to a properties file between phases. With {@code --scoring-pid} a phase samples the service's resident
 * memory while it runs ({@link ResidentMemory}).
 * <p>
 * Only scoring-service's REST API, its Kafka topics and consumer group, and the MongoDB collections {@code events}
 * and {@code account_state} (the seed) are used: nothing of how the service consumes or folds.
 */
public final class ScoringBenchmark {

    /** Full size, the default: 200,000 events ingested and scored, a replay of 100,000 accounts x 100 events. */
    static final int FULL_INGEST_EVENTS = 200_000;
    static final int FULL_REPLAY_ACCOUNTS = 100_000;
    static final int FULL_EVENTS_PER_ACCOUNT = 100;

    /** The goals of the issue "Scoring pipeline under faults and at scale", section Throughput. */
    static final double GOAL_INGEST_VS_KAFKA = 0.25;
    static final double GOAL_INGEST_EVENTS_PER_S = 25_000;
    static final double GOAL_SCORING_EVENTS_PER_S = 5_000;
    static final double GOAL_SCORING_VS_STORE = 0.30;
    static final double GOAL_LATENCY_P99_MS = 1_000;
    static final double GOAL_REPLAY_S = 60;
    static final double GOAL_RSS_MIB = 512;

    /** Event ids and accounts of the replay set: each account's events come from its own random stream. */
    private static final long REPLAY_SEED = 4_000_000L;

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
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("Options are --name=value, not " + a);
            }
            args.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        ScoringBenchmark bench = new ScoringBenchmark(args);
        String pid = args.get("scoring-pid");
        ResidentMemory memory = pid == null || pid.isBlank() ? null : ResidentMemory.sample(Long.parseLong(pid));
        try {
            switch (argv[0]) {
                case "raw" -> bench.raw();
                case "store" -> bench.store();
                case "ingest" -> bench.ingest();
                case "drain" -> bench.drain();
                case "latency" -> bench.latency();
                case "seed" -> bench.seed();
                case "seed-last-events" -> bench.seedLastEvents();
                case "replay" -> bench.replay();
                case "report" -> bench.report();
                default -> throw new IllegalArgumentException("Unknown phase " + argv[0]);
            }
        } finally {
            if (memory != null) {
                memory.close();
                bench.recordMemory(argv[0], memory);
            }
            bench.save();
        }
    }

    // --- (a) the Kafka ceiling ---------------------------------------------------------------------------

    void raw() throws Exception {
        System.out.println(sizes());
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

    // --- (f) the store's ceiling ---------------------------------------------------------------------------

    /**
     * The same event documents scoring-service stores (the ingest's mix, shaped as {@code EventStore} shapes them),
     * inserted with the service's parallelism: three writers (its three consumers), unordered batches of 500, into an
     * empty collection of a database of its own on the same wire server, with the service's index. The documents are
     * encoded before the clock starts, so the figure is the server's, not this client's. The database is dropped after.
     */
    void store() throws Exception {
        int events = Integer.parseInt(arg("store-events", arg("ingest-events", Integer.toString(FULL_INGEST_EVENTS))));
        int writers = Integer.parseInt(arg("store-writers", "3"));
        int batchSize = Integer.parseInt(arg("store-batch", "500"));
        EventMix mix = new EventMix(2, Integer.parseInt(arg("accounts", "10000")), "bench-");
        Instant now = Instant.now();
        DocumentCodec codec = new DocumentCodec();
        List<List<RawBsonDocument>> batches = new ArrayList<>();
        List<RawBsonDocument> batch = new ArrayList<>(batchSize);
        long bytes = 0;
        for (int i = 0; i < events; i++) {
            RawBsonDocument document = new RawBsonDocument(SeededAccount.eventDocument(mix.next("evt-store-" + i, now), now), codec);
            bytes += document.getByteBuffer().remaining();
            batch.add(document);
            if (batch.size() == batchSize) {
                batches.add(batch);
                batch = new ArrayList<>(batchSize);
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        try (MongoClient client = MongoClients.create(arg("mongo", "mongodb://127.0.0.1:37027"))) {
            MongoDatabase database = client.getDatabase(arg("store-database", "bench_store"));
            database.drop();
            MongoCollection<RawBsonDocument> collection = database.getCollection("events", RawBsonDocument.class);
            createEventIndex(collection);
            long inserted;
            long t0 = System.nanoTime();
            try (ParallelInserts<RawBsonDocument> inserts = new ParallelInserts<>(collection, writers)) {
                for (List<RawBsonDocument> b : batches) {
                    inserts.submit(b);
                }
                inserted = inserts.finish();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            database.drop();
            put("raw_mongo_inserts_per_s", inserted / seconds);
            System.out.printf("(f) raw MongoDB bulk insert: %,d event documents (%d bytes each on average) in %.1f s = %,.0f "
                    + "inserts/s (%d writers, unordered batches of %d, into the same wire server)%n", inserted,
                    bytes / Math.max(1, events), seconds, inserted / seconds, writers, batchSize);
        }
    }

    // --- (b) batched ingest through REST -----------------------------------------------------------------

    void ingest() throws Exception {
        int events = Integer.parseInt(arg("ingest-events", Integer.toString(FULL_INGEST_EVENTS)));
        int batch = 1000;
        int inFlight = Integer.parseInt(arg("ingest-concurrency", "4"));
        EventMix mix = new EventMix(2, Integer.parseInt(arg("accounts", "10000")), "bench-");
        Instant now = Instant.now();
        List<byte[]> bodies = new ArrayList<>();
        for (int b = 0; b * batch < events; b++) {
            List<Map<String, Object>> list = new ArrayList<>(batch);
            for (int i = 0; i < batch && b * batch + i < events; i++) {
                list.add(mix.next("evt-bench-" + b + "-" + i, now));
            }
            bodies.add(JSON.writeValueAsBytes(Map.of("events", list)));
        }
        long t0 = System.nanoTime();
        Sent sent = sendBatches(bodies, inFlight);
        double seconds = (System.nanoTime() - t0) / 1e9;
        put("ingest_events_per_s", sent.accepted() / seconds);
        put("ingest_events", sent.accepted());
        System.out.printf("(b) batched REST ingest: %,d events accepted (%d requests failed) in %.1f s = %,.0f events/s "
                + "(batches of %d, %d in flight, 202 after Kafka ack)%n", sent.accepted(), sent.failedRequests(), seconds,
                sent.accepted() / seconds, batch, inFlight);
    }

    record Sent(long accepted, long failedRequests) {
    }

    /** Posts each body to {@code POST /events/batch}, {@code inFlight} at a time; what was accepted. */
    private Sent sendBatches(List<byte[]> bodies, int inFlight) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong accepted = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (byte[] body : bodies) {
            slots.acquire();
            calls.add(http.sendAsync(post("/events/batch", "application/json", body), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        slots.release();
                        if (error == null && response.statusCode() == 202) {
                            accepted.addAndGet(readTree(response.body()).get("accepted").asLong());
                        } else {
                            failed.incrementAndGet();
                            if (failed.get() <= 3) {
                                System.out.println("    a batch failed: " + (error != null ? error.toString()
                                        : response.statusCode() + " " + abbreviate(response.body())));
                            }
                        }
                    }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        return new Sent(accepted.get(), failed.get());
    }

    // --- (c) scoring throughput --------------------------------------------------------------------------

    /**
     * The backlog of (b) drained. Its end is the moment the last event was stored or the last score published (the
     * consumer's committed offset, which says that the backlog is done, is committed a few seconds later).
     */
    void drain() throws Exception {
        long limitSeconds = Long.parseLong(arg("drain-seconds", "300"));
        try (Admin admin = admin(); MongoClient client = MongoClients.create(arg("mongo", "mongodb://127.0.0.1:37027"))) {
            MongoCollection<Document> stored = client.getDatabase(arg("database", "scoring")).getCollection("events");
            long scoresBefore = endOffsets(admin, "health-scores");
            long storedBefore = stored.estimatedDocumentCount();
            long backlog = lag(admin);
            Progress progress = new Progress(System.nanoTime(), storedBefore, scoresBefore);
            long lag = backlog;
            while (lag > 0 && progress.elapsedSeconds() < limitSeconds) {
                Thread.sleep(250);
                lag = lag(admin);
                progress.observe(stored.estimatedDocumentCount(), endOffsets(admin, "health-scores"));
            }
            double seconds = lag > 0 ? progress.elapsedSeconds() : progress.secondsToLastChange();
            long consumed = backlog - lag;
            long scores = progress.scores - scoresBefore;
            put("scoring_events_per_s", consumed / seconds);
            put("scores_per_s", scores / seconds);
            System.out.printf("(c) scoring: %,d of %,d backlog events consumed (%,d stored) and scored in %.1f s = %,.0f events/s; "
                    + "%,d scores published = %,.0f scores/s%s%n", consumed, backlog, progress.stored - storedBefore, seconds,
                    consumed / seconds, scores, scores / seconds,
                    lag > 0 ? " (stopped after " + limitSeconds + " s; " + lag + " left)" : "");
            // Whatever is left is drained before the latency phase, so it measures latency, not backlog.
            while (lag(admin) > 0) {
                Thread.sleep(500);
            }
        }
    }

    /** When the stored-event count or the published-score count last moved. */
    private static final class Progress {
        private final long start;
        private long lastChange;
        private long stored;
        private long scores;

        Progress(long start, long stored, long scores) {
            this.start = start;
            this.lastChange = start;
            this.stored = stored;
            this.scores = scores;
        }

        void observe(long storedNow, long scoresNow) {
            if (storedNow != stored || scoresNow != scores) {
                lastChange = System.nanoTime();
                stored = storedNow;
                scores = scoresNow;
            }
        }

        double elapsedSeconds() {
            return (System.nanoTime() - start) / 1e9;
        }

        /** At least a quarter of a second, the sampling interval. */
        double secondsToLastChange() {
            return Math.max(0.25, (lastChange - start) / 1e9);
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
     * The replay's accounts, each with {@code --events-per-account} events (100) over the last 60 days. All but one
     * of each are written straight into MongoDB, as the service would hold them after folding them: the events in
     * {@code events} (unless {@code --seed-events=false}), the folded state in {@code account_state}
     * ({@link SeededAccount}); feeding ten million events through the webhook would take this machine hours. The
     * remaining event of each account goes through the webhook in {@code seed-last-events}: the service folds it and
     * makes the account's score itself, so the replay starts from states the service wrote (a state without a score is
     * skipped by the replay, as an erased account is). The database is the replay's own ({@code --replay-database}),
     * so the replay covers exactly these accounts.
     */
    void seed() throws Exception {
        int accounts = replayAccounts();
        int eventsPerAccount = eventsPerAccount();
        boolean storeEvents = seedEvents();
        Instant now = Instant.now();
        results.setProperty("replay_seeded_at", now.toString());
        long t0 = System.nanoTime();
        long eventsWritten;
        try (MongoClient client = MongoClients.create(arg("mongo", "mongodb://127.0.0.1:37027"))) {
            MongoDatabase database = client.getDatabase(replayDatabase());
            MongoCollection<Document> events = database.getCollection("events");
            createEventIndex(events);
            try (ParallelInserts<Document> stateInserts = new ParallelInserts<>(database.getCollection("account_state"), 1);
                    ParallelInserts<Document> eventInserts = new ParallelInserts<>(events, 3)) {
                List<Document> states = new ArrayList<>(1000);
                List<Document> eventBatch = new ArrayList<>(500);
                long lastPrint = System.nanoTime();
                for (int a = 0; a < accounts; a++) {
                    SeededAccount account = seeded(a, eventsPerAccount, now);
                    states.add(account.stateDocument());
                    for (Document event : storeEvents ? account.eventDocuments() : List.<Document>of()) {
                        eventBatch.add(event);
                        if (eventBatch.size() == 500) {
                            eventInserts.submit(eventBatch);
                            eventBatch = new ArrayList<>(500);
                        }
                    }
                    if (states.size() == 1000) {
                        stateInserts.submit(states);
                        states = new ArrayList<>(1000);
                    }
                    if (System.nanoTime() - lastPrint > 30e9) {
                        lastPrint = System.nanoTime();
                        System.out.printf("    seeding: %,d of %,d accounts, %,d events stored (%.0f s)%n", a, accounts,
                                eventInserts.inserted(), (lastPrint - t0) / 1e9);
                    }
                }
                if (!eventBatch.isEmpty()) {
                    eventInserts.submit(eventBatch);
                }
                if (!states.isEmpty()) {
                    stateInserts.submit(states);
                }
                stateInserts.finish();
                eventsWritten = eventInserts.finish();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("    seeded %,d account states with %d events each folded in, and their %,d events%s, in %.1f s%n",
                accounts, eventsPerAccount - 1, eventsWritten, storeEvents ? "" : " (--seed-events=false: states only)", seconds);
    }

    /** Sends each replay account's one unseeded event through the webhook and waits until the service has scored them all. */
    void seedLastEvents() throws Exception {
        int accounts = replayAccounts();
        Instant seededAt = Instant.parse(results.getProperty("replay_seeded_at"));
        List<byte[]> bodies = new ArrayList<>();
        List<Map<String, Object>> batch = new ArrayList<>(1000);
        for (int a = 0; a < accounts; a++) {
            batch.add(replayEvents(a, 1, seededAt).get(0));
            if (batch.size() == 1000 || a == accounts - 1) {
                bodies.add(JSON.writeValueAsBytes(Map.of("events", batch)));
                batch = new ArrayList<>(1000);
            }
        }
        long t0 = System.nanoTime();
        Sent sent;
        try (Admin admin = admin()) {
            sent = sendBatches(bodies, 4);
            if (sent.accepted() != accounts) {
                throw new IllegalStateException("Only " + sent.accepted() + " of the " + accounts + " last events were accepted");
            }
            long limit = Long.parseLong(arg("seed-settle-seconds", "900"));
            while (lag(admin) > 0) {
                if ((System.nanoTime() - t0) / 1e9 > limit) {
                    throw new IllegalStateException("The service did not fold the last events within " + limit + " s");
                }
                Thread.sleep(500);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        checkSeededAccounts(accounts);
        System.out.printf("    the last event of each account (%,d) sent through POST /events/batch, folded and scored by the "
                + "service in %.1f s; %d sampled accounts show the signals of their %d events%n", accounts, seconds,
                sample(accounts).size(), eventsPerAccount());
    }

    /**
     * A sample of the seeded accounts, through the service's API: each must have a score whose signals are those of
     * all its events (the seeded ones and the last). A difference means the seed no longer matches how the service
     * stores its state, and the replay figure would not mean anything.
     */
    private void checkSeededAccounts(int accounts) throws Exception {
        Instant seededAt = Instant.parse(results.getProperty("replay_seeded_at"));
        HttpClient http = HttpClient.newHttpClient();
        List<String> differences = new ArrayList<>();
        for (int a : sample(accounts)) {
            SeededAccount expected = seeded(a, eventsPerAccount(), seededAt);
            expected.fold(replayEvents(a, 1, seededAt).get(0));
            HttpResponse<String> answer = http.send(CREDENTIALS.request(scoringUrl() + "/accounts/" + expected.accountId()
                    + "/engagement").GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                differences.add(expected.accountId() + ": " + answer.statusCode() + " " + abbreviate(answer.body()));
                continue;
            }
            JsonNode signals = readTree(answer.body()).get("signals");
            expected.expectedSignals().forEach((name, value) -> {
                JsonNode actual = signals.get(name);
                String shown = actual == null || actual.isNull() ? "null" : actual.asText();
                if (!shown.equals(String.valueOf(value))) {
                    differences.add(expected.accountId() + ": " + name + " " + shown + ", expected " + value);
                }
            });
        }
        if (!differences.isEmpty()) {
            throw new IllegalStateException("The seeded accounts do not read back as seeded: " + differences);
        }
    }

    /**
     * Account {@code a} of the replay with its seeded events folded in: all but the first of {@link #replayEvents}, which
     * is the one {@code seed-last-events} sends through the webhook.
     */
    private static SeededAccount seeded(int a, int eventsPerAccount, Instant now) {
        SeededAccount account = new SeededAccount(replayAccount(a));
        List<Map<String, Object>> events = replayEvents(a, eventsPerAccount, now);
        events.subList(1, events.size()).forEach(account::fold);
        return account;
    }

    /** The first {@code count} events of replay account {@code a}: the same for the same account and {@code now}. */
    private static List<Map<String, Object>> replayEvents(int a, int count, Instant now) {
        EventMix mix = new EventMix(REPLAY_SEED + a, 1, "unused-");
        List<Map<String, Object>> events = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            events.add(mix.event("evt-replay-" + a + "-" + n, replayAccount(a), now));
        }
        return events;
    }

    private static String replayAccount(int a) {
        return "replay-" + a;
    }

    /** Twenty accounts spread over the set (all of them if fewer). */
    private static List<Integer> sample(int accounts) {
        List<Integer> sample = new ArrayList<>();
        int step = Math.max(1, accounts / 20);
        for (int a = 0; a < accounts && sample.size() < 20; a += step) {
            sample.add(a);
        }
        return sample;
    }

    void replay() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode model = readTree(http.send(CREDENTIALS.request(scoringUrl() + "/model").GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("active");
        double engagement = model.get("weights").get("engagement").asDouble();
        double adoption = model.get("weights").get("adoption").asDouble();
        byte[] change = JSON.writeValueAsBytes(Map.of("weights", Map.of("adoption", engagement, "engagement", adoption)));
        long scoresBefore;
        try (Admin admin = admin()) {
            scoresBefore = endOffsets(admin, "health-scores");
        }
        long t0 = System.nanoTime();
        HttpResponse<String> started = http.send(CREDENTIALS.request(scoringUrl() + "/model")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofByteArray(change)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("Model change refused: " + started.statusCode() + " " + started.body());
        }
        JsonNode status;
        long lastPrint = 0;
        do {
            Thread.sleep(250);
            status = readTree(http.send(CREDENTIALS.request(scoringUrl() + "/model/replay").GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            if (System.nanoTime() - lastPrint > 10e9) {
                lastPrint = System.nanoTime();
                System.out.printf("    replay %s %s: %,d of %,d%n", status.get("state").asText(), status.path("phase").asText(""),
                        status.get("done").asLong(), status.get("total").asLong());
            }
        } while ("running".equals(status.get("state").asText()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long total = status.get("total").asLong();
        long toVersion = status.get("toModelVersion").asLong();
        long published;
        try (Admin admin = admin()) {
            published = endOffsets(admin, "health-scores") - scoresBefore;
        }
        int onNewModel = 0;
        List<Integer> sample = sample(replayAccounts());
        for (int a : sample) {
            HttpResponse<String> health = http.send(CREDENTIALS.request(scoringUrl() + "/accounts/" + replayAccount(a) + "/health")
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (health.statusCode() == 200 && readTree(health.body()).get("modelVersion").asLong() == toVersion) {
                onNewModel++;
            }
        }
        put("replay_s", seconds);
        put("replay_accounts", total);
        System.out.printf("(e) replay after a weight change: %s, %,d accounts (%d events each) in %.1f s (%,.0f accounts/s); "
                + "%,d scores published; %d of %d sampled accounts scored by model v%d%s%n", status.get("state").asText(), total,
                eventsPerAccount(), seconds, total / seconds, published, onNewModel, sample.size(), toVersion,
                status.path("error").isTextual() ? "; error: " + status.get("error").asText() : "");
        if (!"complete".equals(status.get("state").asText()) || onNewModel != sample.size()) {
            throw new IllegalStateException("The replay did not rescore every account");
        }
    }

    // --- report -------------------------------------------------------------------------------------------------

    void report() {
        double raw = number("raw_records_per_s");
        double ingest = number("ingest_events_per_s");
        double scoring = number("scoring_events_per_s");
        double store = number("raw_mongo_inserts_per_s");
        double p99 = number("latency_p99_ms");
        double replay = number("replay_s");
        double replayAccounts = number("replay_accounts");
        double rssMib = number("scoring_rss_max_kib") / 1024;
        boolean fullReplay = replayAccounts == FULL_REPLAY_ACCOUNTS && eventsPerAccount() == FULL_EVENTS_PER_ACCOUNT;
        System.out.println();
        System.out.println(sizes());
        List<String> missed = new ArrayList<>();
        goal(missed, "ingest vs raw Kafka", ratio(ingest / raw), ">= " + ratio(GOAL_INGEST_VS_KAFKA),
                ingest / raw >= GOAL_INGEST_VS_KAFKA);
        goal(missed, "ingest", rate(ingest), ">= " + rate(GOAL_INGEST_EVENTS_PER_S), ingest >= GOAL_INGEST_EVENTS_PER_S);
        goal(missed, "scoring", rate(scoring), ">= " + rate(GOAL_SCORING_EVENTS_PER_S), scoring >= GOAL_SCORING_EVENTS_PER_S);
        goal(missed, "scoring vs raw store", ratio(scoring / store) + " of " + format(store, "%,.0f inserts/s"),
                ">= " + ratio(GOAL_SCORING_VS_STORE),
                scoring / store >= GOAL_SCORING_VS_STORE);
        goal(missed, "latency p99 at half scoring", format(p99, "%,.0f ms"), "< " + format(GOAL_LATENCY_P99_MS, "%,.0f ms"),
                p99 < GOAL_LATENCY_P99_MS);
        String replayLabel = "replay of " + format(replayAccounts, "%,.0f") + " accounts";
        if (fullReplay) {
            goal(missed, replayLabel, format(replay, "%.1f s"), "< " + format(GOAL_REPLAY_S, "%.0f s") + " for 100,000",
                    replay < GOAL_REPLAY_S);
        } else {
            System.out.printf("  %-30s %-26s %-24s %s%n", replayLabel, format(replay, "%.1f s"), "< 60 s for 100,000",
                    "not judged: reduced size");
        }
        goal(missed, "scoring-service RSS max", format(rssMib, "%,.0f MiB"), "< " + format(GOAL_RSS_MIB, "%.0f MiB"),
                rssMib < GOAL_RSS_MIB);
        System.out.println(missed.isEmpty() ? "every goal judged was met" : "goals missed or without a figure: "
                + String.join(", ", missed));
        System.out.printf("ingest_vs_kafka_ratio=%.2f ingest_events_per_s=%.0f scoring_events_per_s=%.0f scoring_vs_mongo_ratio=%.2f "
                + "latency_p99_ms=%.0f replay_accounts=%.0f replay_s=%.1f scoring_rss_max_mib=%.0f%n", ingest / raw, ingest, scoring,
                scoring / store, p99, replayAccounts, replay, rssMib);
    }

    private static void goal(List<String> missed, String figure, String value, String goal, boolean met) {
        boolean known = !value.contains("NaN") && !value.contains("n/a");
        System.out.printf("  %-30s %-26s %-24s %s%n", figure, value, "goal " + goal, !known ? "no figure" : met ? "met" : "MISSED");
        if (!known || !met) {
            missed.add(figure);
        }
    }

    /** The sizes this run uses, and whether they are the full ones. */
    private String sizes() {
        int ingest = Integer.parseInt(arg("ingest-events", Integer.toString(FULL_INGEST_EVENTS)));
        boolean full = ingest == FULL_INGEST_EVENTS && replayAccounts() == FULL_REPLAY_ACCOUNTS
                && eventsPerAccount() == FULL_EVENTS_PER_ACCOUNT;
        return String.format("sizes: %,d events ingested and scored; replay over %,d accounts x %d events%s (%s)", ingest,
                replayAccounts(), eventsPerAccount(), seedEvents() ? "" : ", the seeded events not stored (--seed-events=false)",
                full ? "full size" : "REDUCED; full size is 200,000 events and 100,000 accounts x 100 events");
    }

    private void recordMemory(String phase, ResidentMemory memory) {
        long kib = memory.maxKib();
        if (kib == 0) {
            System.out.printf("    scoring-service resident memory: no sample during %s (process gone?)%n", phase);
            return;
        }
        double before = number("scoring_rss_max_kib");
        put("scoring_rss_max_kib", Double.isNaN(before) ? kib : Math.max(before, kib));
        System.out.printf("    scoring-service resident memory during %s: max %,d MiB (%d samples and the kernel's peak)%n", phase,
                kib / 1024, memory.samples());
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

    /** The index scoring-service creates on its events at start-up ({@code EventStore}). */
    private static void createEventIndex(MongoCollection<?> events) {
        events.createIndex(Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.descending("occurredAt")),
                new IndexOptions().name("account_time"));
    }

    private String scoringUrl() {
        return arg("scoring-url", "http://127.0.0.1:18081");
    }

    private int replayAccounts() {
        return Integer.parseInt(arg("replay-accounts", Integer.toString(FULL_REPLAY_ACCOUNTS)));
    }

    private int eventsPerAccount() {
        int events = Integer.parseInt(arg("events-per-account", Integer.toString(FULL_EVENTS_PER_ACCOUNT)));
        if (events < 1) {
            throw new IllegalArgumentException("--events-per-account must be at least 1");
        }
        return events;
    }

    /** Whether the seed writes the replay accounts' events too (the default) or only their states. */
    private boolean seedEvents() {
        return Boolean.parseBoolean(arg("seed-events", "true"));
    }

    private String replayDatabase() {
        return arg("replay-database", "scoring_replay");
    }

    private static String ratio(double value) {
        return format(value, "%.2f");
    }

    private static String rate(double value) {
        return format(value, "%,.0f events/s");
    }

    private static String format(double value, String pattern) {
        return Double.isNaN(value) || Double.isInfinite(value) ? "n/a" : String.format(pattern, value);
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    private HttpRequest post(String path, String contentType, byte[] body) {
        return CREDENTIALS.request(scoringUrl() + path)
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
