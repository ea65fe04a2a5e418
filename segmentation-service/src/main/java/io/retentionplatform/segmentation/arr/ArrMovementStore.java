package io.retentionplatform.segmentation.arr;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.segmentation.kpi.ArrMovement;
import io.retentionplatform.segmentation.kpi.MovementKind;
import io.retentionplatform.segmentation.support.ColumnArrays;
import io.retentionplatform.segmentation.support.SqlValues;
import io.smallrye.mutiny.Uni;

/** The ARR ledger in PostgreSQL: movements are only ever added; ARR at a date is the sum of deltas up to it. */
@ApplicationScoped
public class ArrMovementStore {

    /** A movement to record; {@code sourceRef} is unique per source (an event id, a CRM version, a request id). */
    public record NewMovement(String accountId, MovementKind kind, BigDecimal delta, BigDecimal arrAfter,
            LocalDate effectiveDate, String source, String sourceRef, String note) {
    }

    /** A recorded movement, as the API shows it. */
    public record RecordedMovement(long id, String accountId, String kind, BigDecimal delta, BigDecimal arrAfter,
            LocalDate effectiveDate, String source, String sourceRef, String note, Instant recordedAt) {
    }

    private final Clock clock;

    public ArrMovementStore(Clock clock) {
        this.clock = clock;
    }

    /** Inserts the movements; one already recorded under the same source and reference is skipped. */
    public Uni<Integer> insert(List<NewMovement> movements) {
        if (movements.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Instant now = clock.instant();
        // Amounts and dates travel as text and are cast by PostgreSQL (exact: no double in between).
        return Panache.getSession().chain(session -> ColumnArrays.execute(session,
                "INSERT INTO arr_movement (account_id, kind, delta, arr_after, effective_date, source, source_ref, note, recorded_at) "
                        + "SELECT a, k, d, r, e, s, f, n, CAST(?9 AS timestamptz) FROM unnest(CAST(?1 AS text[]), "
                        + "CAST(?2 AS text[]), CAST(CAST(?3 AS text[]) AS numeric[]), CAST(CAST(?4 AS text[]) AS numeric[]), "
                        + "CAST(CAST(?5 AS text[]) AS date[]), CAST(?6 AS text[]), CAST(?7 AS text[]), CAST(?8 AS text[])) "
                        + "AS v(a, k, d, r, e, s, f, n) ON CONFLICT (source, source_ref) DO NOTHING",
                column(movements, NewMovement::accountId), column(movements, m -> m.kind().wireName()),
                column(movements, m -> m.delta().toPlainString()), column(movements, m -> m.arrAfter().toPlainString()),
                column(movements, m -> m.effectiveDate().toString()), column(movements, NewMovement::source),
                column(movements, NewMovement::sourceRef), column(movements, NewMovement::note),
                now.atOffset(java.time.ZoneOffset.UTC)));
    }

    private static String[] column(List<NewMovement> movements, java.util.function.Function<NewMovement, String> value) {
        return movements.stream().map(value).toArray(String[]::new);
    }

    /** Which of the accounts have any movement (a return to ARR after churn is a reactivation, not new business). */
    public Uni<Set<String>> accountsWithHistory(List<String> accountIds) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT DISTINCT account_id FROM arr_movement WHERE account_id IN (:ids)", String.class)
                .setParameter("ids", accountIds).getResultList())
                .map(HashSet::new);
    }

    public Uni<BigDecimal> arrAt(String accountId, LocalDate date) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT COALESCE(sum(delta), 0) FROM arr_movement WHERE account_id = :id AND effective_date <= :d",
                        Object.class)
                .setParameter("id", accountId).setParameter("d", date).getSingleResult())
                .map(SqlValues::decimal);
    }

    public Uni<BigDecimal> portfolioArrAt(LocalDate date) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT COALESCE(sum(delta), 0) FROM arr_movement WHERE effective_date <= :d", Object.class)
                .setParameter("d", date).getSingleResult())
                .map(SqlValues::decimal);
    }

    public Uni<List<RecordedMovement>> history(String accountId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT id, account_id, kind, delta, arr_after, effective_date, source, source_ref, note, recorded_at "
                                + "FROM arr_movement WHERE account_id = :id ORDER BY effective_date, id", Object[].class)
                .setParameter("id", accountId).getResultList())
                .map(rows -> rows.stream().map(r -> new RecordedMovement(((Number) r[0]).longValue(), (String) r[1],
                        (String) r[2], SqlValues.decimal(r[3]), SqlValues.decimal(r[4]), SqlValues.date(r[5]), (String) r[6],
                        (String) r[7], (String) r[8], SqlValues.instant(r[9]))).toList());
    }

    /** Every movement effective on or before {@code to}: the input of the retention KPIs. */
    public Uni<List<ArrMovement>> upTo(LocalDate to) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT account_id, kind, delta, effective_date FROM arr_movement WHERE effective_date <= :to",
                        Object[].class)
                .setParameter("to", to).getResultList())
                .map(rows -> rows.stream().map(r -> new ArrMovement((String) r[0],
                        MovementKind.fromWireName((String) r[1]).orElseThrow(), SqlValues.decimal(r[2]),
                        SqlValues.date(r[3]))).toList());
    }
}
