package io.retentionplatform.scoring.events;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.UpdateResult;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Engagement events in MongoDB, one document per event id. The event id is the document's {@code _id}, so a
 * second delivery of the same event is refused by the server itself: idempotent without transactions, which
 * the MongoDB wire server used locally does not have.
 */
@ApplicationScoped
public class EventStore {

    static final String COLLECTION = "events";

    private final ReactiveMongoCollection<Document> events;

    public EventStore(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.events = client.getDatabase(database).getCollection(COLLECTION);
    }

    void createIndexes(@Observes StartupEvent startup) {
        // Per-account time-range reads: the score window, the event history.
        events.createIndex(Indexes.compoundIndex(Indexes.ascending("accountId"), Indexes.descending("occurredAt")),
                new IndexOptions().name("account_time")).await().indefinitely();
    }

    /** Stores the event; {@code true} if it is new, {@code false} if this event id was stored before. */
    public Uni<Boolean> store(EngagementEventMessage event) {
        return events.insertOne(toDocument(event))
                .replaceWith(Boolean.TRUE)
                .onFailure(EventStore::isDuplicateKey).recoverWithItem(Boolean.FALSE);
    }

    /**
     * Stores the events with one unordered bulk insert; an event id stored before stays as it was (its duplicate-key
     * error is expected and ignored). Any other failure fails the Uni: the caller retries, and the retry is harmless.
     */
    public Uni<Void> storeAll(List<EngagementEventMessage> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Document> documents = batch.stream().map(EventStore::toDocument).toList();
        return events.insertMany(documents, new com.mongodb.client.model.InsertManyOptions().ordered(false))
                .replaceWithVoid()
                .onFailure(f -> f instanceof com.mongodb.MongoBulkWriteException bulk && bulk.getWriteConcernError() == null
                        && bulk.getWriteErrors().stream().allMatch(e -> e.getCategory() == ErrorCategory.DUPLICATE_KEY))
                .recoverWithNull();
    }

    /** Which of {@code eventIds} the store holds (lookups by {@code _id}, in chunks). */
    public Uni<java.util.Set<String>> existing(java.util.Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        return events.find(Filters.in("_id", eventIds), new FindOptions().projection(com.mongodb.client.model.Projections.include("_id")))
                .map(d -> d.getString("_id"))
                .collect().asSet();
    }

    private static Document toDocument(EngagementEventMessage event) {
        return new Document("_id", event.eventId())
                .append("accountId", event.accountId())
                .append("type", event.type())
                .append("occurredAt", Date.from(event.occurredAt()))
                .append("receivedAt", Date.from(event.receivedAt()))
                .append("attributes", new Document(event.attributes()))
                .append("schemaVersion", event.schemaVersion());
    }

    /** One stored event, as the read API shows it. */
    public record StoredEvent(String id, String accountId, String type, Instant occurredAt, Instant receivedAt,
            Map<String, Object> attributes) {
    }

    /** The account's events with {@code from <= occurredAt < to}, newest first, a page at a time. */
    public Uni<List<StoredEvent>> page(String accountId, Instant from, Instant to, int page, int size) {
        return events.find(Filters.and(Filters.eq("accountId", accountId), Filters.gte("occurredAt", Date.from(from)),
                        Filters.lt("occurredAt", Date.from(to))),
                        new FindOptions().sort(Sorts.descending("occurredAt")).skip(page * size).limit(size))
                .map(d -> new StoredEvent(d.getString("_id"), d.getString("accountId"), d.getString("type"),
                        d.getDate("occurredAt").toInstant(), d.getDate("receivedAt").toInstant(),
                        d.get("attributes", Document.class)))
                .collect().asList();
    }

    /** Every stored event, in no particular order: the churn model's training reads the whole history. */
    public Multi<StoredEvent> all() {
        return events.find().map(d -> new StoredEvent(d.getString("_id"), d.getString("accountId"), d.getString("type"),
                d.getDate("occurredAt").toInstant(), d.getDate("receivedAt").toInstant(), d.get("attributes", Document.class)));
    }

    /** Erasure: deletes every event of the account; the number deleted. */
    public Uni<Long> deleteAccount(String accountId) {
        return events.deleteMany(Filters.eq("accountId", accountId)).map(DeleteResult::getDeletedCount);
    }

    /**
     * Erasure of one person: removes the user id from the account's events that carry it. The events stay and still
     * count for the score; the number changed.
     */
    public Uni<Long> removeUserId(String accountId, String userId) {
        return events.updateMany(Filters.and(Filters.eq("accountId", accountId), Filters.eq("attributes.userId", userId)),
                Updates.unset("attributes.userId")).map(UpdateResult::getModifiedCount);
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof MongoWriteException write
                && write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
    }
}
