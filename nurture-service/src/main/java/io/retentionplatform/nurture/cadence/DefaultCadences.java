package io.retentionplatform.nurture.cadence;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.retentionplatform.nurture.support.Sql;
import io.smallrye.mutiny.Multi;
import org.jboss.logging.Logger;

/**
 * The cadences the service ships with, one per quadrant and one for the silent-audit pilot
 * ({@code default-cadences.json}), created at start-up when absent. An existing cadence is left as it is: once
 * installed, a default is the operator's to edit or disable.
 */
@ApplicationScoped
public class DefaultCadences {

    private static final Logger LOG = Logger.getLogger(DefaultCadences.class);

    private final CadenceCatalog catalog;
    private final ObjectMapper json;
    private final Clock clock;

    public DefaultCadences(CadenceCatalog catalog, ObjectMapper json, Clock clock) {
        this.catalog = catalog;
        this.json = json;
        this.clock = clock;
    }

    public static Map<String, CadenceInput> load(ObjectMapper json) {
        try (InputStream in = DefaultCadences.class.getResourceAsStream("/default-cadences.json")) {
            return json.readValue(in, new TypeReference<LinkedHashMap<String, CadenceInput>>() { });
        } catch (IOException e) {
            throw new IllegalStateException("default-cadences.json does not read", e);
        }
    }

    void install(@Observes StartupEvent start) throws Throwable {
        Map<String, CadenceInput> defaults = load(json);
        int created = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> Multi.createFrom().iterable(defaults.entrySet())
                        .onItem().transformToUniAndConcatenate(e -> Sql.rows(session,
                                        "SELECT 1 FROM cadence WHERE cadence_id = ?1", e.getKey())
                                .chain(rows -> rows.isEmpty()
                                        ? catalog.save(session, e.getKey(), e.getValue(), true, true, clock.instant()).replaceWith(1)
                                        : io.smallrye.mutiny.Uni.createFrom().item(0)))
                        .collect().asList()
                        .map(list -> list.stream().mapToInt(Integer::intValue).sum()))));
        if (created > 0) {
            LOG.infof("Installed %d default cadences", created);
        }
    }
}
