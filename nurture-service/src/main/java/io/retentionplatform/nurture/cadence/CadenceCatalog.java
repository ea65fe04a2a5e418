package io.retentionplatform.nurture.cadence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.nurture.support.Sql;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The cadences and their versions in PostgreSQL. A version is immutable, so its parsed definition is cached by
 * (cadence, version) for the life of the process; which version is current, and whether a cadence is enabled, is read
 * from the table each time, so an edit made through any instance applies on all of them at once.
 */
@ApplicationScoped
public class CadenceCatalog {

    /** A cadence's version with its definition, and the cadence's state. */
    public record Versioned(String cadenceId, int version, boolean enabled, boolean builtIn, CadenceDefinition definition,
            CadenceInput source, Instant updatedAt) {
    }

    public enum Saved { CREATED, NEW_VERSION, UNCHANGED }

    public record SaveResult(Saved outcome, int version) {
    }

    private final ObjectMapper json;
    private final Map<String, CadenceInput> versions = new ConcurrentHashMap<>();

    public CadenceCatalog(ObjectMapper json) {
        this.json = json;
    }

    /** Every cadence at its current version, enabled or not. */
    public Uni<List<Versioned>> current(Mutiny.Session session) {
        return Sql.rows(session, "SELECT c.cadence_id, c.current_version, c.enabled, c.built_in, v.definition, c.updated_at "
                        + "FROM cadence c JOIN cadence_version v ON v.cadence_id = c.cadence_id AND v.version = c.current_version "
                        + "ORDER BY c.cadence_id")
                .map(rows -> rows.stream().map(this::versioned).toList());
    }

    public Uni<List<Versioned>> enabled(Mutiny.Session session) {
        return current(session).map(all -> all.stream().filter(Versioned::enabled).toList());
    }

    public Uni<Optional<Versioned>> find(Mutiny.Session session, String cadenceId) {
        return current(session).map(all -> all.stream().filter(c -> c.cadenceId().equals(cadenceId)).findFirst());
    }

    /** One version's definition (cached: versions never change). */
    public Uni<CadenceDefinition> version(Mutiny.Session session, String cadenceId, int version) {
        CadenceInput cached = versions.get(cadenceId + "@" + version);
        if (cached != null) {
            return Uni.createFrom().item(CadenceValidation.validate(cached));
        }
        return Sql.rows(session, "SELECT definition, created_at FROM cadence_version WHERE cadence_id = ?1 AND version = ?2",
                        cadenceId, version)
                .map(rows -> {
                    if (rows.isEmpty()) {
                        throw new IllegalStateException("No version " + version + " of cadence " + cadenceId);
                    }
                    CadenceInput input = read((String) rows.get(0)[0]);
                    versions.put(cadenceId + "@" + version, input);
                    return CadenceValidation.validate(input);
                });
    }

    public Uni<List<Object[]>> versionList(Mutiny.Session session, String cadenceId) {
        return Sql.rows(session, "SELECT version, created_at FROM cadence_version WHERE cadence_id = ?1 ORDER BY version", cadenceId);
    }

    /**
     * Creates the cadence, or writes a new version when the definition differs from the current one (the enabled flag
     * alone changes no version). Call inside a transaction; the row lock on the cadence serializes concurrent edits.
     */
    public Uni<SaveResult> save(Mutiny.Session session, String cadenceId, CadenceInput input, boolean enabled, boolean builtIn,
            Instant now) {
        CadenceInput canonical = canonical(input);
        String definition = write(canonical);
        return Sql.rows(session, "SELECT c.current_version, v.definition FROM cadence c JOIN cadence_version v "
                        + "ON v.cadence_id = c.cadence_id AND v.version = c.current_version WHERE c.cadence_id = ?1 FOR UPDATE OF c",
                        cadenceId)
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return Sql.execute(session, "INSERT INTO cadence (cadence_id, current_version, enabled, built_in, created_at, "
                                        + "updated_at) VALUES (?1, 1, ?2, ?3, ?4, ?4) ON CONFLICT DO NOTHING",
                                        cadenceId, enabled, builtIn, Sql.at(now))
                                .chain(inserted -> inserted == 0
                                        // Created concurrently: take the lock and try again as an edit.
                                        ? save(session, cadenceId, input, enabled, builtIn, now)
                                        : insertVersion(session, cadenceId, 1, definition, now)
                                                .replaceWith(new SaveResult(Saved.CREATED, 1)));
                    }
                    int current = ((Number) rows.get(0)[0]).intValue();
                    boolean same = Objects.equals(read((String) rows.get(0)[1]), canonical);
                    int version = same ? current : current + 1;
                    Uni<Integer> newVersion = same ? Uni.createFrom().item(0) : insertVersion(session, cadenceId, version, definition, now);
                    return newVersion.chain(() -> Sql.execute(session, "UPDATE cadence SET current_version = ?2, enabled = ?3, "
                                    + "updated_at = ?4 WHERE cadence_id = ?1", cadenceId, version, enabled, Sql.at(now)))
                            .replaceWith(new SaveResult(same ? Saved.UNCHANGED : Saved.NEW_VERSION, version));
                });
    }

    public Uni<Integer> setEnabled(Mutiny.Session session, String cadenceId, boolean enabled, Instant now) {
        return Sql.execute(session, "UPDATE cadence SET enabled = ?2, updated_at = ?3 WHERE cadence_id = ?1", cadenceId, enabled,
                Sql.at(now));
    }

    private Uni<Integer> insertVersion(Mutiny.Session session, String cadenceId, int version, String definition, Instant now) {
        return Sql.execute(session, "INSERT INTO cadence_version (cadence_id, version, definition, created_at) VALUES (?1, ?2, ?3, ?4)",
                cadenceId, version, definition, Sql.at(now));
    }

    /** The stored form: validated, so that what is stored always reads back as a valid definition; enabled is not part of it. */
    static CadenceInput canonical(CadenceInput input) {
        CadenceDefinition d = CadenceValidation.validate(input);
        return new CadenceInput(d.name(), d.description(), d.trigger(),
                d.steps().stream().map(s -> new CadenceInput.StepInput(s.channel().wireName(), s.content().wireName(),
                        s.delay().toString(), s.title())).toList(),
                d.exitOn().stream().sorted().map(ExitCondition::wireName).toList(), d.exitHealthAbove(), d.holdoutShare(),
                d.reengagementDays(), null);
    }

    private Versioned versioned(Object[] row) {
        String id = (String) row[0];
        int version = ((Number) row[1]).intValue();
        CadenceInput input = versions.computeIfAbsent(id + "@" + version, k -> read((String) row[4]));
        return new Versioned(id, version, (Boolean) row[2], (Boolean) row[3], CadenceValidation.validate(input), input,
                Sql.instant(row[5]));
    }

    private CadenceInput read(String definition) {
        try {
            return json.readValue(definition, CadenceInput.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored cadence version does not read back", e);
        }
    }

    private String write(CadenceInput input) {
        try {
            return json.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
