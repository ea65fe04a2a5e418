package io.retentionplatform.scoring.apikey;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * API keys in MongoDB ({@code api_keys}). Lookups for authentication are cached for a few seconds
 * ({@code quarkus.cache.caffeine."api-keys".expire-after-write}): a revocation takes effect at once on the instance
 * that made it and within that time on the others.
 */
@ApplicationScoped
public class ApiKeyStore {

    static final String COLLECTION = "api_keys";

    private final ReactiveMongoCollection<Document> keys;
    private final Cache cache;

    public ApiKeyStore(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            @CacheName("api-keys") Cache cache) {
        this.keys = client.getDatabase(database).getCollection(COLLECTION);
        this.cache = cache;
    }

    public Uni<ApiKey> create(ApiKey key) {
        Document document = new Document("_id", key.id())
                .append("source", key.source())
                .append("description", key.description())
                .append("secretHash", key.secretHash())
                .append("createdAt", Date.from(key.createdAt()))
                .append("createdBy", key.createdBy());
        return keys.insertOne(document).replaceWith(key);
    }

    /**
     * The key with this id, revoked or not; cached for authentication. An unknown id is not kept in the cache, so that
     * made-up keys cannot crowd the real ones out of it.
     */
    public Uni<Optional<ApiKey>> find(String id) {
        return cache.<String, Optional<ApiKey>>getAsync(id, key -> read(key))
                .call(found -> found.isEmpty() ? cache.invalidate(id) : Uni.createFrom().voidItem());
    }

    private Uni<Optional<ApiKey>> read(String id) {
        return keys.find(Filters.eq("_id", id)).collect().first().map(d -> Optional.ofNullable(d).map(ApiKeyStore::read));
    }

    public Uni<List<ApiKey>> list() {
        return keys.find(new FindOptions().sort(Sorts.descending("createdAt"))).map(ApiKeyStore::read).collect().asList();
    }

    /**
     * Revokes the key (again is harmless); {@code false} if there is no such key. The cached entry goes after the update,
     * so that a lookup between the two cannot put the still-valid key back.
     */
    public Uni<Boolean> revoke(String id, Instant at, String by) {
        return keys.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq("revokedAt", null)),
                        Updates.combine(Updates.set("revokedAt", Date.from(at)), Updates.set("revokedBy", by)))
                .call(() -> cache.invalidate(id))
                .chain(result -> result.getMatchedCount() > 0 ? Uni.createFrom().item(true)
                        : keys.countDocuments(Filters.eq("_id", id)).map(count -> count > 0));
    }

    private static ApiKey read(Document d) {
        Date revoked = d.getDate("revokedAt");
        return new ApiKey(d.getString("_id"), d.getString("source"), d.getString("description"), d.getString("secretHash"),
                d.getDate("createdAt").toInstant(), d.getString("createdBy"), revoked == null ? null : revoked.toInstant());
    }
}
