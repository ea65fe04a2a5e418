package io.retentionplatform.scoring.state;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.FindOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.retentionplatform.scoring.signals.AccountSignals;
import io.retentionplatform.scoring.signals.DaySignals;
import io.retentionplatform.scoring.signals.Plan;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@link AccountState} documents in MongoDB ({@code account_state}, one per account, {@code _id} = account id).
 * Saves are conditional on the revision that was read ({@code _id} and {@code revision} in the filter; a new account
 * is an insert), so two writers of one account (two instances during a rebalance, a replay beside live events) can
 * never overwrite each other: the loser gets a {@link StateConflictException} (or its account in the conflict set
 * of a bulk save) and redoes its change from a fresh read. Reads select by {@code _id} (or {@code _id $in}).
 */
@ApplicationScoped
public class AccountStateStore {

    static final String COLLECTION = "account_state";

    private final ReactiveMongoCollection<Document> states;
    private final ObjectMapper json;

    public AccountStateStore(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            ObjectMapper json) {
        this.states = client.getDatabase(database).getCollection(COLLECTION);
        this.json = json;
    }

    /** The account's state, or an empty one (revision 0) if the account is new. */
    public Uni<AccountState> load(String accountId) {
        return states.find(Filters.eq("_id", accountId)).collect().first()
                .map(document -> document == null ? AccountState.empty(accountId) : fromDocument(document));
    }

    /** The states of {@code accountIds} that exist, by account id, in one query. */
    public Uni<Map<String, AccountState>> loadAll(java.util.Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return states.find(Filters.in("_id", accountIds)).collect().asList().map(documents -> {
            Map<String, AccountState> loaded = new java.util.HashMap<>();
            for (Document document : documents) {
                AccountState state = fromDocument(document);
                loaded.put(state.accountId, state);
            }
            return loaded;
        });
    }

    /**
     * Saves the state if nobody saved it since it was read; bumps its revision. Fails with
     * {@link StateConflictException} otherwise: the caller reads again and redoes its change.
     */
    public Uni<Void> save(AccountState state) {
        long next = state.revision + 1;
        Document document = toDocument(state, next);
        Uni<Boolean> written = state.revision == 0
                ? states.insertOne(document).replaceWith(Boolean.TRUE).onFailure(AccountStateStore::isDuplicateKey).recoverWithItem(Boolean.FALSE)
                : states.replaceOne(Filters.and(Filters.eq("_id", state.accountId), Filters.eq("revision", state.revision)), document)
                        .map(result -> result.getMatchedCount() == 1);
        return written.chain(ok -> {
            if (!ok) {
                return Uni.createFrom().failure(new StateConflictException(state.accountId));
            }
            state.revision = next;
            return Uni.createFrom().voidItem();
        });
    }

    /**
     * Saves many states with one bulk write, each conditional on the revision it was read with. Completes with the
     * ids of the accounts that someone else saved in between (not written: the caller redoes them); the others have
     * their revision bumped.
     */
    public Uni<java.util.Set<String>> saveAll(List<AccountState> toSave) {
        if (toSave.isEmpty()) {
            return Uni.createFrom().item(java.util.Set.of());
        }
        String writer = java.util.UUID.randomUUID().toString();
        List<com.mongodb.client.model.WriteModel<Document>> writes = new ArrayList<>();
        for (AccountState state : toSave) {
            Document document = toDocument(state, state.revision + 1).append("writer", writer);
            writes.add(state.revision == 0 ? new com.mongodb.client.model.InsertOneModel<>(document)
                    : new com.mongodb.client.model.ReplaceOneModel<>(
                            Filters.and(Filters.eq("_id", state.accountId), Filters.eq("revision", state.revision)), document));
        }
        int expected = toSave.size();
        return states.bulkWrite(writes, new com.mongodb.client.model.BulkWriteOptions().ordered(false))
                .map(result -> result.getInsertedCount() + result.getMatchedCount() == expected)
                .onFailure(f -> f instanceof com.mongodb.MongoBulkWriteException bulk && bulk.getWriteErrors().stream()
                        .allMatch(e -> e.getCategory() == com.mongodb.ErrorCategory.DUPLICATE_KEY))
                .recoverWithItem(Boolean.FALSE)
                .chain(allWritten -> allWritten ? Uni.createFrom().item(java.util.Set.<String>of()) : whoseWriteWasLost(toSave, writer))
                .invoke(conflicts -> toSave.forEach(state -> {
                    if (!conflicts.contains(state.accountId)) {
                        state.revision++;
                    }
                }));
    }

    /** After a bulk save that did not write everything: the accounts whose stored document is not ours. */
    private Uni<java.util.Set<String>> whoseWriteWasLost(List<AccountState> toSave, String writer) {
        Map<String, Long> expectedRevision = new java.util.HashMap<>();
        toSave.forEach(state -> expectedRevision.put(state.accountId, state.revision + 1));
        return states.find(Filters.in("_id", expectedRevision.keySet()),
                        new FindOptions().projection(Projections.include("_id", "revision", "writer")))
                .collect().asList().map(documents -> {
                    java.util.Set<String> lost = new java.util.HashSet<>(expectedRevision.keySet());
                    for (Document d : documents) {
                        String id = d.getString("_id");
                        if (writer.equals(d.getString("writer"))
                                && ((Number) d.get("revision")).longValue() == expectedRevision.get(id)) {
                            lost.remove(id);
                        }
                    }
                    return lost;
                });
    }

    /** Sets only the pending (replay) score of many accounts, one bulk write. */
    public Uni<Void> savePendingAll(List<AccountState> toSave) {
        if (toSave.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<com.mongodb.client.model.WriteModel<Document>> writes = new ArrayList<>();
        try {
            for (AccountState state : toSave) {
                Document pending = state.pending == null ? null : Document.parse(json.writeValueAsString(state.pending));
                writes.add(new com.mongodb.client.model.UpdateOneModel<>(Filters.eq("_id", state.accountId),
                        Updates.set("pending", pending)));
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return states.bulkWrite(writes, new com.mongodb.client.model.BulkWriteOptions().ordered(false)).replaceWithVoid();
    }

    private static boolean isDuplicateKey(Throwable failure) {
        return failure instanceof com.mongodb.MongoWriteException write
                && write.getError().getCategory() == com.mongodb.ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * Replaces the account's state by its erasure marker (an empty state with the erasure time); true if the account
     * had a score before. The caller holds the account's turn.
     */
    public Uni<Boolean> replaceWithErasureMarker(String accountId, java.time.Instant erasedAt) {
        return load(accountId).chain(state -> {
            AccountState marker = AccountState.erased(accountId, state.revision, erasedAt);
            return save(marker).replaceWith(state.hasScore());
        }).onFailure(StateConflictException.class).retry().atMost(20);
    }

    /** Records that Kafka acknowledged {@code version}; never moves the mark backwards. */
    public Uni<Void> markPublished(String accountId, long version) {
        return states.updateOne(Filters.eq("_id", accountId), Updates.max("publishedVersion", version)).replaceWithVoid();
    }

    /** Sets only the account's pending (replay) score. */
    public Uni<Void> savePending(AccountState state) {
        try {
            Document pending = state.pending == null ? null : Document.parse(json.writeValueAsString(state.pending));
            return states.updateOne(Filters.eq("_id", state.accountId), Updates.set("pending", pending)).replaceWithVoid();
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    /** Every account id, in id order. */
    public Multi<String> accountIds() {
        return states.find(new Document(), new FindOptions().projection(Projections.include("_id")))
                .map(document -> document.getString("_id"));
    }

    /** The number of accounts, from collection metadata: a counting query would read every document. */
    public Uni<Long> count() {
        return states.estimatedDocumentCount();
    }

    // --- mapping: the state is stored as JSON written by Jackson, so the document mirrors these records --------

    record StoredDay(int logins, int featureUses, Set<String> features, int ticketsOpened, int ticketsClosed,
            int highSeverityOpened, int inboundContacts, int outboundContacts, int marketingTouches, int advocacyActs) {
    }

    /** Feature names are free text: kept as values, never as field names (MongoDB forbids some characters there). */
    record FeatureUse(String feature, Instant lastUsed) {
    }

    record StoredState(long revision, Map<String, StoredDay> days, List<FeatureUse> featureLastUsed, List<String> openTickets,
            Instant lastHumanContactAt, Instant lastInboundContactAt, Instant lastEngagementAt, Integer lastNps,
            Instant lastNpsAt, Plan plan, List<String> pendingIds, ScoreRecord current, long publishedVersion,
            Map<String, Integer> daily, ScoreRecord pending, Instant erasedAt, Map<String, Instant> erasedUsers,
            long eventsFolded, Map<String, Long> eventsFoldedByType, LocalDate dailyRescoredOn) {
    }

    Document toDocument(AccountState state, long revision) {
        AccountSignals s = state.signals;
        Map<String, StoredDay> days = new LinkedHashMap<>();
        s.days().forEach((day, d) -> days.put(day.toString(), new StoredDay(d.logins(), d.featureUses(), d.features(),
                d.ticketsOpened(), d.ticketsClosed(), d.highSeverityOpened(), d.inboundContacts(), d.outboundContacts(),
                d.marketingTouches(), d.advocacyActs())));
        List<FeatureUse> features = new ArrayList<>();
        s.featureLastUsed().forEach((feature, at) -> features.add(new FeatureUse(feature, at)));
        Map<String, Integer> daily = new LinkedHashMap<>();
        state.daily.forEach((day, score) -> daily.put(day.toString(), score));
        StoredState stored = new StoredState(revision, days, features, new ArrayList<>(s.openTickets()),
                s.lastHumanContactAt().orElse(null), s.lastInboundContactAt().orElse(null), s.lastEngagementAt().orElse(null),
                s.lastNps().orElse(null), s.lastNpsAt().orElse(null), state.plan, new ArrayList<>(state.pendingIds),
                state.current, state.publishedVersion, daily, state.pending, state.erasedAt, state.erasedUsers,
                state.eventsFolded, state.eventsFoldedByType, state.dailyRescoredOn);
        try {
            return Document.parse(json.writeValueAsString(stored)).append("_id", state.accountId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the state of " + state.accountId, e);
        }
    }

    AccountState fromDocument(Document document) {
        String accountId = document.getString("_id");
        document.remove("_id");
        document.remove("writer");
        StoredState stored;
        try {
            stored = json.readValue(document.toJson(), StoredState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read the state of " + accountId, e);
        }
        AccountSignals signals = new AccountSignals();
        stored.days().forEach((day, d) -> signals.days().put(LocalDate.parse(day), DaySignals.of(d.logins(), d.featureUses(),
                d.features(), d.ticketsOpened(), d.ticketsClosed(), d.highSeverityOpened(), d.inboundContacts(),
                d.outboundContacts(), d.marketingTouches(), d.advocacyActs())));
        stored.featureLastUsed().forEach(use -> signals.featureLastUsed().put(use.feature(), use.lastUsed()));
        signals.openTickets().addAll(stored.openTickets());
        // Documents written before lastEngagementAt existed read it as null: known from the next engagement on.
        signals.restore(stored.lastHumanContactAt(), stored.lastInboundContactAt(), stored.lastEngagementAt(), stored.lastNps(),
                stored.lastNpsAt());
        TreeMap<LocalDate, Integer> daily = new TreeMap<>();
        stored.daily().forEach((day, score) -> daily.put(LocalDate.parse(day), score));
        AccountState state = new AccountState(accountId, signals, stored.plan(),
                new LinkedHashSet<>(stored.pendingIds() == null ? List.of() : stored.pendingIds()),
                stored.revision(), stored.current(), stored.publishedVersion(), daily, stored.pending(), stored.erasedAt(),
                stored.erasedUsers());
        state.eventsFolded = stored.eventsFolded();
        if (stored.eventsFoldedByType() != null) {
            state.eventsFoldedByType.putAll(stored.eventsFoldedByType());
        }
        state.dailyRescoredOn = stored.dailyRescoredOn();
        return state;
    }
}
