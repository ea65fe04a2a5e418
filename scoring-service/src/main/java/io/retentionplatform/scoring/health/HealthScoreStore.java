package io.retentionplatform.scoring.health;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each account's current health score, one document per account. {@code version} rises with every change;
 * {@code publishedVersion} records the last version Kafka acknowledged, so a crash between storing and
 * publishing is repaired when the next delivery of the same event finds the two apart.
 */
@ApplicationScoped
public class HealthScoreStore {

    static final String COLLECTION = "health_scores";

    private final ReactiveMongoCollection<Document> scores;

    public HealthScoreStore(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.scores = client.getDatabase(database).getCollection(COLLECTION);
    }

    public Uni<Optional<StoredHealthScore>> find(String accountId) {
        return scores.find(Filters.eq("_id", accountId)).collect().first().map(d -> Optional.ofNullable(d).map(HealthScoreStore::toStored));
    }

    /** Stores {@code score} as the account's new current score, one version above the last. */
    public Uni<StoredHealthScore> storeNewVersion(String accountId, HealthScore score, Instant computedAt) {
        return scores.findOneAndUpdate(Filters.eq("_id", accountId),
                        Updates.combine(
                                Updates.set("score", score.score()),
                                Updates.set("band", score.band()),
                                Updates.set("adoption", score.adoption()),
                                Updates.set("support", score.support()),
                                Updates.set("engagement", score.engagement()),
                                Updates.set("computedAt", Date.from(computedAt)),
                                Updates.inc("version", 1L),
                                Updates.setOnInsert("publishedVersion", 0L)),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
                .map(HealthScoreStore::toStored);
    }

    /** Records that Kafka acknowledged {@code version}; never moves the mark backwards. */
    public Uni<Void> markPublished(String accountId, long version) {
        return scores.updateOne(Filters.and(Filters.eq("_id", accountId), Filters.lt("publishedVersion", version)),
                Updates.set("publishedVersion", version)).replaceWithVoid();
    }

    private static StoredHealthScore toStored(Document d) {
        return new StoredHealthScore(d.getString("_id"),
                new HealthScore(d.getInteger("score"), d.getString("band"), d.getInteger("adoption"),
                        d.getInteger("support"), d.getInteger("engagement")),
                ((Number) d.get("version")).longValue(),
                ((Number) d.get("publishedVersion")).longValue(),
                d.getDate("computedAt").toInstant());
    }
}
