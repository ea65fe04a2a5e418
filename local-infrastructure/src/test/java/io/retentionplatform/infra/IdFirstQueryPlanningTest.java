package io.retentionplatform.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.UpdateResult;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters on {@code _id} plus other fields (scoring-service's conditional writes) against the wire server as the
 * suite runs it: the same answers as MongoDB gives, through the {@code _id} index instead of a collection scan.
 */
class IdFirstQueryPlanningTest {

    @TempDir
    Path dataDir;

    private MongoWireServer server;
    private MongoClient client;
    private MongoCollection<Document> states;

    @BeforeEach
    void start() throws IOException {
        int port = freePort();
        server = new MongoWireServer(InfrastructureSettings.from(
                new String[] {"--data-dir=" + dataDir, "--mongo-port=" + port}, Map.of()));
        server.start();
        client = MongoClients.create("mongodb://127.0.0.1:" + port);
        states = client.getDatabase("planning").getCollection("account_state");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aConditionalReplaceWithTheWrongRevisionMatchesNothingAndWithTheRightOneReplaces() {
        states.insertOne(new Document("_id", "acme-1").append("revision", 3).append("score", 40));

        // As scoring-service writes it: {_id: X, revision: R}.
        UpdateResult stale = states.replaceOne(new Document("_id", "acme-1").append("revision", 2),
                new Document("revision", 3).append("score", 99));
        assertThat(stale.getMatchedCount()).isZero();
        assertThat(states.find(Filters.eq("_id", "acme-1")).first()).containsEntry("revision", 3).containsEntry("score", 40);

        UpdateResult current = states.replaceOne(new Document("_id", "acme-1").append("revision", 3),
                new Document("revision", 4).append("score", 55));
        assertThat(current.getMatchedCount()).isEqualTo(1);
        assertThat(current.getModifiedCount()).isEqualTo(1);
        assertThat(states.find(Filters.eq("_id", "acme-1")).first()).containsEntry("revision", 4).containsEntry("score", 55);
        assertThat(states.countDocuments()).isEqualTo(1);
    }

    @Test
    void aLeaseIsTakenOnlyWhenTheCurrentOneHasExpired() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        states.insertOne(new Document("_id", "acme-2").append("leaseUntil", java.util.Date.from(now.plusSeconds(30))));
        // Filters.and writes {$and: [{_id: X}, {leaseUntil: {$lt: now}}]}.
        Bson expired = Filters.and(Filters.eq("_id", "acme-2"), Filters.lt("leaseUntil", java.util.Date.from(now)));

        assertThat(states.updateOne(expired, Updates.set("holder", "b")).getMatchedCount()).isZero();

        states.updateOne(Filters.eq("_id", "acme-2"), Updates.set("leaseUntil", java.util.Date.from(now.minusSeconds(1))));
        assertThat(states.updateOne(expired, Updates.set("holder", "b")).getModifiedCount()).isEqualTo(1);
        assertThat(states.find(Filters.eq("_id", "acme-2")).first()).containsEntry("holder", "b");
    }

    @Test
    void idListsNumbersAndDeletesAnswerAsWithoutTheIndex() {
        for (int i = 0; i < 6; i++) {
            states.insertOne(new Document("_id", "acme-" + (10 + i)).append("revision", i % 2));
        }
        states.insertOne(new Document("_id", 7).append("revision", 1));

        assertThat(ids(Filters.and(Filters.in("_id", "acme-10", "acme-11", "acme-13", "acme-99"), Filters.eq("revision", 1))))
                .containsExactly("acme-11", "acme-13");
        // A numeric id is found whatever numeric type the filter uses, as MongoDB does.
        assertThat(states.countDocuments(Filters.and(Filters.eq("_id", 7.0), Filters.eq("revision", 1)))).isEqualTo(1);
        // Filters the index cannot answer exactly go the library's way and still answer correctly.
        assertThat(ids(Filters.and(Filters.gte("_id", "acme-13"), Filters.eq("revision", 1)))).containsExactly("acme-13", "acme-15");
        assertThat(ids(Filters.and(Filters.regex("_id", "^acme-1[45]"), Filters.eq("revision", 0)))).containsExactly("acme-14");
        assertThat(ids(Filters.eq("revision", 0))).containsExactly("acme-10", "acme-12", "acme-14");

        assertThat(states.deleteOne(Filters.and(Filters.eq("_id", "acme-12"), Filters.eq("revision", 1))).getDeletedCount()).isZero();
        assertThat(states.deleteOne(Filters.and(Filters.eq("_id", "acme-12"), Filters.eq("revision", 0))).getDeletedCount()).isEqualTo(1);
        assertThat(states.findOneAndUpdate(Filters.and(Filters.eq("_id", "acme-14"), Filters.eq("revision", 1)),
                Updates.set("touched", true))).isNull();
        assertThat(states.findOneAndUpdate(Filters.and(Filters.eq("_id", "acme-14"), Filters.eq("revision", 0)),
                Updates.set("touched", true))).containsEntry("_id", "acme-14");
    }

    @Test
    void tenThousandConditionalWritesAgainstFiftyThousandDocumentsTakeSeconds() {
        int documents = 50_000;
        for (int start = 0; start < documents; start += 1_000) {
            List<Document> batch = new ArrayList<>();
            for (int i = start; i < start + 1_000; i++) {
                batch.add(new Document("_id", "acme-" + i).append("revision", 1).append("score", i % 100));
            }
            states.insertMany(batch);
        }

        long t0 = System.nanoTime();
        int replaced = 0;
        for (int round = 0; round < 10; round++) {
            List<WriteModel<Document>> writes = new ArrayList<>();
            for (int k = 0; k < 1_000; k++) {
                int i = (round * 1_000 + k) * 5 % documents;
                // Every other write carries a stale revision and must change nothing; both ways of writing the filter.
                int expectedRevision = k % 2 == 0 ? 1 : 0;
                Bson filter = round % 2 == 0
                        ? new Document("_id", "acme-" + i).append("revision", expectedRevision)
                        : Filters.and(Filters.eq("_id", "acme-" + i), Filters.eq("revision", expectedRevision));
                writes.add(new ReplaceOneModel<>(filter, new Document("revision", 2).append("score", 100)));
            }
            BulkWriteResult result = states.bulkWrite(writes);
            replaced += result.getModifiedCount();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(replaced).isEqualTo(5_000);
        assertThat(states.countDocuments(Filters.eq("revision", 2))).isEqualTo(5_000);
        // Through the _id index about 1 ms each (12 s on a busy 2-core machine); scanning 50,000 documents for each
        // took 330 ms a write there, close to an hour for the 10,000.
        assertThat(took).as("10,000 conditional replaces took %s", took).isLessThan(Duration.ofSeconds(60));
    }

    private List<Object> ids(Bson filter) {
        List<Object> ids = new ArrayList<>();
        states.find(filter).sort(Sorts.ascending("_id")).forEach(d -> ids.add(d.get("_id")));
        return ids;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
