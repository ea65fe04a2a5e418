package io.retentionplatform.scoring.state;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Score history ({@code health_history}): one point per score version and one per account per day. Point ids are
 * derived from what they record, so writing a point twice stores it once.
 */
@ApplicationScoped
public class HealthHistoryStore {

    static final String COLLECTION = "health_history";

    /** One point of an account's history. */
    public record HistoryPoint(Instant at, int score, String band, long version, String kind, String explanation) {
    }

    private final ReactiveMongoCollection<Document> history;

    public HealthHistoryStore(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.history = client.getDatabase(database).getCollection(COLLECTION);
    }

    void createIndexes(@Observes StartupEvent startup) {
        history.createIndex(Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.ascending("at")),
                new IndexOptions().name("account_time")).await().indefinitely();
    }

    /** The point of a new score version. */
    public Uni<Void> recordChange(String accountId, ScoreRecord score) {
        return insert(new Document("_id", accountId + "|v" + score.version()), accountId, score, "change");
    }

    /** The account's point for the day {@code at} falls on. */
    public Uni<Void> recordDaily(String accountId, ScoreRecord score, Instant at) {
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        return insert(new Document("_id", accountId + "|d" + day), accountId,
                new ScoreRecord(score.version(), at, score.assessment(), score.explanation(), score.trend()), "daily");
    }

    /** The points of new score versions ({@code kind} "change") or of a day ("daily"), one unordered bulk insert. */
    public Uni<Void> recordAll(List<java.util.Map.Entry<String, ScoreRecord>> points, String kind) {
        if (points.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Document> documents = new java.util.ArrayList<>();
        for (var point : points) {
            ScoreRecord score = point.getValue();
            String id = kind.equals("daily")
                    ? point.getKey() + "|d" + LocalDate.ofInstant(score.computedAt(), ZoneOffset.UTC)
                    : point.getKey() + "|v" + score.version();
            documents.add(document(new Document("_id", id), point.getKey(), score, kind));
        }
        return history.insertMany(documents, new com.mongodb.client.model.InsertManyOptions().ordered(false))
                .replaceWithVoid()
                .onFailure(f -> f instanceof com.mongodb.MongoBulkWriteException bulk && bulk.getWriteConcernError() == null
                        && bulk.getWriteErrors().stream().allMatch(e -> e.getCategory() == ErrorCategory.DUPLICATE_KEY))
                .recoverWithNull();
    }

    public Uni<List<HistoryPoint>> history(String accountId, Instant from, Instant to, int limit) {
        return history.find(Filters.and(Filters.eq("accountId", accountId), Filters.gte("at", Date.from(from)),
                        Filters.lt("at", Date.from(to))),
                        new FindOptions().sort(Sorts.ascending("at")).limit(limit))
                .map(d -> new HistoryPoint(d.getDate("at").toInstant(), d.getInteger("score"), d.getString("band"),
                        ((Number) d.get("version")).longValue(), d.getString("kind"), d.getString("explanation")))
                .collect().asList();
    }

    /** Erasure: deletes the account's history; the number of points deleted. */
    public Uni<Long> deleteAccount(String accountId) {
        return history.deleteMany(Filters.eq("accountId", accountId)).map(com.mongodb.client.result.DeleteResult::getDeletedCount);
    }

    private Uni<Void> insert(Document id, String accountId, ScoreRecord score, String kind) {
        return history.insertOne(document(id, accountId, score, kind)).replaceWithVoid()
                .onFailure(f -> f instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY)
                .recoverWithNull();
    }

    private static Document document(Document id, String accountId, ScoreRecord score, String kind) {
        return id.append("accountId", accountId)
                .append("at", Date.from(score.computedAt()))
                .append("score", score.assessment().score())
                .append("band", score.assessment().band())
                .append("version", score.version())
                .append("kind", kind)
                .append("explanation", score.explanation() == null ? null : score.explanation().summary());
    }
}
