package io.retentionplatform.scoring.erasure;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.contracts.ErasureRequestMessage;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The erasure requests scoring-service accepted ({@code erasure_requests}, {@code _id} = request id): the record of
 * processing that shows which service confirmed what and when. A request's user id is kept only until every service
 * has confirmed; from then on only its SHA-256 (the record must not keep what was erased).
 */
@ApplicationScoped
public class ErasureRequests {

    static final String COLLECTION = "erasure_requests";

    /** A service's confirmation as recorded. */
    public record Confirmation(Instant confirmedAt, Map<String, Long> erased) {
    }

    /** One request as stored; {@code publishedAt} is null until Kafka acknowledged it the first time. */
    public record Request(String requestId, String accountId, String userId, String userIdSha256, Instant requestedAt,
            String requestedBy, Instant publishedAt, Instant lastPublishedAt, Map<String, Confirmation> confirmations) {

        /** True when the whole account is erased, false for one person. */
        public boolean wholeAccount() {
            return userId == null && userIdSha256 == null;
        }

        public boolean confirmedByAll(Collection<String> services) {
            return confirmations.keySet().containsAll(services);
        }

        /** A one-person request whose user id has given way to its hash is never sent again: it would read as "the whole account". */
        public boolean publishable() {
            return !(userId == null && userIdSha256 != null);
        }

        public ErasureRequestMessage toMessage() {
            if (!publishable()) {
                throw new IllegalStateException("request " + requestId + " concerned one person whose id is forgotten");
            }
            return new ErasureRequestMessage(ErasureRequestMessage.SCHEMA_VERSION, requestId, accountId, userId, requestedAt,
                    requestedBy);
        }
    }

    private final ReactiveMongoCollection<Document> requests;

    public ErasureRequests(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database) {
        this.requests = client.getDatabase(database).getCollection(COLLECTION);
    }

    public Uni<Void> insert(Request request) {
        Document document = new Document("_id", request.requestId())
                .append("accountId", request.accountId())
                .append("requestedAt", Date.from(request.requestedAt()))
                .append("requestedBy", request.requestedBy())
                .append("confirmations", new Document());
        if (request.userId() != null) {
            document.append("userId", request.userId());
        }
        return requests.insertOne(document).replaceWithVoid();
    }

    public Uni<Optional<Request>> find(String requestId) {
        return requests.find(Filters.eq("_id", requestId)).collect().first()
                .map(document -> Optional.ofNullable(document).map(ErasureRequests::read));
    }

    /** The latest requests, newest first. The collection stays small: a full scan is fine, on the wire server too. */
    public Uni<List<Request>> recent(int limit) {
        return requests.find(new Document(), new FindOptions().sort(Sorts.descending("requestedAt")).limit(limit))
                .map(ErasureRequests::read).collect().asList();
    }

    /**
     * Requests to publish (again): never acknowledged by Kafka, or last published before {@code unconfirmedBefore}
     * and not yet confirmed by every one of {@code services}.
     */
    public Uni<List<Request>> toPublish(Instant unconfirmedBefore, Collection<String> services) {
        return requests.find(Filters.or(Filters.exists("publishedAt", false),
                        Filters.lt("lastPublishedAt", Date.from(unconfirmedBefore))))
                .map(ErasureRequests::read)
                .filter(Request::publishable)
                .filter(r -> r.publishedAt() == null || !r.confirmedByAll(services))
                .collect().asList();
    }

    /** Kafka acknowledged the request at {@code at}; the first acknowledgement stays {@code publishedAt}. */
    public Uni<Void> markPublished(String requestId, Instant at) {
        return requests.updateOne(Filters.eq("_id", requestId),
                Updates.combine(Updates.min("publishedAt", Date.from(at)), Updates.set("lastPublishedAt", Date.from(at))))
                .replaceWithVoid();
    }

    /** Records a service's confirmation; false when that service had confirmed the request before (first one counts). */
    public Uni<Boolean> confirm(ErasureConfirmationMessage confirmation) {
        String path = "confirmations." + confirmation.service();
        Document erased = new Document();
        confirmation.erased().forEach(erased::append);
        return requests.updateOne(Filters.and(Filters.eq("_id", confirmation.requestId()), Filters.exists(path, false)),
                        Updates.set(path, new Document("confirmedAt", Date.from(confirmation.confirmedAt())).append("erased", erased)))
                .map(result -> result.getModifiedCount() == 1);
    }

    /** Every service confirmed: the user id gives way to its SHA-256. */
    public Uni<Void> forgetUserId(Request request) {
        if (request.userId() == null) {
            return Uni.createFrom().voidItem();
        }
        return requests.updateOne(Filters.eq("_id", request.requestId()),
                Updates.combine(Updates.set("userIdSha256", UserIdHash.of(request.userId())), Updates.unset("userId")))
                .replaceWithVoid();
    }

    private static Request read(Document d) {
        Map<String, Confirmation> confirmations = new LinkedHashMap<>();
        Document stored = d.get("confirmations", Document.class);
        if (stored != null) {
            stored.forEach((service, value) -> {
                Document c = (Document) value;
                Map<String, Long> erased = new LinkedHashMap<>();
                Document counts = c.get("erased", Document.class);
                if (counts != null) {
                    counts.forEach((kind, count) -> erased.put(kind, ((Number) count).longValue()));
                }
                confirmations.put(service, new Confirmation(instant(c, "confirmedAt"), erased));
            });
        }
        return new Request(d.getString("_id"), d.getString("accountId"), d.getString("userId"), d.getString("userIdSha256"),
                instant(d, "requestedAt"), d.getString("requestedBy"), instant(d, "publishedAt"), instant(d, "lastPublishedAt"),
                confirmations);
    }

    private static Instant instant(Document d, String field) {
        Date date = d.getDate(field);
        return date == null ? null : date.toInstant();
    }
}
