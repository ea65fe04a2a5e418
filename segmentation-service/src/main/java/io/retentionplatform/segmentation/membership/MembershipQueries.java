package io.retentionplatform.segmentation.membership;

import java.time.Instant;
import java.util.List;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.segmentation.support.SqlValues;
import io.smallrye.mutiny.Uni;

/** Reads of membership history, by segment or by account. */
public final class MembershipQueries {

    /** One stay of an account in a segment. */
    public record Stay(String accountId, String segmentId, String kind, Instant enteredAt, String enterReason, Instant leftAt,
            String leaveReason, Long scoreVersion, Long definitionVersion) {
    }

    private MembershipQueries() {
    }

    /** Stays where {@code column} ({@code segment_id} or {@code account_id}) equals {@code value}, newest first. */
    public static Uni<List<Stay>> stays(String column, String value, int page, int size) {
        if (!column.equals("segment_id") && !column.equals("account_id")) {
            throw new IllegalArgumentException(column);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT account_id, segment_id, kind, entered_at, enter_reason, left_at, leave_reason, score_version, "
                                + "definition_version FROM segment_membership WHERE " + column + " = :v "
                                + "ORDER BY entered_at DESC, id DESC", Object[].class)
                .setParameter("v", value).setFirstResult(page * size).setMaxResults(size).getResultList())
                .map(rows -> rows.stream().map(r -> new Stay((String) r[0], (String) r[1], (String) r[2],
                        SqlValues.instant(r[3]), (String) r[4], SqlValues.instant(r[5]), (String) r[6],
                        SqlValues.longOrNull(r[7]), SqlValues.longOrNull(r[8]))).toList());
    }

    /** The current stays (left_at null) of these accounts, by account id then segment id. */
    public static Uni<List<Stay>> currentOf(List<String> accountIds) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT account_id, segment_id, kind, entered_at, enter_reason, left_at, leave_reason, score_version, "
                                + "definition_version FROM segment_membership WHERE account_id = ANY(CAST(?1 AS text[])) "
                                + "AND left_at IS NULL ORDER BY account_id, segment_id", Object[].class)
                .setParameter(1, accountIds.toArray(String[]::new)).getResultList())
                .map(rows -> rows.stream().map(r -> new Stay((String) r[0], (String) r[1], (String) r[2],
                        SqlValues.instant(r[3]), (String) r[4], SqlValues.instant(r[5]), (String) r[6],
                        SqlValues.longOrNull(r[7]), SqlValues.longOrNull(r[8]))).toList());
    }
}
