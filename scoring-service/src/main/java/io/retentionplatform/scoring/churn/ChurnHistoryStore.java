package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.DeleteResult;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The commercial history scoring-service keeps for the churn model ({@code churn_history}, one document per account):
 * the CRM facts it received on {@code account-changes} (plan, ARR, renewal, contract start, active) and the ARR
 * movements that arrived as {@code commercial.arr_change} events, each with its time. Scoring never reads
 * segmentation's ARR ledger; this is what it saw itself. Bounded: the latest {@value #FACTS_KEPT} facts and
 * {@value #MOVEMENTS_KEPT} movements.
 */
@ApplicationScoped
public class ChurnHistoryStore {

    static final String COLLECTION = "churn_history";
    static final int FACTS_KEPT = 100;
    static final int MOVEMENTS_KEPT = 500;

    /** An account's commercial history. */
    public record Commercial(List<AccountFacts> facts, List<ArrMovement> movements) {
        static final Commercial NONE = new Commercial(List.of(), List.of());
    }

    private final ReactiveMongoCollection<Document> history;

    public ChurnHistoryStore(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.history = client.getDatabase(database).getCollection(COLLECTION);
    }

    /** Appends the facts of one account change (a redelivery appends the same facts again: harmless for features). */
    public Uni<Void> recordFacts(String accountId, AccountFacts facts) {
        Document doc = new Document("changedAt", Date.from(facts.changedAt()))
                .append("planTier", facts.planTier())
                .append("entitled", new ArrayList<>(facts.entitledFeatures()))
                .append("premium", new ArrayList<>(facts.premiumFeatures()))
                .append("arr", facts.arr())
                .append("renewalDate", date(facts.renewalDate()))
                .append("contractStart", date(facts.contractStart()))
                .append("active", facts.active());
        return history.updateOne(Filters.eq("_id", accountId),
                Updates.pushEach("facts", List.of(doc), new PushOptions().slice(-FACTS_KEPT)),
                new UpdateOptions().upsert(true)).replaceWithVoid();
    }

    /** Records an ARR movement once per event id (a redelivered event is recognised). */
    public Uni<Void> recordMovement(String accountId, String eventId, ArrMovement movement) {
        Document doc = new Document("eventId", eventId).append("effectiveAt", Date.from(movement.effectiveAt()))
                .append("kind", movement.kind()).append("amount", movement.amount());
        return history.updateOne(Filters.and(Filters.eq("_id", accountId), Filters.ne("movements.eventId", eventId)),
                        Updates.pushEach("movements", List.of(doc), new PushOptions().slice(-MOVEMENTS_KEPT)),
                        new UpdateOptions().upsert(true))
                .replaceWithVoid()
                // The document holds the event already: the filter missed it and the upsert met its _id.
                .onFailure(f -> f instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY)
                .recoverWithNull();
    }

    public Uni<Map<String, Commercial>> load(Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return history.find(Filters.in("_id", new HashSet<>(accountIds))).collect()
                .asMap(d -> d.getString("_id"), ChurnHistoryStore::commercial);
    }

    /** Every account's commercial history. */
    public Uni<Map<String, Commercial>> all() {
        return history.find().collect().asMap(d -> d.getString("_id"), ChurnHistoryStore::commercial)
                .map(LinkedHashMap::new);
    }

    /** Erasure: the account's commercial history. */
    public Uni<Long> deleteAccount(String accountId) {
        return history.deleteOne(Filters.eq("_id", accountId)).map(DeleteResult::getDeletedCount);
    }

    private static Commercial commercial(Document d) {
        List<AccountFacts> facts = new ArrayList<>();
        for (Document f : d.getList("facts", Document.class, List.of())) {
            facts.add(new AccountFacts(f.getDate("changedAt").toInstant(), f.getString("planTier"),
                    new HashSet<>(f.getList("entitled", String.class, List.of())),
                    new HashSet<>(f.getList("premium", String.class, List.of())),
                    f.get("arr") instanceof Number n ? n.doubleValue() : null, localDate(f.getDate("renewalDate")),
                    localDate(f.getDate("contractStart")), f.getBoolean("active", true)));
        }
        List<ArrMovement> movements = new ArrayList<>();
        for (Document m : d.getList("movements", Document.class, List.of())) {
            movements.add(new ArrMovement(m.getDate("effectiveAt").toInstant(), m.getString("kind"),
                    m.get("amount") instanceof Number n ? n.doubleValue() : 0));
        }
        return new Commercial(facts, movements);
    }

    private static Date date(LocalDate day) {
        return day == null ? null : Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : LocalDate.ofInstant(date.toInstant(), ZoneOffset.UTC);
    }

    static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
