package io.retentionplatform.scoring.erasure;

import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What scoring-service's own erasure consumer did per request ({@code erasure_log}, {@code _id} = request id): when
 * it erased, what, and when its confirmation was acknowledged. A redelivered request finds its entry: it erases
 * nothing again and is confirmed again only if the first confirmation never got Kafka's ack.
 */
@ApplicationScoped
public class ErasureLog {

    static final String COLLECTION = "erasure_log";

    /** One handled request. */
    public record Entry(String requestId, String accountId, Instant erasedAt, Map<String, Long> erased, Instant confirmedAt) {
    }

    private final ReactiveMongoCollection<Document> log;

    public ErasureLog(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.log = client.getDatabase(database).getCollection(COLLECTION);
    }

    public Uni<Optional<Entry>> find(String requestId) {
        return log.find(Filters.eq("_id", requestId)).collect().first().map(d -> Optional.ofNullable(d).map(ErasureLog::read));
    }

    /** Records the erasure; a second record of the same request keeps the first. */
    public Uni<Void> record(Entry entry) {
        Document erased = new Document();
        entry.erased().forEach(erased::append);
        return log.insertOne(new Document("_id", entry.requestId()).append("accountId", entry.accountId())
                        .append("erasedAt", Date.from(entry.erasedAt())).append("erased", erased))
                .replaceWithVoid()
                .onFailure(f -> f instanceof MongoWriteException w && w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY)
                .recoverWithNull();
    }

    public Uni<Void> markConfirmed(String requestId, Instant at) {
        return log.updateOne(Filters.eq("_id", requestId), Updates.set("confirmedAt", Date.from(at))).replaceWithVoid();
    }

    private static Entry read(Document d) {
        Map<String, Long> erased = new LinkedHashMap<>();
        Document counts = d.get("erased", Document.class);
        if (counts != null) {
            counts.forEach((kind, count) -> erased.put(kind, ((Number) count).longValue()));
        }
        Date confirmed = d.getDate("confirmedAt");
        return new Entry(d.getString("_id"), d.getString("accountId"), d.getDate("erasedAt").toInstant(), erased,
                confirmed == null ? null : confirmed.toInstant());
    }
}
