package io.retentionplatform.segmentation.portfolio;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.segmentation.arr.ArrMovementStore;
import io.retentionplatform.segmentation.kpi.AdvocacyRate;
import io.retentionplatform.segmentation.kpi.ArrLedger;
import io.retentionplatform.segmentation.kpi.ArrMovement;
import io.retentionplatform.segmentation.kpi.BenchmarkBands;
import io.retentionplatform.segmentation.kpi.HealthDistribution;
import io.retentionplatform.segmentation.kpi.Industry;
import io.retentionplatform.segmentation.kpi.RetentionKpis;
import io.retentionplatform.segmentation.kpi.TimeToValue;
import io.retentionplatform.segmentation.quadrant.Quadrant;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.segmentation.support.SqlValues;
import io.retentionplatform.support.security.RateLimited;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The portfolio KPIs of seed 000 for a period: NRR, GRR, expansion revenue as % of ARR and logo retention from the ARR
 * movements; retention per industry against the Dutch B2B benchmark bands; time-to-value; and, as of now, the advocacy
 * rate and the health distribution; accounts and ARR per quadrant at the period's end.
 */
@Path("/portfolio")
@Tag(name = "Portfolio KPIs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class PortfolioResource {

    private final ArrMovementStore movements;
    private final Clock clock;

    public PortfolioResource(ArrMovementStore movements, Clock clock) {
        this.movements = movements;
        this.clock = clock;
    }

    public record IndustryRetention(String industry, RetentionKpis.RetentionFigures figures, BigDecimal benchmarkLow,
            BigDecimal benchmarkHigh, String verdict) {
    }

    public record QuadrantFigures(String quadrant, String label, int accounts, BigDecimal arr) {
    }

    public record Kpis(LocalDate from, LocalDate to, BigDecimal arrAtStart, BigDecimal arrAtEnd,
            RetentionKpis.RetentionFigures retention, List<IndustryRetention> industries, TimeToValue timeToValue,
            AdvocacyRate advocacy, HealthDistribution health, List<QuadrantFigures> quadrants) {
    }

    @GET
    @RateLimited("reports")
    @Path("/kpis")
    @WithSession
    @Operation(summary = "Portfolio KPIs for a period (default: the 365 days up to today). Retention verdicts per industry "
            + "use the annualised logo retention against the benchmark bands")
    public Uni<Kpis> kpis(@QueryParam("from") String fromText, @QueryParam("to") String toText) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate to = date("to", toText, today);
        LocalDate from = date("from", fromText, to.minusDays(364));
        if (to.isBefore(from)) {
            throw InvalidInput.field("to", "must not be before from");
        }
        return movements.upTo(to).chain(list -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT account_id, industry, contract_start, first_value_at, active, advocacy_acts90, health_band, "
                                + "score_computed_at IS NOT NULL FROM account", Object[].class).getResultList()
                .chain(accounts -> {
                    ArrLedger ledger = ArrLedger.of(list);
                    return quadrantsAt(to, ledger).map(quadrants -> compute(from, to, list, ledger, accounts, quadrants));
                })));
    }

    private Kpis compute(LocalDate from, LocalDate to, List<ArrMovement> list, ArrLedger ledger, List<Object[]> accounts,
            List<QuadrantFigures> quadrants) {
        Map<String, Industry> industries = new HashMap<>();
        List<TimeToValue.Entry> ttv = new ArrayList<>();
        List<String> bands = new ArrayList<>();
        int advocates = 0;
        int activeScored = 0;
        for (Object[] a : accounts) {
            String id = (String) a[0];
            industries.put(id, Industry.fromWireName((String) a[1]).orElse(Industry.OTHER));
            LocalDate contractStart = SqlValues.date(a[2]);
            if (contractStart != null && !contractStart.isBefore(from) && !contractStart.isAfter(to)) {
                var value = SqlValues.instant(a[3]);
                ttv.add(new TimeToValue.Entry(id, contractStart,
                        value == null ? null : LocalDate.ofInstant(value, ZoneOffset.UTC)));
            }
            boolean active = Boolean.TRUE.equals(a[4]);
            boolean scored = Boolean.TRUE.equals(a[7]);
            if (active && scored) {
                activeScored++;
                if (a[5] != null && ((Number) a[5]).intValue() > 0) {
                    advocates++;
                }
                bands.add((String) a[6]);
            }
        }
        RetentionKpis kpis = RetentionKpis.compute(list, industries, from, to);
        List<IndustryRetention> byIndustry = new ArrayList<>();
        for (Industry industry : Industry.values()) {
            RetentionKpis.RetentionFigures figures = kpis.industry(industry);
            var band = BenchmarkBands.band(industry);
            BenchmarkBands.Verdict verdict = figures == null || figures.annualisedLogoRetention() == null ? null
                    : BenchmarkBands.verdict(industry, figures.annualisedLogoRetention());
            byIndustry.add(new IndustryRetention(industry.wireName(), figures, band.map(BenchmarkBands.Band::low).orElse(null),
                    band.map(BenchmarkBands.Band::high).orElse(null), verdict == null ? null : verdict.name().toLowerCase()));
        }
        return new Kpis(from, to, ledger.portfolioArrAt(from.minusDays(1)), ledger.portfolioArrAt(to), kpis.portfolio(),
                byIndustry, TimeToValue.of(ttv), AdvocacyRate.of(advocates, activeScored), HealthDistribution.of(bands),
                quadrants);
    }

    /** Accounts per quadrant at the end of {@code to} (from the membership history), with their ARR on that day. */
    private Uni<List<QuadrantFigures>> quadrantsAt(LocalDate to, ArrLedger ledger) {
        var end = to.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT segment_id, account_id FROM segment_membership WHERE kind = 'quadrant' AND entered_at < :end "
                                + "AND (left_at IS NULL OR left_at >= :end)", Object[].class)
                .setParameter("end", end).getResultList())
                .map(rows -> {
                    Map<Quadrant, int[]> counts = new EnumMap<>(Quadrant.class);
                    Map<Quadrant, BigDecimal> arr = new EnumMap<>(Quadrant.class);
                    for (Object[] row : rows) {
                        Quadrant q = Quadrant.fromId(((String) row[0]).substring("quadrant:".length())).orElse(null);
                        if (q != null) {
                            counts.computeIfAbsent(q, k -> new int[1])[0]++;
                            arr.merge(q, ledger.arrAt((String) row[1], to), BigDecimal::add);
                        }
                    }
                    List<QuadrantFigures> figures = new ArrayList<>();
                    for (Quadrant q : Quadrant.values()) {
                        figures.add(new QuadrantFigures(q.id(), q.label(), counts.getOrDefault(q, new int[1])[0],
                                arr.getOrDefault(q, BigDecimal.ZERO)));
                    }
                    return figures;
                });
    }

    static LocalDate date(String parameter, String value, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw InvalidInput.field(parameter, "must be a date yyyy-MM-dd");
        }
    }

}
