package io.retentionplatform.segmentation.membership;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.segmentation.account.Account;
import io.retentionplatform.segmentation.outbox.Outbox;
import io.retentionplatform.segmentation.support.ColumnArrays;
import io.smallrye.mutiny.Uni;

/**
 * Current segment memberships and their history (one row per stay: entered, left, why, from which score and rule
 * version), and the segment-change messages that announce them, written to the outbox in the same transaction.
 */
@ApplicationScoped
public class MembershipStore {

    private final Outbox outbox;

    public MembershipStore(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The accounts' current quadrant, flag and rule segments (pilot cohorts are not decided per account). */
    public Uni<Map<String, Set<String>>> currentSegments(Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT account_id, segment_id FROM segment_membership WHERE left_at IS NULL AND kind <> 'audit_pilot' "
                                + "AND account_id = ANY(CAST(?1 AS text[]))", Object[].class)
                .setParameter(1, accountIds.toArray(String[]::new))
                .getResultList())
                .map(rows -> {
                    Map<String, Set<String>> current = new HashMap<>();
                    for (String id : accountIds) {
                        current.put(id, new HashSet<>());
                    }
                    for (Object[] row : rows) {
                        current.get((String) row[0]).add((String) row[1]);
                    }
                    return current;
                });
    }

    /** An account with the changes decided for it. The account's segment version is advanced here, per message. */
    public record AccountChanges(Account account, List<MembershipChange> changes) {
    }

    /** Writes the changes of many accounts (history rows, current rows, outbox messages) in a few statements. */
    public Uni<Integer> apply(List<AccountChanges> all, Instant now) {
        List<Object[]> leaves = new ArrayList<>();
        List<Object[]> enters = new ArrayList<>();
        List<Outbox.Entry> messages = new ArrayList<>();
        for (AccountChanges entry : all) {
            Account account = entry.account();
            for (MembershipChange change : entry.changes()) {
                Long scoreVersion = account.scoreVersion == 0 ? null : account.scoreVersion;
                if (change.enter()) {
                    enters.add(new Object[] {change.segmentId(), change.kind(), account.accountId, now, change.reason(),
                        scoreVersion, change.definitionVersion()});
                } else {
                    leaves.add(new Object[] {change.segmentId(), account.accountId, change.reason()});
                }
                account.segmentVersion++;
                String messageId = UUID.randomUUID().toString();
                messages.add(new Outbox.Entry(Topics.SEGMENT_CHANGES, account.accountId, messageId,
                        new SegmentChangeMessage(SegmentChangeMessage.SCHEMA_VERSION, messageId, account.accountId,
                                change.segmentId(), change.enter(), account.segmentVersion, now, change.kind(), change.from(),
                                change.to(), change.reason(), scoreVersion, change.definitionVersion())));
            }
        }
        if (messages.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        java.time.OffsetDateTime at = now.atOffset(java.time.ZoneOffset.UTC);
        return Panache.getSession().chain(session -> (leaves.isEmpty() ? Uni.createFrom().item(0) : ColumnArrays.execute(session,
                        "UPDATE segment_membership m SET left_at = CAST(?4 AS timestamptz), leave_reason = v.reason "
                                + "FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[])) AS v(segment_id, account_id, reason) "
                                + "WHERE m.segment_id = v.segment_id AND m.account_id = v.account_id AND m.left_at IS NULL",
                        column(leaves, 0), column(leaves, 1), column(leaves, 2), at))
                .chain(() -> enters.isEmpty() ? Uni.createFrom().item(0) : ColumnArrays.execute(session,
                        "INSERT INTO segment_membership (segment_id, kind, account_id, entered_at, enter_reason, score_version, "
                                + "definition_version) SELECT s, k, a, CAST(?4 AS timestamptz), r, sv, dv FROM unnest(CAST(?1 AS text[]), "
                                + "CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?5 AS text[]), CAST(?6 AS bigint[]), CAST(?7 AS bigint[])) AS v(s, k, a, r, sv, dv)",
                        column(enters, 0), column(enters, 1), column(enters, 2), at, column(enters, 4),
                        longColumn(enters, 5), longColumn(enters, 6))))
                .chain(() -> outbox.addAll(messages))
                .replaceWith(messages.size());
    }

    private static String[] column(List<Object[]> rows, int index) {
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (String) rows.get(i)[index];
        }
        return values;
    }

    private static Long[] longColumn(List<Object[]> rows, int index) {
        Long[] values = new Long[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (Long) rows.get(i)[index];
        }
        return values;
    }

    /** Pilot cohorts: membership rows (kind audit_pilot) and their messages, without a per-account decision. */
    public Uni<Integer> enterPilot(List<Account> accounts, String segmentId, long pilotVersion, String reason, Instant now) {
        List<AccountChanges> changes = accounts.stream().map(a -> new AccountChanges(a, List.of(new MembershipChange(segmentId,
                SegmentChangeMessage.KIND_AUDIT_PILOT, true, reason, pilotVersion, null, null)))).toList();
        return apply(changes, now);
    }
}
