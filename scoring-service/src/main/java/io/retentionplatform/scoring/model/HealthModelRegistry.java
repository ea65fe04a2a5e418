package io.retentionplatform.scoring.model;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.quarkus.mongodb.reactive.ReactiveMongoClient;
import io.quarkus.mongodb.reactive.ReactiveMongoCollection;
import io.quarkus.runtime.StartupEvent;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.retentionplatform.scoring.health.HealthModel;
import io.smallrye.mutiny.Uni;
import org.bson.Document;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The active health model and, while a replay runs, the pending one. Both live in MongoDB
 * ({@code scoring_model}, ids {@code active} and {@code pending}) so a restart keeps a changed model and resumes
 * an unfinished replay; the configuration gives the first model.
 */
@ApplicationScoped
public class HealthModelRegistry {

    static final String COLLECTION = "scoring_model";

    private final ReactiveMongoCollection<Document> models;
    private final ObjectMapper json;
    private final HealthModel configured;
    private final AtomicReference<HealthModel> active = new AtomicReference<>();
    private final AtomicReference<HealthModel> pending = new AtomicReference<>();

    public HealthModelRegistry(ReactiveMongoClient client, @ConfigProperty(name = "quarkus.mongodb.database") String database,
            ObjectMapper json, ScoringConfig config) {
        this.models = client.getDatabase(database).getCollection(COLLECTION);
        this.json = json;
        ScoringConfig.Health h = config.health();
        this.configured = new HealthModel(1, h.weights().adoption(), h.weights().support(), h.weights().engagement(),
                h.weights().survey(), h.surveyWeightCap(), h.bands().healthy(), h.bands().watch(), h.usageWindowDays(),
                h.contactWindowDays(), h.halfLifeDays(), Set.copyOf(h.premiumTiers()));
    }

    /** Before anything that reads the model at start-up (the replay's resume): lower priority runs first. */
    void load(@Observes @Priority(10) StartupEvent startup) {
        active.set(read("active").await().indefinitely().orElse(configured));
        pending.set(read("pending").await().indefinitely().orElse(null));
    }

    /**
     * Reads the models back from MongoDB, so a change made on another instance (a new pending model, its activation)
     * is picked up here within the refresh interval.
     */
    @io.quarkus.scheduler.Scheduled(every = "{scoring.pipeline.model-refresh-interval}",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> refresh() {
        return read("active").chain(a -> read("pending").invoke(p -> {
            a.ifPresent(model -> {
                if (model.version() >= active.get().version()) {
                    active.set(model);
                }
            });
            HealthModel current = active.get();
            pending.set(p.filter(model -> model.version() > current.version()).orElse(null));
        })).replaceWithVoid()
                .onFailure().recoverWithNull(); // MongoDB unreachable: the next tick tries again
    }

    public HealthModel active() {
        return active.get();
    }

    public Optional<HealthModel> pending() {
        return Optional.ofNullable(pending.get());
    }

    public Uni<Void> setPending(HealthModel model) {
        return write("pending", model).invoke(() -> pending.set(model));
    }

    /** The pending model becomes the active one. */
    public Uni<Void> activatePending() {
        HealthModel model = pending.get();
        if (model == null) {
            return Uni.createFrom().voidItem();
        }
        return write("active", model)
                .invoke(() -> active.set(model))
                .chain(() -> models.deleteOne(Filters.eq("_id", "pending")))
                .invoke(() -> pending.set(null))
                .replaceWithVoid();
    }

    private Uni<Optional<HealthModel>> read(String id) {
        return models.find(Filters.eq("_id", id)).collect().first().map(document -> {
            if (document == null) {
                return Optional.empty();
            }
            document.remove("_id");
            try {
                return Optional.of(json.readValue(document.toJson(), HealthModel.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Stored health model '" + id + "' is unreadable", e);
            }
        });
    }

    private Uni<Void> write(String id, HealthModel model) {
        try {
            Document document = Document.parse(json.writeValueAsString(model)).append("_id", id);
            return models.replaceOne(Filters.eq("_id", id), document, new ReplaceOptions().upsert(true)).replaceWithVoid();
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }
}
