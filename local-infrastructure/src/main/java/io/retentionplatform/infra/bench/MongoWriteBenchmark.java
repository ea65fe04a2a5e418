package io.retentionplatform.infra.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;

/**
 * Acknowledged-write figures of a MongoDB (the local wire server or a real one): single-client {@code insertOne}
 * latency, and {@code insertMany} throughput of 1,000-document batches of ~400-byte event documents from three
 * concurrent clients. Writes into a collection of its own, dropped before and after.
 * <pre>
 * java -cp local-infrastructure/target/local-infrastructure.jar io.retentionplatform.infra.bench.MongoWriteBenchmark \
 *   mongodb://127.0.0.1:27017 [single-inserts, default 2000] [batches per client, default 30]
 * </pre>
 * The last line is machine-readable: {@code insert_one_p50_ms=.. insert_one_p99_ms=.. insert_many_docs_per_s=..}.
 */
public final class MongoWriteBenchmark {

    static final int CLIENTS = 3;
    static final int BATCH = 1_000;

    private MongoWriteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args.length > 0 ? args[0] : "mongodb://127.0.0.1:27017";
        int singles = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int batchesPerClient = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        String collectionName = "bench_writes_" + System.currentTimeMillis();

        MongoClientSettings settings = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .writeConcern(WriteConcern.ACKNOWLEDGED).build();
        try (MongoClient setup = MongoClients.create(settings)) {
            MongoCollection<Document> collection = setup.getDatabase("bench").getCollection(collectionName);
            collection.drop();

            double[] latencies = new double[singles];
            for (int i = 0; i < singles; i++) {
                long t0 = System.nanoTime();
                collection.insertOne(event("single-" + i, i));
                latencies[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(latencies);
            double p50 = latencies[singles / 2];
            double p99 = latencies[(int) Math.min(singles - 1, Math.ceil(singles * 0.99) - 1)];
            System.out.printf("insertOne, one client, %d writes: p50 %.2f ms, p99 %.2f ms, mean %.2f ms%n", singles, p50,
                    p99, Arrays.stream(latencies).average().orElse(0));

            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            List<MongoClient> clients = new ArrayList<>();
            try {
                List<Future<?>> runs = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int c = 0; c < CLIENTS; c++) {
                    MongoClient client = MongoClients.create(settings);
                    clients.add(client);
                    int clientNo = c;
                    runs.add(pool.submit(() -> {
                        MongoCollection<Document> target = client.getDatabase("bench").getCollection(collectionName);
                        for (int b = 0; b < batchesPerClient; b++) {
                            List<Document> batch = new ArrayList<>(BATCH);
                            for (int d = 0; d < BATCH; d++) {
                                batch.add(event("c" + clientNo + "-b" + b + "-" + d, d));
                            }
                            target.insertMany(batch);
                        }
                        return null;
                    }));
                }
                for (Future<?> run : runs) {
                    run.get();
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                long docs = (long) CLIENTS * batchesPerClient * BATCH;
                double docsPerSecond = docs / seconds;
                System.out.printf("insertMany, %d clients, %d batches of %d: %d documents in %.2f s = %.0f docs/s%n", CLIENTS,
                        CLIENTS * batchesPerClient, BATCH, docs, seconds, docsPerSecond);
                collection.drop();
                System.out.printf("insert_one_p50_ms=%.2f insert_one_p99_ms=%.2f insert_many_docs_per_s=%.0f%n", p50, p99,
                        docsPerSecond);
            } finally {
                clients.forEach(MongoClient::close);
                pool.shutdownNow();
                pool.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    /** An engagement event as scoring-service stores it, about 400 bytes of BSON. */
    static Document event(String id, int n) {
        Random random = new Random(n);
        return new Document("_id", id)
                .append("accountId", "acme-bench-" + (n % 500))
                .append("type", "usage.feature_used")
                .append("occurredAt", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n))
                .append("receivedAt", Instant.parse("2026-01-01T00:00:01Z").plusSeconds(n))
                .append("source", "bench")
                .append("schemaVersion", 1)
                .append("attributes", new Document("feature", "dashboards").append("campaign", "spring-" + (n % 12))
                        .append("userId", "user-" + random.nextInt(10_000)).append("plan", "premium"))
                .append("note", "x".repeat(150));
    }
}
