package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.client.result.DeleteResult;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Each account's latest churn scores ({@code churn_scores}, one document per account): the active model's (served,
 * with drivers) and the shadow model's (stored beside it, never served), so that their agreement can be read.
 */
@ApplicationScoped
public class ChurnScoreStore {

    static final String COLLECTION = "churn_scores";

    /** A model's score for one account. */
    public record ModelScore(long modelVersion, double probability, String band, List<HealthScoreMessage.Driver> drivers) {
    }

    /** An account's scores: active (null without an active model) and shadow (null without a shadow model). */
    public record AccountScores(String accountId, Instant computedAt, ModelScore active, ModelScore shadow) {

        public HealthScoreMessage.ChurnRisk risk() {
            return active == null ? null : new HealthScoreMessage.ChurnRisk(active.probability(), active.band(),
                    active.drivers(), active.modelVersion(), computedAt);
        }
    }

    /** How a shadow model's scores compare with the active model's on the same accounts. */
    public record Agreement(long shadowVersion, Long activeVersion, int accounts, Double bandAgreement,
            Double meanAbsoluteDifference, int shadowHigh, int activeHigh) {
    }

    private final ReactiveMongoCollection<Document> scores;

    public ChurnScoreStore(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.scores = client.getDatabase(database).getCollection(COLLECTION);
    }

    public Uni<Void> saveAll(List<AccountScores> all) {
        if (all.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (AccountScores s : all) {
            Document doc = new Document("_id", s.accountId()).append("computedAt", Date.from(s.computedAt()))
                    .append("active", document(s.active())).append("shadow", document(s.shadow()));
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", s.accountId()), doc, new ReplaceOptions().upsert(true)));
        }
        return scores.bulkWrite(writes, new com.mongodb.client.model.BulkWriteOptions().ordered(false)).replaceWithVoid();
    }

    public Uni<Optional<AccountScores>> get(String accountId) {
        return scores.find(Filters.eq("_id", accountId)).collect().first().map(d -> Optional.ofNullable(d).map(ChurnScoreStore::scores));
    }

    /** The scores of many accounts in one read, by account id (accounts without one are absent). */
    public Uni<java.util.Map<String, AccountScores>> getAll(java.util.Collection<String> accountIds) {
        return scores.find(Filters.in("_id", accountIds)).map(ChurnScoreStore::scores).collect()
                .asMap(AccountScores::accountId);
    }

    /** The agreement of the shadow model {@code version} with the active model, over the accounts scored by both. */
    public Uni<Agreement> agreement(long version) {
        return scores.find(Filters.eq("shadow.modelVersion", version)).map(ChurnScoreStore::scores).collect().asList()
                .map(list -> {
                    int both = 0;
                    int sameBand = 0;
                    double difference = 0;
                    int shadowHigh = 0;
                    int activeHigh = 0;
                    Long activeVersion = null;
                    for (AccountScores s : list) {
                        shadowHigh += "high".equals(s.shadow().band()) ? 1 : 0;
                        if (s.active() == null) {
                            continue;
                        }
                        activeVersion = s.active().modelVersion();
                        both++;
                        sameBand += s.active().band().equals(s.shadow().band()) ? 1 : 0;
                        difference += Math.abs(s.active().probability() - s.shadow().probability());
                        activeHigh += "high".equals(s.active().band()) ? 1 : 0;
                    }
                    return new Agreement(version, activeVersion, list.size(),
                            both == 0 ? null : ChurnMetrics.round((double) sameBand / both),
                            both == 0 ? null : ChurnMetrics.round(difference / both), shadowHigh, activeHigh);
                });
    }

    /** Erasure: the account's churn scores. */
    public Uni<Long> deleteAccount(String accountId) {
        return scores.deleteOne(Filters.eq("_id", accountId)).map(DeleteResult::getDeletedCount);
    }

    private static Document document(ModelScore s) {
        if (s == null) {
            return null;
        }
        List<Document> drivers = s.drivers().stream().map(d -> new Document("feature", d.feature())
                .append("effect", d.effect()).append("text", d.text())).toList();
        return new Document("modelVersion", s.modelVersion()).append("probability", s.probability())
                .append("band", s.band()).append("drivers", drivers);
    }

    private static ModelScore modelScore(Document d) {
        if (d == null) {
            return null;
        }
        List<HealthScoreMessage.Driver> drivers = d.getList("drivers", Document.class, List.of()).stream()
                .map(x -> new HealthScoreMessage.Driver(x.getString("feature"), x.getDouble("effect"), x.getString("text")))
                .toList();
        return new ModelScore(d.getLong("modelVersion"), d.getDouble("probability"), d.getString("band"), drivers);
    }

    private static AccountScores scores(Document d) {
        return new AccountScores(d.getString("_id"), d.getDate("computedAt").toInstant(),
                modelScore(d.get("active", Document.class)), modelScore(d.get("shadow", Document.class)));
    }
}
