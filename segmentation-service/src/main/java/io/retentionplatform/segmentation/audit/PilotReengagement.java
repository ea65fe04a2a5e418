package io.retentionplatform.segmentation.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.segmentation.account.Account;
import io.retentionplatform.segmentation.support.SqlValues;
import io.smallrye.mutiny.Uni;

/**
 * Records when a pilot member re-engaged: its first inbound human contact or customer-made engagement after the
 * pilot started and within the pilot's window (seed 000: re-engagement within a month). Recorded as the scores
 * arrive, so a later contact outside the window cannot hide one inside it.
 */
@ApplicationScoped
public class PilotReengagement {

    public Uni<Void> record(Account account) {
        List<Instant> candidates = new ArrayList<>();
        if (account.lastInboundContactAt != null) {
            candidates.add(account.lastInboundContactAt);
        }
        if (account.lastEngagementAt != null) {
            candidates.add(account.lastEngagementAt);
        }
        if (candidates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT m.pilot_id, p.started_at, p.window_days FROM audit_pilot_member m JOIN audit_pilot p "
                                + "ON p.pilot_id = m.pilot_id WHERE m.account_id = :id AND m.reengaged_at IS NULL", Object[].class)
                .setParameter("id", account.accountId)
                .getResultList()
                .chain(open -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Object[] row : open) {
                        String pilotId = (String) row[0];
                        Instant start = SqlValues.instant(row[1]);
                        Instant end = start.plus(java.time.Duration.ofDays(((Number) row[2]).longValue()));
                        Instant first = candidates.stream().filter(Objects::nonNull)
                                .filter(t -> !t.isBefore(start) && !t.isAfter(end)).min(Instant::compareTo).orElse(null);
                        if (first != null) {
                            all = all.chain(() -> session.createNativeQuery("UPDATE audit_pilot_member SET reengaged_at = :at "
                                            + "WHERE pilot_id = :pilot AND account_id = :id AND reengaged_at IS NULL")
                                    .setParameter("at", first)
                                    .setParameter("pilot", pilotId)
                                    .setParameter("id", account.accountId)
                                    .executeUpdate().replaceWithVoid());
                        }
                    }
                    return all;
                }));
    }
}
