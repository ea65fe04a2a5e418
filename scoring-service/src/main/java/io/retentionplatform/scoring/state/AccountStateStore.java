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
 * Every read and write selects by {@code _id} alone: the MongoDB wire server used locally serves only such
 * filters from an index (anything more is a full scan, measured at 6-9 ms per call over 10,000 accounts). Writers
 * of one account are serialized by the caller, so no conditional write is needed; {@code revision} counts saves.
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

    /** Saves the state (the caller is the account's only writer at this moment); bumps its revision. */
    public Uni<Void> save(AccountState state) {
        long next = state.revision + 1;
        return states.replaceOne(Filters.eq("_id", state.accountId), toDocument(state, next), new ReplaceOptions().upsert(true))
                .invoke(() -> state.revision = next)
                .replaceWithVoid();
    }

    /**
     * Replaces the account's state by its erasure marker (an empty state with the erasure time); true if the account
     * had a score before. The caller holds the account's turn.
     */
    public Uni<Boolean> replaceWithErasureMarker(String accountId, java.time.Instant erasedAt) {
        return load(accountId).chain(state -> {
            AccountState marker = AccountState.erased(accountId, state.revision, erasedAt);
            return save(marker).replaceWith(state.hasScore());
        });
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
            Instant lastNpsAt, Plan plan, List<String> recentEventIds, ScoreRecord current, long publishedVersion,
            Map<String, Integer> daily, ScoreRecord pending, Instant erasedAt, Map<String, Instant> erasedUsers) {
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
                s.lastNps().orElse(null), s.lastNpsAt().orElse(null), state.plan, new ArrayList<>(state.recentEventIds),
                state.current, state.publishedVersion, daily, state.pending, state.erasedAt, state.erasedUsers);
        try {
            return Document.parse(json.writeValueAsString(stored)).append("_id", state.accountId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the state of " + state.accountId, e);
        }
    }

    AccountState fromDocument(Document document) {
        String accountId = document.getString("_id");
        document.remove("_id");
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
        return new AccountState(accountId, signals, stored.plan(), new LinkedHashSet<>(stored.recentEventIds()),
                stored.revision(), stored.current(), stored.publishedVersion(), daily, stored.pending(), stored.erasedAt(),
                stored.erasedUsers());
    }
}
