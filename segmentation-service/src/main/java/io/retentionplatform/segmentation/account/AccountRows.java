package io.retentionplatform.segmentation.account;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Function;

import io.retentionplatform.segmentation.support.ColumnArrays;
import io.retentionplatform.segmentation.support.SqlValues;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Accounts read and written in bulk with plain SQL, for the two paths that touch many accounts at once: a batch of
 * health scores and a page of the portfolio re-evaluation. The {@link Account} objects here are not managed by
 * Hibernate (no hydration, no dirty checking, no per-column binding); rows are locked when read and written back with
 * one statement whose parameters are column arrays.
 */
public final class AccountRows {

    private static final String COLUMNS = "account_id, crm_known, name, industry, plan_tier, entitled_features, arr, currency, "
            + "contract_start, renewal_date, owner, active, crm_version, health_score, health_band, adoption, support, "
            + "engagement, survey, engagement_score30, engagement_score90, trend_change7, trend_change30, trend_direction, "
            + "satisfaction_trap, premium_pays_basic_use, score_version, score_computed_at, model_version, active_days30, "
            + "active_days_previous30, features_used30, inbound_contacts90, outbound_contacts90, advocacy_acts90, open_tickets, "
            + "last_nps, last_human_contact_at, last_inbound_contact_at, last_engagement_at, contact_intensity, first_value_at, "
            + "quadrant, quadrant_since, quadrant_reason, segment_version";

    private AccountRows() {
    }

    /** Reads and locks the accounts matching {@code condition} (it may end with ORDER BY / LIMIT), in id order. */
    public static Uni<List<Account>> lock(Mutiny.Session session, String condition, Function<Mutiny.SelectionQuery<Object[]>,
            Mutiny.SelectionQuery<Object[]>> parameters) {
        var query = session.createNativeQuery("SELECT " + COLUMNS + " FROM account WHERE " + condition + " FOR UPDATE",
                Object[].class);
        return parameters.apply(query).getResultList().map(rows -> rows.stream().map(AccountRows::read).toList());
    }

    private static Account read(Object[] r) {
        Account a = new Account();
        int i = 0;
        a.accountId = (String) r[i++];
        a.crmKnown = Boolean.TRUE.equals(r[i++]);
        a.name = (String) r[i++];
        a.industry = (String) r[i++];
        a.planTier = (String) r[i++];
        a.entitledFeatures = new FeatureListConverter().convertToEntityAttribute((String) r[i++]);
        a.arr = SqlValues.decimal(r[i++]);
        a.currency = r[i] == null ? null : r[i].toString().trim();
        i++;
        a.contractStart = SqlValues.date(r[i++]);
        a.renewalDate = SqlValues.date(r[i++]);
        a.owner = (String) r[i++];
        a.active = Boolean.TRUE.equals(r[i++]);
        a.crmVersion = SqlValues.longOrNull(r[i++]);
        a.healthScore = SqlValues.intOrNull(r[i++]);
        a.healthBand = (String) r[i++];
        a.adoption = SqlValues.intOrNull(r[i++]);
        a.support = SqlValues.intOrNull(r[i++]);
        a.engagement = SqlValues.intOrNull(r[i++]);
        a.survey = SqlValues.intOrNull(r[i++]);
        a.engagementScore30 = SqlValues.intOrNull(r[i++]);
        a.engagementScore90 = SqlValues.intOrNull(r[i++]);
        a.trendChange7 = SqlValues.intOrNull(r[i++]);
        a.trendChange30 = SqlValues.intOrNull(r[i++]);
        a.trendDirection = (String) r[i++];
        a.satisfactionTrap = Boolean.TRUE.equals(r[i++]);
        a.premiumPaysBasicUse = Boolean.TRUE.equals(r[i++]);
        a.scoreVersion = SqlValues.longOrNull(r[i++]);
        a.scoreComputedAt = SqlValues.instant(r[i++]);
        a.modelVersion = SqlValues.longOrNull(r[i++]);
        a.activeDays30 = SqlValues.intOrNull(r[i++]);
        a.activeDaysPrevious30 = SqlValues.intOrNull(r[i++]);
        a.featuresUsed30 = SqlValues.intOrNull(r[i++]);
        a.inboundContacts90 = SqlValues.intOrNull(r[i++]);
        a.outboundContacts90 = SqlValues.intOrNull(r[i++]);
        a.advocacyActs90 = SqlValues.intOrNull(r[i++]);
        a.openTickets = SqlValues.intOrNull(r[i++]);
        a.lastNps = SqlValues.intOrNull(r[i++]);
        a.lastHumanContactAt = SqlValues.instant(r[i++]);
        a.lastInboundContactAt = SqlValues.instant(r[i++]);
        a.lastEngagementAt = SqlValues.instant(r[i++]);
        a.contactIntensity = r[i] == null ? null : ((Number) r[i]).doubleValue();
        i++;
        a.firstValueAt = SqlValues.instant(r[i++]);
        a.quadrant = (String) r[i++];
        a.quadrantSince = SqlValues.instant(r[i++]);
        a.quadrantReason = (String) r[i++];
        a.segmentVersion = SqlValues.longOrNull(r[i]);
        return a;
    }

    /** Writes back the quadrant decision and segment version of the accounts (rows that exist). */
    public static Uni<Integer> writeDecisions(Mutiny.Session session, List<Account> accounts) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = accounts.size();
        String[] ids = new String[n];
        String[] quadrants = new String[n];
        String[] since = new String[n];
        String[] reasons = new String[n];
        Long[] versions = new Long[n];
        for (int i = 0; i < n; i++) {
            Account a = accounts.get(i);
            ids[i] = a.accountId;
            quadrants[i] = a.quadrant;
            since[i] = time(a.quadrantSince);
            reasons[i] = a.quadrantReason;
            versions[i] = a.segmentVersion;
        }
        return ColumnArrays.execute(session, "UPDATE account a SET quadrant = v.q, quadrant_since = v.s, quadrant_reason = v.r, "
                + "segment_version = v.sv FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(CAST(?3 AS text[]) AS timestamptz[]), "
                + "CAST(?4 AS text[]), CAST(?5 AS bigint[])) AS v(id, q, s, r, sv) WHERE a.account_id = v.id",
                ids, quadrants, since, reasons, versions);
    }

    /** Inserts or updates the accounts' health, signals and decisions (a batch of health scores). */
    public static Uni<Integer> upsertHealth(Mutiny.Session session, List<Account> accounts, Instant now) {
        if (accounts.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        int n = accounts.size();
        Object[][] c = new Object[33][];
        c[0] = new String[n];
        c[1] = new Integer[n];
        c[2] = new String[n];
        for (int k = 3; k <= 10; k++) {
            c[k] = new Integer[n];
        }
        c[11] = new String[n];
        c[12] = new String[n];
        c[13] = new Boolean[n];
        c[14] = new Boolean[n];
        c[15] = new Long[n];
        c[16] = new String[n];
        c[17] = new Long[n];
        for (int k = 18; k <= 25; k++) {
            c[k] = new Integer[n];
        }
        c[26] = new String[n];
        c[27] = new String[n];
        c[28] = new String[n];
        c[29] = new Double[n];
        c[30] = new String[n];
        c[31] = new String[n];
        c[32] = new Object[0]; // placeholder, replaced below
        String[] since = new String[n];
        String[] reasons = new String[n];
        Long[] segmentVersions = new Long[n];
        for (int i = 0; i < n; i++) {
            Account a = accounts.get(i);
            c[0][i] = a.accountId;
            c[1][i] = a.healthScore;
            c[2][i] = a.healthBand;
            c[3][i] = a.adoption;
            c[4][i] = a.support;
            c[5][i] = a.engagement;
            c[6][i] = a.survey;
            c[7][i] = a.engagementScore30;
            c[8][i] = a.engagementScore90;
            c[9][i] = a.trendChange7;
            c[10][i] = a.trendChange30;
            c[11][i] = a.trendDirection;
            c[12][i] = a.explanation;
            c[13][i] = a.satisfactionTrap;
            c[14][i] = a.premiumPaysBasicUse;
            c[15][i] = a.scoreVersion;
            c[16][i] = time(a.scoreComputedAt);
            c[17][i] = a.modelVersion;
            c[18][i] = a.activeDays30;
            c[19][i] = a.activeDaysPrevious30;
            c[20][i] = a.featuresUsed30;
            c[21][i] = a.inboundContacts90;
            c[22][i] = a.outboundContacts90;
            c[23][i] = a.advocacyActs90;
            c[24][i] = a.openTickets;
            c[25][i] = a.lastNps;
            c[26][i] = time(a.lastHumanContactAt);
            c[27][i] = time(a.lastInboundContactAt);
            c[28][i] = time(a.lastEngagementAt);
            c[29][i] = a.contactIntensity;
            c[30][i] = time(a.firstValueAt);
            c[31][i] = a.quadrant;
            since[i] = time(a.quadrantSince);
            reasons[i] = a.quadrantReason;
            segmentVersions[i] = a.segmentVersion;
        }
        String sql = "INSERT INTO account (account_id, health_score, health_band, adoption, support, engagement, survey, "
                + "engagement_score30, engagement_score90, trend_change7, trend_change30, trend_direction, explanation, "
                + "satisfaction_trap, premium_pays_basic_use, score_version, score_computed_at, model_version, active_days30, "
                + "active_days_previous30, features_used30, inbound_contacts90, outbound_contacts90, advocacy_acts90, "
                + "open_tickets, last_nps, last_human_contact_at, last_inbound_contact_at, last_engagement_at, "
                + "contact_intensity, first_value_at, quadrant, quadrant_since, quadrant_reason, segment_version, updated_at) "
                + "SELECT *, CAST(?36 AS timestamptz) FROM unnest(CAST(?1 AS text[]), CAST(?2 AS int[]), CAST(?3 AS text[]), "
                + "CAST(?4 AS int[]), CAST(?5 AS int[]), CAST(?6 AS int[]), CAST(?7 AS int[]), "
                + "CAST(?8 AS int[]), CAST(?9 AS int[]), CAST(?10 AS int[]), CAST(?11 AS int[]), CAST(?12 AS text[]), "
                + "CAST(?13 AS text[]), CAST(?14 AS boolean[]), CAST(?15 AS boolean[]), CAST(?16 AS bigint[]), "
                + "CAST(CAST(?17 AS text[]) AS timestamptz[]), CAST(?18 AS bigint[]), CAST(?19 AS int[]), CAST(?20 AS int[]), CAST(?21 AS int[]), "
                + "CAST(?22 AS int[]), CAST(?23 AS int[]), CAST(?24 AS int[]), CAST(?25 AS int[]), CAST(?26 AS int[]), "
                + "CAST(CAST(?27 AS text[]) AS timestamptz[]), CAST(CAST(?28 AS text[]) AS timestamptz[]), CAST(CAST(?29 AS text[]) AS timestamptz[]), "
                + "CAST(?30 AS float8[]), CAST(CAST(?31 AS text[]) AS timestamptz[]), CAST(?32 AS text[]), CAST(CAST(?33 AS text[]) AS timestamptz[]), "
                + "CAST(?34 AS text[]), CAST(?35 AS bigint[])) "
                + "ON CONFLICT (account_id) DO UPDATE SET health_score = EXCLUDED.health_score, health_band = EXCLUDED.health_band, "
                + "adoption = EXCLUDED.adoption, support = EXCLUDED.support, engagement = EXCLUDED.engagement, "
                + "survey = EXCLUDED.survey, engagement_score30 = EXCLUDED.engagement_score30, "
                + "engagement_score90 = EXCLUDED.engagement_score90, trend_change7 = EXCLUDED.trend_change7, "
                + "trend_change30 = EXCLUDED.trend_change30, trend_direction = EXCLUDED.trend_direction, "
                + "explanation = EXCLUDED.explanation, satisfaction_trap = EXCLUDED.satisfaction_trap, "
                + "premium_pays_basic_use = EXCLUDED.premium_pays_basic_use, score_version = EXCLUDED.score_version, "
                + "score_computed_at = EXCLUDED.score_computed_at, model_version = EXCLUDED.model_version, "
                + "active_days30 = EXCLUDED.active_days30, active_days_previous30 = EXCLUDED.active_days_previous30, "
                + "features_used30 = EXCLUDED.features_used30, inbound_contacts90 = EXCLUDED.inbound_contacts90, "
                + "outbound_contacts90 = EXCLUDED.outbound_contacts90, advocacy_acts90 = EXCLUDED.advocacy_acts90, "
                + "open_tickets = EXCLUDED.open_tickets, last_nps = EXCLUDED.last_nps, "
                + "last_human_contact_at = EXCLUDED.last_human_contact_at, "
                + "last_inbound_contact_at = EXCLUDED.last_inbound_contact_at, last_engagement_at = EXCLUDED.last_engagement_at, "
                + "contact_intensity = EXCLUDED.contact_intensity, first_value_at = EXCLUDED.first_value_at, "
                + "quadrant = EXCLUDED.quadrant, quadrant_since = EXCLUDED.quadrant_since, "
                + "quadrant_reason = EXCLUDED.quadrant_reason, segment_version = EXCLUDED.segment_version, "
                + "updated_at = EXCLUDED.updated_at";
        Object[] parameters = new Object[36];
        System.arraycopy(c, 0, parameters, 0, 32);
        parameters[32] = since;
        parameters[33] = reasons;
        parameters[34] = segmentVersions;
        parameters[35] = now.atOffset(ZoneOffset.UTC);
        return ColumnArrays.execute(session, sql, parameters);
    }

    /** Timestamps travel as ISO text in arrays: Hibernate turns OffsetDateTime[] into Instant[], which the driver refuses. */
    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
