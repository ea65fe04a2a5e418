package io.retentionplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wire server in a process of its own, written to by concurrent clients and killed with SIGKILL mid-stream:
 * after a restart on the same data every write it acknowledged is there (inserts one by one and in batches, and the
 * last acknowledged value of a document updated over and over).
 */
class AcknowledgedWritesSurviveKillTest {

    private static final int WRITERS = 4;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 3_000;

    @TempDir
    Path dataDir;

    @Test
    void everyAcknowledgedWriteSurvivesAKillNineOfTheServer() throws Exception {
        int port = freePort();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, Integer> lastAcknowledgedCounter = new ConcurrentHashMap<>();

        Process server = startServer(port, "first");
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        AtomicBoolean killed = new AtomicBoolean();
        List<MongoClient> clients = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                MongoClient client = client(port);
                clients.add(client);
                int writer = w;
                writers.submit(() -> write(client, writer, acknowledged, lastAcknowledgedCounter, killed));
            }
            await().atMost(Duration.ofMinutes(2)).until(() -> acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL);
        } finally {
            killed.set(true);
            server.destroyForcibly().waitFor();
            writers.shutdown();
            writers.awaitTermination(1, TimeUnit.MINUTES);
            clients.forEach(MongoClient::close);
        }

        Process again = startServer(port, "restarted");
        try (MongoClient client = client(port)) {
            MongoCollection<Document> events = client.getDatabase("durability").getCollection("events");
            Set<String> stored = new HashSet<>();
            events.find().projection(Projections.include("_id")).forEach(d -> stored.add(d.getString("_id")));
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(stored);
            assertThat(lost).as("%d of %d acknowledged inserts lost, e.g. %s", lost.size(), acknowledged.size(),
                    lost.stream().limit(5).toList()).isEmpty();

            Map<Integer, Integer> counters = new HashMap<>();
            client.getDatabase("durability").getCollection("counters").find()
                    .forEach(d -> counters.put(d.getInteger("writer"), d.getInteger("value")));
            lastAcknowledgedCounter.forEach((writer, value) ->
                    assertThat(counters.get(writer)).as("counter of writer %d", writer).isGreaterThanOrEqualTo(value));
        } finally {
            again.destroyForcibly().waitFor();
        }
    }

    /** Inserts one by one, every tenth round a batch of 20, and updates the writer's counter; until the kill. */
    private static void write(MongoClient client, int writer, Set<String> acknowledged, Map<Integer, Integer> counters,
            AtomicBoolean killed) {
        MongoCollection<Document> events = client.getDatabase("durability").getCollection("events");
        MongoCollection<Document> counterDocs = client.getDatabase("durability").getCollection("counters");
        try {
            for (int round = 0; !killed.get(); round++) {
                if (round % 10 == 0) {
                    List<Document> batch = new ArrayList<>();
                    for (int k = 0; k < 20; k++) {
                        batch.add(event("w" + writer + "-r" + round + "-" + k));
                    }
                    events.insertMany(batch);
                    batch.forEach(d -> acknowledged.add(d.getString("_id")));
                } else {
                    Document one = event("w" + writer + "-r" + round);
                    events.insertOne(one);
                    acknowledged.add(one.getString("_id"));
                }
                counterDocs.updateOne(Filters.eq("_id", "counter-" + writer),
                        Updates.combine(Updates.set("writer", writer), Updates.set("value", round)),
                        new UpdateOptions().upsert(true));
                counters.put(writer, round);
            }
        } catch (RuntimeException expectedOnceKilled) {
            if (!killed.get()) {
                throw expectedOnceKilled;
            }
        }
    }

    private static Document event(String id) {
        return new Document("_id", id).append("accountId", "acme-durable").append("type", "usage.login")
                .append("payload", "x".repeat(200));
    }

    private Process startServer(int port, String name) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".log");
        Process process = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                MongoWireServerProcess.class.getName(), "--data-dir=" + dataDir, "--mongo-port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofMinutes(1)).until(() -> !process.isAlive() || accepts(port));
        } finally {
            if (!process.isAlive()) {
                throw new IllegalStateException("The wire server did not start: " + Files.readString(log));
            }
        }
        return process;
    }

    private static MongoClient client(int port) {
        return MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port))
                .writeConcern(WriteConcern.ACKNOWLEDGED)
                .retryWrites(false)
                .applyToClusterSettings(c -> c.serverSelectionTimeout(2, TimeUnit.SECONDS))
                .build());
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
