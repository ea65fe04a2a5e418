package io.retentionplatform.segmentation.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.segmentation.account.Account;
import io.retentionplatform.segmentation.support.ColumnArrays;
import io.retentionplatform.segmentation.support.SqlValues;
import io.smallrye.mutiny.Uni;

/**
 * Records when a pilot member re-engaged: its first inbound human contact or customer-made engagement after the
 * pilot started and within the pilot's window (seed 000: re-engagement within a month). Recorded as the scores
 * arrive, so a later contact outside the window cannot hide one inside it.
 */
@ApplicationScoped
public class PilotReengagement {

    /** Checks the accounts (just updated from their scores) against the pilots they are open members of. */
    public Uni<Void> record(List<Account> accounts) {
        Map<String, Account> engaged = new HashMap<>();
        for (Account a : accounts) {
            if (a.lastInboundContactAt != null || a.lastEngagementAt != null) {
                engaged.put(a.accountId, a);
            }
        }
        if (engaged.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT m.pilot_id, m.account_id, p.started_at, p.window_days FROM audit_pilot_member m "
                                + "JOIN audit_pilot p ON p.pilot_id = m.pilot_id "
                                + "WHERE m.account_id = ANY(CAST(?1 AS text[])) AND m.reengaged_at IS NULL", Object[].class)
                .setParameter(1, engaged.keySet().toArray(String[]::new))
                .getResultList()
                .chain(open -> {
                    List<Object[]> updates = new ArrayList<>();
                    for (Object[] row : open) {
                        Account account = engaged.get((String) row[1]);
                        Instant start = SqlValues.instant(row[2]);
                        Instant end = start.plus(Duration.ofDays(((Number) row[3]).longValue()));
                        Stream.of(account.lastInboundContactAt, account.lastEngagementAt)
                                .filter(t -> t != null && !t.isBefore(start) && !t.isAfter(end))
                                .min(Instant::compareTo)
                                .ifPresent(first -> updates.add(new Object[] {row[0], row[1], first.toString()}));
                    }
                    if (updates.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    return ColumnArrays.execute(session, "UPDATE audit_pilot_member m SET reengaged_at = v.at FROM unnest("
                                    + "CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(CAST(?3 AS text[]) AS timestamptz[])) "
                                    + "AS v(pilot_id, account_id, at) WHERE m.pilot_id = v.pilot_id "
                                    + "AND m.account_id = v.account_id AND m.reengaged_at IS NULL",
                                    updates.stream().map(u -> (String) u[0]).toArray(String[]::new),
                                    updates.stream().map(u -> (String) u[1]).toArray(String[]::new),
                                    updates.stream().map(u -> (String) u[2]).toArray(String[]::new))
                            .replaceWithVoid();
                }));
    }
}
