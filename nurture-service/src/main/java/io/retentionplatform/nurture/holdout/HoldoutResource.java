package io.retentionplatform.nurture.holdout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.nurture.cadence.CadenceCatalog;
import io.retentionplatform.nurture.cadence.CadenceValidation;
import io.retentionplatform.nurture.support.Sql;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Did the cadence work? Per period of entry, treated against control (the held-out share): the re-engagement rate
 * (an inbound contact or a positive outcome within the cadence's window after entry) and the mean health change over
 * that window, each with the uplift and its 95% confidence interval. Only enrollments whose window has closed count;
 * the rest are reported as pending.
 */
@Path("/cadences/{cadenceId}/holdout-report")
@Tag(name = "Cadences")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class HoldoutResource {

    private final CadenceCatalog catalog;
    private final Clock clock;

    public HoldoutResource(CadenceCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    public record Group(long accounts, long reengaged, Double reengagementRate, long withHealth, Double meanHealthChange) {
    }

    public record Period(String period, Group treated, Group control, Uplift reengagementUplift, Uplift healthChangeUplift,
            long pending) {
    }

    public record Report(String cadenceId, String cadenceName, double holdoutShare, int reengagementDays, Instant from, Instant to,
            String groupBy, List<Period> periods) {
    }

    @GET
    @WithSession
    @Operation(summary = "Re-engagement and health change, treated vs. control, with the uplift and its 95% confidence interval")
    public Uni<Report> report(@PathParam("cadenceId") String cadenceId, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("period") @DefaultValue("all") String period) {
        CadenceValidation.checkId(cadenceId);
        Instant now = clock.instant();
        Instant end = instant(to, "to", now.plusSeconds(1));
        Instant start = instant(from, "from", end.minus(Duration.ofDays(365)));
        if (!start.isBefore(end)) {
            throw InvalidInput.field("from", "must be before to");
        }
        String bucket = switch (period) {
            case "all" -> "'all'";
            case "month" -> "to_char(date_trunc('month', entered_at AT TIME ZONE 'UTC'), 'YYYY-MM')";
            case "week" -> "to_char(date_trunc('week', entered_at AT TIME ZONE 'UTC'), 'IYYY-\"W\"IW')";
            default -> throw InvalidInput.field("period", "one of all, month, week");
        };
        return Panache.getSession().chain(session -> catalog.find(session, cadenceId).chain(found -> {
            CadenceCatalog.Versioned cadence = found.orElseThrow(() -> InvalidInput.notFound("No cadence " + cadenceId));
            return Sql.rows(session, "SELECT " + bucket + " AS p, held_out, window_ends_at <= ?4 AS matured, count(*), "
                            + "count(reengaged_at), count(health_latest - health_at_entry), avg(health_latest - health_at_entry), "
                            + "var_samp(health_latest - health_at_entry) FROM enrollment WHERE cadence_id = ?1 AND entered_at >= ?2 "
                            + "AND entered_at < ?3 GROUP BY 1, 2, 3 ORDER BY 1", cadenceId, Sql.at(start), Sql.at(end), Sql.at(now))
                    .map(rows -> new Report(cadenceId, cadence.definition().name(), cadence.definition().holdoutShare(),
                            cadence.definition().reengagementDays(), start, end, period, periods(rows)));
        }));
    }

    private static List<Period> periods(List<Object[]> rows) {
        Map<String, Object[][]> byPeriod = new LinkedHashMap<>();
        Map<String, Long> pending = new LinkedHashMap<>();
        for (Object[] r : rows) {
            String p = (String) r[0];
            byPeriod.computeIfAbsent(p, k -> new Object[2][]);
            pending.putIfAbsent(p, 0L);
            if (!(Boolean) r[2]) {
                pending.merge(p, ((Number) r[3]).longValue(), Long::sum);
                continue;
            }
            byPeriod.get(p)[(Boolean) r[1] ? 1 : 0] = r;
        }
        List<Period> periods = new ArrayList<>();
        byPeriod.forEach((p, groups) -> {
            Group treated = group(groups[0]);
            Group control = group(groups[1]);
            periods.add(new Period(p, treated, control,
                    Uplift.ofProportions(treated.accounts(), treated.reengaged(), control.accounts(), control.reengaged()),
                    Uplift.ofMeans(treated.withHealth(), treated.meanHealthChange(), variance(groups[0]), control.withHealth(),
                            control.meanHealthChange(), variance(groups[1])),
                    pending.get(p)));
        });
        return periods;
    }

    private static Group group(Object[] r) {
        if (r == null) {
            return new Group(0, 0, null, 0, null);
        }
        long accounts = ((Number) r[3]).longValue();
        long reengaged = ((Number) r[4]).longValue();
        long withHealth = ((Number) r[5]).longValue();
        Double mean = r[6] == null ? null : Math.round(((Number) r[6]).doubleValue() * 100) / 100.0;
        return new Group(accounts, reengaged, accounts == 0 ? null : Math.round(reengaged * 10_000.0 / accounts) / 10_000.0,
                withHealth, mean);
    }

    private static Double variance(Object[] r) {
        return r == null || r[7] == null ? null : ((Number) r[7]).doubleValue();
    }

    private static Instant instant(String value, String field, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidInput.field(field, "must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }
}
