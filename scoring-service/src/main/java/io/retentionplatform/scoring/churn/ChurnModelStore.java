package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import io.quarkus.mongodb.FindOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every churn model ever trained ({@code churn_models}, one document per version, never deleted): its coefficients,
 * scaler and calibration, its backtest report, the CSV import's row errors, and its status: {@code shadow} (scored
 * beside the active one, not served), {@code active} (served; at most one), {@code retired} (was active, replaced by a
 * promotion), {@code rolled_back} (was active, withdrawn by an admin) or {@code superseded} (a shadow replaced by a newer
 * one before it was promoted). Any version but the active one can be promoted.
 */
@ApplicationScoped
public class ChurnModelStore {

    static final String COLLECTION = "churn_models";

    public static final String SHADOW = "shadow";
    public static final String ACTIVE = "active";
    public static final String RETIRED = "retired";
    public static final String ROLLED_BACK = "rolled_back";
    public static final String SUPERSEDED = "superseded";

    /** A stored model with its status and report. */
    public record StoredModel(ChurnModel model, String status, BacktestReport report, Instant activatedAt,
            Instant statusChangedAt, Map<String, Object> importSummary) {
    }

    private final ReactiveMongoCollection<Document> models;
    private final ObjectMapper json;

    public ChurnModelStore(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            ObjectMapper json) {
        this.models = client.getDatabase(database).getCollection(COLLECTION);
        this.json = json;
    }

    /** The next version: one above the highest stored. */
    public Uni<Long> nextVersion() {
        return models.find(new FindOptions().sort(Sorts.descending("_id")).limit(1)).collect().first()
                .map(d -> d == null ? 1L : d.getLong("_id") + 1);
    }

    public Uni<Void> insert(ChurnModel m, String status, BacktestReport report, Map<String, Object> importSummary, Instant now) {
        Document doc = new Document("_id", m.version())
                .append("status", status)
                .append("features", m.features())
                .append("means", list(m.means()))
                .append("scales", list(m.scales()))
                .append("weights", list(m.weights()))
                .append("intercept", m.intercept())
                .append("plattA", m.plattA())
                .append("plattB", m.plattB())
                .append("trainedAt", Date.from(m.trainedAt()))
                .append("source", m.source())
                .append("statusChangedAt", Date.from(now))
                .append("activatedAt", ACTIVE.equals(status) ? Date.from(now) : null)
                // The report is read back whole, never queried: stored as the nested document its JSON form is.
                .append("report", new Document(json.convertValue(report, Map.class)))
                .append("import", importSummary == null ? null : new Document(importSummary));
        return models.insertOne(doc).replaceWithVoid();
    }

    public Uni<List<StoredModel>> list() {
        return models.find(new FindOptions().sort(Sorts.descending("_id"))).map(this::stored).collect().asList();
    }

    public Uni<Optional<StoredModel>> get(long version) {
        return models.find(Filters.eq("_id", version)).collect().first().map(d -> Optional.ofNullable(d).map(this::stored));
    }

    public Uni<Optional<StoredModel>> withStatus(String status) {
        return models.find(Filters.eq("status", status), new FindOptions().sort(Sorts.descending("_id")).limit(1))
                .collect().first().map(d -> Optional.ofNullable(d).map(this::stored));
    }

    /** The model that was active most recently before {@code version} became active (for a rollback). */
    public Uni<Optional<StoredModel>> previouslyActive(long version) {
        return models.find(Filters.and(Filters.eq("status", RETIRED), Filters.ne("_id", version)),
                        new FindOptions().sort(Sorts.descending("activatedAt")).limit(1))
                .collect().first().map(d -> Optional.ofNullable(d).map(this::stored));
    }

    /** Moves {@code version} from {@code from} to {@code to}; false when it was not in {@code from} (a race lost). */
    public Uni<Boolean> changeStatus(long version, String from, String to, Instant now) {
        var update = ACTIVE.equals(to)
                ? Updates.combine(Updates.set("status", to), Updates.set("statusChangedAt", Date.from(now)),
                        Updates.set("activatedAt", Date.from(now)))
                : Updates.combine(Updates.set("status", to), Updates.set("statusChangedAt", Date.from(now)));
        return models.updateOne(Filters.and(Filters.eq("_id", version), Filters.eq("status", from)), update)
                .map(r -> r.getModifiedCount() == 1);
    }

    private StoredModel stored(Document d) {
        ChurnModel model = new ChurnModel(d.getLong("_id"), d.getList("features", String.class), array(d, "means"),
                array(d, "scales"), array(d, "weights"), d.getDouble("intercept"), d.getDouble("plattA"),
                d.getDouble("plattB"), d.getDate("trainedAt").toInstant(), d.getString("source"));
        BacktestReport report = json.convertValue(d.get("report", Document.class), BacktestReport.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> imported = d.get("import") instanceof Document i ? json.convertValue(i, Map.class) : null;
        return new StoredModel(model, d.getString("status"), report, ChurnHistoryStore.instant(d.getDate("activatedAt")),
                ChurnHistoryStore.instant(d.getDate("statusChangedAt")), imported);
    }

    private static List<Double> list(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static double[] array(Document d, String field) {
        return d.getList(field, Number.class).stream().mapToDouble(Number::doubleValue).toArray();
    }
}
