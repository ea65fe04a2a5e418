package io.retentionplatform.nurture.signal;

import java.time.Instant;
import java.time.LocalDate;

import io.retentionplatform.nurture.support.Sql;

/**
 * What nurture knows of an account from the other services: the latest health-score signals (from scoring-service, on
 * health-scores) and account facts (from segmentation-service, on account-changes), plus an unsubscribe reported by
 * the marketing tool. Any field may be null while the message carrying it has not arrived.
 */
public record AccountSignal(
        String accountId,
        Long healthVersion,
        Integer health,
        Instant healthAt,
        Instant lastInboundContactAt,
        Integer featuresUsed30,
        Integer featureTarget,
        Boolean premiumPaysBasicUse,
        Integer advocacyActs90,
        Long accountVersion,
        String accountName,
        LocalDate renewalDate,
        Boolean active,
        Instant unsubscribedAt) {

    public static AccountSignal unknown(String accountId) {
        return new AccountSignal(accountId, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    static final String COLUMNS = "account_id, health_version, health, health_at, last_inbound_contact_at, features_used30, "
            + "feature_target, premium_pays_basic_use, advocacy_acts90, account_version, account_name, renewal_date, active, "
            + "unsubscribed_at";

    static AccountSignal of(Object[] r) {
        return new AccountSignal((String) r[0], Sql.number(r[1]),
                Sql.integer(r[2]), Sql.instant(r[3]),
                Sql.instant(r[4]), Sql.integer(r[5]),
                Sql.integer(r[6]), (Boolean) r[7],
                Sql.integer(r[8]), Sql.number(r[9]),
                (String) r[10], date(r[11]), (Boolean) r[12], Sql.instant(r[13]));
    }

    private static LocalDate date(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof LocalDate d ? d : ((java.sql.Date) value).toLocalDate();
    }
}
