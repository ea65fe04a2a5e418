package io.retentionplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durable backend: writers share commits, data files of the plain H2 backend open, production's write concern is
 * accepted, reads do not wait.
 */
class DurableH2BackendTest {

    @TempDir
    Path dir;

    @Test
    void concurrentWritersShareCommits() throws Exception {
        int writers = 8;
        int writesEach = 40;
        DurableH2Backend backend = new DurableH2Backend(open(dir.resolve("shared.mv")), true);
        MongoServer server = new MongoServer(backend);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (MongoClient client = MongoClients.create(server.bindAndGetConnectionString())) {
            MongoCollection<Document> events = client.getDatabase("commit").getCollection("events");
            events.insertOne(new Document("_id", "warm-up"));
            long commitsBefore = backend.commits();
            List<Future<?>> runs = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < writesEach; i++) {
                        events.insertOne(new Document("_id", "w" + writer + "-" + i));
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
            long commits = backend.commits() - commitsBefore;

            assertThat(events.countDocuments()).isEqualTo(1 + writers * writesEach);
            assertThat(commits).as("commits for %d concurrent writes", writers * writesEach)
                    .isPositive().isLessThan(writers * writesEach * 3 / 4);
        } finally {
            pool.shutdownNow();
            server.shutdownNow();
        }
    }

    @Test
    void aStoreWrittenByThePlainH2BackendOpensWithItsDataAndIndexes() {
        Path file = dir.resolve("plain.mv");
        MongoServer plain = new MongoServer(new H2Backend(file.toString()));
        try (MongoClient client = MongoClients.create(plain.bindAndGetConnectionString())) {
            MongoCollection<Document> states = client.getDatabase("scoring").getCollection("account_state");
            states.insertOne(new Document("_id", "acme-1").append("revision", 1));
            states.createIndex(new Document("revision", 1));
            // Enough ids for a B-tree of several levels in the _id index, of mixed types (their order is H2's).
            List<InsertOneModel<Document>> more = new ArrayList<>();
            for (int i = 0; i < 3_000; i++) {
                more.add(new InsertOneModel<>(new Document("_id", i % 3 == 0 ? (Object) i : "acct-" + i).append("n", i)));
            }
            states.bulkWrite(more);
        } finally {
            plain.shutdownNow();
        }

        MongoServer durable = new MongoServer(new DurableH2Backend(open(file), true));
        try (MongoClient client = MongoClients.create(durable.bindAndGetConnectionString())) {
            MongoCollection<Document> states = client.getDatabase("scoring").getCollection("account_state");
            assertThat(states.find(Filters.and(Filters.eq("_id", "acme-1"), Filters.eq("revision", 1))).first())
                    .containsEntry("_id", "acme-1");
            assertThat(states.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>()))
                    .contains("_id_", "revision_1");
            for (int i = 0; i < 3_000; i++) {
                Object id = i % 3 == 0 ? (Object) i : "acct-" + i;
                assertThat(states.find(Filters.eq("_id", id)).first()).as("document %s", id).containsEntry("n", i);
            }
            // The _id index still refuses an existing id and takes a new one.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> states.insertOne(new Document("_id", "acct-1")))
                    .isInstanceOf(com.mongodb.MongoWriteException.class).hasMessageContaining("duplicate key");
            states.insertOne(new Document("_id", "acct-new").append("n", -1));
            assertThat(states.find(Filters.eq("_id", "acct-new")).first()).containsEntry("n", -1);
        } finally {
            durable.shutdownNow();
        }
    }

    @Test
    void theWriteConcernOfProductionIsAccepted() {
        // scoring-service's production settings (application.properties), which the local suite runs with too.
        MongoServer server = new MongoServer(new DurableH2Backend(open(dir.resolve("majority.mv")), true));
        MongoClientSettings settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.bindAndGetConnectionString()))
                .writeConcern(WriteConcern.MAJORITY.withJournal(true).withWTimeout(10, TimeUnit.SECONDS))
                .retryWrites(true)
                .build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoCollection<Document> states = client.getDatabase("scoring").getCollection("account_state");
            states.createIndex(new Document("leaseUntil", 1));
            states.insertOne(new Document("_id", "acme-1").append("revision", 1));
            assertThat(states.replaceOne(new Document("_id", "acme-1").append("revision", 1),
                    new Document("revision", 2)).getModifiedCount()).isEqualTo(1);
            assertThat(states.updateOne(Filters.eq("_id", "acme-1"), Updates.set("holder", "a")).getModifiedCount()).isEqualTo(1);
            assertThat(states.findOneAndUpdate(Filters.eq("_id", "acme-1"), Updates.inc("revision", 1))).isNotNull();
            assertThat(states.bulkWrite(List.of(new InsertOneModel<>(new Document("_id", "acme-2")),
                    new DeleteOneModel<>(Filters.eq("_id", "acme-2")))).getDeletedCount()).isEqualTo(1);
            assertThat(states.deleteOne(Filters.eq("_id", "acme-1")).getDeletedCount()).isEqualTo(1);
        } finally {
            server.shutdownNow();
        }
    }

    @Test
    void onlyCommandsThatCannotWriteSkipTheCommit() {
        // The server's own document type (a command as the wire server decoded it), not the driver's.
        assertThat(DurableH2Backend.readsOnly("find", new de.bwaldvogel.mongo.bson.Document())).isTrue();
        assertThat(DurableH2Backend.readsOnly("getMore", new de.bwaldvogel.mongo.bson.Document())).isTrue();
        assertThat(DurableH2Backend.readsOnly("ISMASTER", new de.bwaldvogel.mongo.bson.Document())).isTrue();
        assertThat(DurableH2Backend.readsOnly("aggregate", new de.bwaldvogel.mongo.bson.Document("pipeline", List.of(new de.bwaldvogel.mongo.bson.Document("$match", new de.bwaldvogel.mongo.bson.Document())))))
                .isTrue();

        for (String write : List.of("insert", "update", "delete", "findAndModify", "createIndexes", "drop", "dropIndexes",
                "dropDatabase", "create", "renameCollection", "someFutureCommand")) {
            assertThat(DurableH2Backend.readsOnly(write, new de.bwaldvogel.mongo.bson.Document())).as(write).isFalse();
        }
        assertThat(DurableH2Backend.readsOnly("aggregate", new de.bwaldvogel.mongo.bson.Document("pipeline",
                List.of(new de.bwaldvogel.mongo.bson.Document("$match", new de.bwaldvogel.mongo.bson.Document()), new de.bwaldvogel.mongo.bson.Document("$out", "copy"))))).isFalse();
        assertThat(DurableH2Backend.readsOnly("aggregate", new de.bwaldvogel.mongo.bson.Document("pipeline",
                List.of(new de.bwaldvogel.mongo.bson.Document("$merge", new de.bwaldvogel.mongo.bson.Document("into", "copy")))))).isFalse();
    }

    private static MVStore open(Path file) {
        return new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().autoCommitBufferSize(0).open();
    }
}
