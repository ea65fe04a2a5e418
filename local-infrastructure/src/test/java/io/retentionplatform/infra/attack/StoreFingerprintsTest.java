package io.retentionplatform.infra.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fingerprints against a real PostgreSQL (embedded) and a MongoDB wire server: stable when nothing changes, exact when something does. */
class StoreFingerprintsTest {

    @TempDir
    Path dataDir;

    @Test
    void postgresTablesAreCountedAndHashedWithoutFlywayHistory() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("pg")).setCleanDataDirectory(true)
                .start()) {
            String server = "jdbc:postgresql://127.0.0.1:" + postgres.getPort();
            try (Connection db = DriverManager.getConnection(server + "/postgres", "postgres", "");
                 Statement sql = db.createStatement()) {
                sql.execute("CREATE DATABASE segmentation");
            }
            try (Connection db = DriverManager.getConnection(server + "/segmentation", "postgres", "");
                 Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE account (account_id text PRIMARY KEY, arr numeric, tags text[])");
                sql.execute("CREATE TABLE \"Odd \"\"Name\" (id int)");
                sql.execute("CREATE TABLE flyway_schema_history (version text)");
                sql.execute("INSERT INTO account VALUES ('a', 10.5, '{x,y}'), ('b', NULL, NULL)");
            }
            PostgresStore store = new PostgresStore(server + "/ignored?ssl=false", "postgres", "", List.of("segmentation"));

            Map<String, Store.TableState> before = store.fingerprint();
            assertThat(before).containsOnlyKeys("postgres:segmentation.account", "postgres:segmentation.Odd \"Name");
            assertThat(before.get("postgres:segmentation.account").count()).isEqualTo(2);
            assertThat(store.fingerprint()).isEqualTo(before);

            try (Connection db = DriverManager.getConnection(server + "/segmentation", "postgres", "");
                 Statement sql = db.createStatement()) {
                sql.execute("UPDATE account SET arr = 11 WHERE account_id = 'a'");
                sql.execute("INSERT INTO flyway_schema_history VALUES ('2')");
            }
            Map<String, Store.TableState> after = store.fingerprint();
            assertThat(StoreFingerprints.changes(before, after, name -> false))
                    .containsExactly("postgres:segmentation.account (same 2 rows, content changed)");
        }
    }

    @Test
    void mongoCollectionsAreCountedAndHashedInIdOrder() throws Exception {
        MongoServer server = new MongoServer(new MemoryBackend());
        try {
            int port = server.bind().getPort();
            try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port);
                 MongoStore store = new MongoStore("mongodb://127.0.0.1:" + port + "/scoring")) {
                client.getDatabase("scoring").getCollection("events").insertMany(List.of(
                        new Document("_id", "e2").append("n", 2L), new Document("_id", "e1").append("n", 1)));
                client.getDatabase("other").getCollection("x").insertOne(new Document("_id", 1));

                Map<String, Store.TableState> before = store.fingerprint();
                assertThat(before).containsOnlyKeys("mongo:scoring.events");
                assertThat(before.get("mongo:scoring.events").count()).isEqualTo(2);

                StoreFingerprints.Snapshot settled = StoreFingerprints.settle(List.of(store), Duration.ofMillis(100),
                        Duration.ofSeconds(5), name -> false);
                assertThat(settled.settled()).isTrue();
                assertThat(settled.tables()).isEqualTo(before);

                client.getDatabase("scoring").getCollection("events").updateOne(Filters.eq("_id", "e1"), Updates.set("n", 3));
                client.getDatabase("scoring").getCollection("scores").insertOne(new Document("_id", "acme"));
                List<String> changes = StoreFingerprints.changes(before, store.fingerprint(), name -> false);
                assertThat(changes).containsExactly("mongo:scoring.events (same 2 rows, content changed)",
                        "mongo:scoring.scores (appeared, 1 rows)");
                assertThat(StoreFingerprints.changes(before, store.fingerprint(), StoreFingerprints.ignoring(List.of("mongo:scoring.s*"))))
                        .containsExactly("mongo:scoring.events (same 2 rows, content changed)");
            }
        } finally {
            server.shutdownNow();
        }
    }
}
