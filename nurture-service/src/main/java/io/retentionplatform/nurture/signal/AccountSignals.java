package io.retentionplatform.nurture.signal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.AccountChangeMessage;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.nurture.support.Sql;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/** Reads and writes {@code account_signal}; a message older than the one held (by version) changes nothing. */
@ApplicationScoped
public class AccountSignals {

    public Uni<AccountSignal> get(Mutiny.Session session, String accountId) {
        return Sql.rows(session, "SELECT " + AccountSignal.COLUMNS + " FROM account_signal WHERE account_id = ?1", accountId)
                .map(rows -> rows.isEmpty() ? AccountSignal.unknown(accountId) : AccountSignal.of(rows.get(0)));
    }

    public Uni<Map<String, AccountSignal>> get(Mutiny.Session session, Collection<String> accountIds) {
        return Sql.rows(session, "SELECT " + AccountSignal.COLUMNS + " FROM account_signal WHERE account_id = ANY(CAST(?1 AS text[]))",
                        (Object) accountIds.toArray(String[]::new))
                .map(rows -> {
                    Map<String, AccountSignal> found = new HashMap<>();
                    rows.forEach(r -> found.put((String) r[0], AccountSignal.of(r)));
                    accountIds.forEach(id -> found.putIfAbsent(id, AccountSignal.unknown(id)));
                    return found;
                });
    }

    /** Applies a health score; false when it is not newer than the one held. */
    public Uni<Boolean> applyHealth(Mutiny.Session session, HealthScoreMessage score) {
        HealthScoreMessage.Signals s = score.signals();
        return Sql.execute(session, "INSERT INTO account_signal (account_id, health_version, health, health_at, "
                        + "last_inbound_contact_at, features_used30, feature_target, premium_pays_basic_use, advocacy_acts90) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (account_id) DO UPDATE SET "
                        + "health_version = excluded.health_version, health = excluded.health, health_at = excluded.health_at, "
                        + "last_inbound_contact_at = COALESCE(excluded.last_inbound_contact_at, account_signal.last_inbound_contact_at), "
                        + "features_used30 = excluded.features_used30, feature_target = excluded.feature_target, "
                        + "premium_pays_basic_use = excluded.premium_pays_basic_use, advocacy_acts90 = excluded.advocacy_acts90 "
                        + "WHERE account_signal.health_version IS NULL OR account_signal.health_version < excluded.health_version",
                        score.accountId(), score.version(), score.score(), Sql.at(score.computedAt()),
                        Sql.at(s == null ? null : s.lastInboundContactAt()), s == null ? null : s.featuresUsed30(),
                        s == null ? null : s.featureTarget(), score.premiumPaysBasicUse(), s == null ? null : s.advocacyActs90())
                .map(n -> n > 0);
    }

    /** Applies account facts; false when they are not newer than the ones held. */
    public Uni<Boolean> applyAccount(Mutiny.Session session, AccountChangeMessage account) {
        return Sql.execute(session, "INSERT INTO account_signal (account_id, account_version, account_name, renewal_date, active) "
                        + "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (account_id) DO UPDATE SET "
                        + "account_version = excluded.account_version, account_name = excluded.account_name, "
                        + "renewal_date = excluded.renewal_date, active = excluded.active "
                        + "WHERE account_signal.account_version IS NULL OR account_signal.account_version < excluded.account_version",
                        account.accountId(), account.version(), account.name(), account.renewalDate(),
                        account.active() == null ? Boolean.TRUE : account.active())
                .map(n -> n > 0);
    }

    /** An inbound human contact reported by the marketing tool, ahead of the health score that will carry it. */
    public Uni<Integer> inboundContact(Mutiny.Session session, String accountId, Instant at) {
        return Sql.execute(session, "INSERT INTO account_signal (account_id, last_inbound_contact_at) VALUES (?1, ?2) "
                + "ON CONFLICT (account_id) DO UPDATE SET last_inbound_contact_at = GREATEST(excluded.last_inbound_contact_at, "
                + "account_signal.last_inbound_contact_at)", accountId, Sql.at(at));
    }

    public Uni<Integer> unsubscribed(Mutiny.Session session, String accountId, Instant at) {
        return Sql.execute(session, "INSERT INTO account_signal (account_id, unsubscribed_at) VALUES (?1, ?2) "
                + "ON CONFLICT (account_id) DO UPDATE SET unsubscribed_at = excluded.unsubscribed_at", accountId, Sql.at(at));
    }

    /** Whether the renewal date has passed as of {@code now} (UTC date). */
    public static boolean renewalPassed(AccountSignal signal, Instant now) {
        return signal.renewalDate() != null && signal.renewalDate().isBefore(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC));
    }

    public static List<String> ids(Collection<AccountSignal> signals) {
        return signals.stream().map(AccountSignal::accountId).toList();
    }
}
