package io.retentionplatform.nurture.eligibility;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.ExpansionEligibilityMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.nurture.cadence.CadenceCatalog;
import io.retentionplatform.nurture.outbox.Outbox;
import io.retentionplatform.nurture.signal.AccountSignals;
import io.retentionplatform.nurture.support.Sql;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Decides an account's expansion-play eligibility ({@link EligibilityRules}) from nurture's own tables, and keeps the
 * last decision: when the answer or the plays change, the new decision is published on expansion-eligibility (keyed by
 * account, through the outbox, in the transaction of the change that caused it).
 */
@ApplicationScoped
public class ExpansionEligibility {

    private static final String SILENT_ENROLLMENT = "(trigger_segment = 'quadrant:silent_satisfieds' OR trigger_segment LIKE 'audit-pilot:%')";

    private final AccountSignals signals;
    private final CadenceCatalog catalog;
    private final Outbox outbox;

    public ExpansionEligibility(AccountSignals signals, CadenceCatalog catalog, Outbox outbox) {
        this.signals = signals;
        this.catalog = catalog;
        this.outbox = outbox;
    }

    /** The decision as of now, from the current facts. */
    public Uni<Eligibility> decide(Mutiny.Session session, String accountId) {
        return facts(session, accountId).map(EligibilityRules::decide);
    }

    /** Decides again and, if the answer or the plays changed, stores and publishes the new decision. */
    public Uni<Void> refresh(Mutiny.Session session, String accountId, Instant now) {
        return decide(session, accountId).chain(decision -> Sql.rows(session,
                        "SELECT eligible, plays, version FROM expansion_eligibility WHERE account_id = ?1 FOR UPDATE", accountId)
                .chain(rows -> {
                    String plays = String.join(",", decision.plays());
                    String reasons = String.join("\n", decision.reasons());
                    if (rows.isEmpty()) {
                        return store(session, accountId, decision, plays, reasons, 1, now, true);
                    }
                    Object[] held = rows.get(0);
                    boolean changed = (Boolean) held[0] != decision.eligible() || !plays.equals(held[1]);
                    long version = ((Number) held[2]).longValue() + (changed ? 1 : 0);
                    return store(session, accountId, decision, plays, reasons, version, now, changed);
                }));
    }

    private Uni<Void> store(Mutiny.Session session, String accountId, Eligibility decision, String plays, String reasons, long version,
            Instant now, boolean publish) {
        Uni<Integer> write = Sql.execute(session, "INSERT INTO expansion_eligibility (account_id, eligible, plays, reasons, version, "
                + "decided_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (account_id) DO UPDATE SET eligible = excluded.eligible, "
                + "plays = excluded.plays, reasons = excluded.reasons, version = excluded.version, decided_at = excluded.decided_at",
                accountId, decision.eligible(), plays, reasons, version, Sql.at(now));
        if (!publish) {
            return write.replaceWithVoid();
        }
        String id = "eligibility-" + accountId + "-" + version;
        ExpansionEligibilityMessage message = new ExpansionEligibilityMessage(ExpansionEligibilityMessage.SCHEMA_VERSION, id, accountId,
                version, decision.eligible(), decision.plays(), decision.reasons(), now);
        return write.chain(() -> outbox.addAll(List.of(new Outbox.Entry(Topics.EXPANSION_ELIGIBILITY, accountId, id, message))));
    }

    /** The stored decision's version, for the API. */
    public Uni<Optional<Long>> version(Mutiny.Session session, String accountId) {
        return Sql.rows(session, "SELECT version, eligible FROM expansion_eligibility WHERE account_id = ?1", accountId)
                .map(rows -> rows.stream().findFirst().map(r -> ((Number) r[0]).longValue()));
    }

    private Uni<EligibilityRules.Facts> facts(Mutiny.Session session, String accountId) {
        return signals.get(session, accountId).chain(signal -> Sql.rows(session,
                        "SELECT segment, member FROM segment_membership WHERE account_id = ?1 AND (segment LIKE 'quadrant:%' "
                                + "OR segment LIKE 'audit-pilot:%') ORDER BY changed_at DESC", accountId)
                .chain(memberships -> {
                    String quadrant = memberships.stream().filter(r -> (Boolean) r[1] && ((String) r[0]).startsWith("quadrant:"))
                            .map(r -> ((String) r[0]).substring("quadrant:".length())).findFirst().orElse(null);
                    boolean wasSilent = memberships.stream().anyMatch(r -> r[0].equals("quadrant:silent_satisfieds")
                            || ((String) r[0]).startsWith("audit-pilot:"));
                    return Sql.rows(session, "SELECT cadence_id, cadence_version, status, next_step, steps_total FROM enrollment "
                                    + "WHERE account_id = ?1 AND " + SILENT_ENROLLMENT + " ORDER BY enrollment_id DESC LIMIT 1", accountId)
                            .chain(rows -> rows.isEmpty()
                                    ? Uni.createFrom().item(Optional.<EligibilityRules.SilentNurture>empty())
                                    : catalog.version(session, (String) rows.get(0)[0], ((Number) rows.get(0)[1]).intValue())
                                            .map(d -> Optional.of(new EligibilityRules.SilentNurture(d.name(), (String) rows.get(0)[2],
                                                    ((Number) rows.get(0)[3]).intValue(), ((Number) rows.get(0)[4]).intValue()))))
                            .map(nurture -> new EligibilityRules.Facts(signal, quadrant, wasSilent || nurture.isPresent(), nurture));
                }));
    }

    static List<String> split(String joined, String separator) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(separator));
    }
}
