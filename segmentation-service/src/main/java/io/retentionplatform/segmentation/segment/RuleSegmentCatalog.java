package io.retentionplatform.segmentation.segment;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.retentionplatform.segmentation.rule.Rule;
import io.retentionplatform.segmentation.rule.RuleDescription;
import io.retentionplatform.segmentation.rule.RuleParser;
import io.retentionplatform.support.reactive.SafeVertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * The rule segments every decision evaluates, parsed once. Reloaded after a local change and every few seconds, so
 * an edit made through another instance is picked up there too.
 */
@ApplicationScoped
public class RuleSegmentCatalog {

    private static final Logger LOG = Logger.getLogger(RuleSegmentCatalog.class);

    private final ObjectMapper json;
    private final Vertx vertx;
    private volatile List<CompiledSegment> active = List.of();

    public RuleSegmentCatalog(ObjectMapper json, Vertx vertx) {
        this.json = json;
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        SafeVertxContext.run(vertx, this::reload).await().atMost(java.time.Duration.ofSeconds(30));
    }

    public List<CompiledSegment> active() {
        return active;
    }

    @Scheduled(every = "5s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return reload().onFailure().invoke(e -> LOG.warnf("Reloading rule segments failed: %s", e.getMessage()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<List<CompiledSegment>> reload() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                        .createQuery("FROM RuleSegment WHERE deleted = false ORDER BY id", RuleSegment.class).getResultList()))
                .map(segments -> segments.stream().map(this::compile).toList())
                .invoke(compiled -> active = compiled);
    }

    public CompiledSegment compile(RuleSegment segment) {
        Rule rule = RuleParser.parse(parseJson(segment.ruleJson));
        return new CompiledSegment(segment.id, segment.name, segment.version, rule, RuleDescription.describe(rule));
    }

    private Object parseJson(String ruleJson) {
        try {
            return json.readValue(ruleJson, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored rule is not JSON", e);
        }
    }

}
