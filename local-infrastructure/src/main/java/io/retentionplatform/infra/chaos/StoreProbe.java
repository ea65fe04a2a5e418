package io.retentionplatform.infra.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

/**
 * What the campaign asks scoring-service's store, straight (not through the proxy): which events are stored
 * ({@code events}, {@code _id} = event id), and each account's counters ({@code account_state}, {@code _id} = account id,
 * {@code eventsFolded} and {@code eventsFoldedByType}; a state without them counts as having folded nothing). Reads
 * select by {@code _id} in chunks, which the local wire server answers from its unique index.
 */
final class StoreProbe implements AutoCloseable {

    static final int CHUNK = 1_000;

    /** A stored event's account and type. */
    record StoredEvent(String accountId, String type) {
    }

    private final MongoClient client;
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> states;

    StoreProbe(String uri, String database) {
        this.client = MongoClients.create(uri);
        this.events = client.getDatabase(database).getCollection("events");
        this.states = client.getDatabase(database).getCollection("account_state");
    }

    /** The stored events among {@code ids}, by id. */
    Map<String, StoredEvent> storedEvents(List<String> ids) {
        Map<String, StoredEvent> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            for (Document d : events.find(Filters.in("_id", chunk)).projection(Projections.include("accountId", "type"))) {
                found.put(d.getString("_id"), new StoredEvent(d.getString("accountId"), d.getString("type")));
            }
        }
        return found;
    }

    /** Each account's folded counters as its state document has them; an account without a state is absent. */
    Map<String, AccountCounts> foldedCounts(List<String> accounts) {
        Map<String, AccountCounts> counts = new HashMap<>();
        for (int from = 0; from < accounts.size(); from += CHUNK) {
            List<String> chunk = new ArrayList<>(accounts.subList(from, Math.min(accounts.size(), from + CHUNK)));
            for (Document d : states.find(Filters.in("_id", chunk))
                    .projection(Projections.include("eventsFolded", "eventsFoldedByType"))) {
                counts.put(d.getString("_id"), folded(d));
            }
        }
        return counts;
    }

    static AccountCounts folded(Document state) {
        Object total = state.get("eventsFolded");
        Map<String, Long> byType = new HashMap<>();
        if (state.get("eventsFoldedByType") instanceof Document types) {
            types.forEach((type, count) -> byType.put(type, count instanceof Number n ? n.longValue() : 0L));
        }
        return new AccountCounts(total instanceof Number n ? n.longValue() : 0L, byType);
    }

    @Override
    public void close() {
        client.close();
    }
}
