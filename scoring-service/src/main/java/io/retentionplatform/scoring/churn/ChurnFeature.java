package io.retentionplatform.scoring.churn;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleFunction;

/**
 * The churn model's features, each with its column name (also the CSV import's header) and the plain-English phrase a
 * driver is shown with, for example "no human contact for 104 days". Values are raw (unscaled); the model scales them.
 * The quadrant is one-hot against Active Advocates; an unknown NPS, renewal or contact is given a stated stand-in value
 * together with a flag or a cap, so that "unknown" is a value the model can weigh.
 */
public enum ChurnFeature {

    HEALTH_SCORE("health_score", v -> "health score " + whole(v)),
    HEALTH_CHANGE_30("health_change_30", v -> v < 0 ? "health down " + whole(-v) + " points in 30 days"
            : "health up " + whole(v) + " points in 30 days"),
    ADOPTION("adoption", v -> "adoption " + whole(v) + " of 100"),
    SUPPORT("support", v -> "support " + whole(v) + " of 100"),
    ENGAGEMENT("engagement", v -> "engagement " + whole(v) + " of 100"),
    ACTIVE_DAYS_30("active_days_30", v -> "active on " + whole(v) + " of the last 30 days"),
    USAGE_CHANGE_30("usage_change_30", v -> v < 0 ? whole(-v) + " fewer active days than the 30 days before"
            : whole(v) + " more active days than the 30 days before"),
    DAYS_SINCE_HUMAN_CONTACT("days_since_human_contact", v -> v >= ChurnFeatures.DAYS_CAP
            ? "no human contact in a year or more" : "no human contact for " + whole(v) + " days"),
    INBOUND_CONTACTS_90("inbound_contacts_90", v -> whole(v) + " inbound contacts in 90 days"),
    QUADRANT_SILENT_SATISFIED("quadrant_silent_satisfied", v -> v > 0 ? "Silent Satisfied (uses, no contact)"
            : "not Silent Satisfied"),
    QUADRANT_STRUGGLING_NEEDY("quadrant_struggling_needy", v -> v > 0 ? "Struggling / Needy (contact, low use)"
            : "not Struggling / Needy"),
    QUADRANT_AT_RISK_DISENGAGED("quadrant_at_risk_disengaged", v -> v > 0 ? "At-Risk / Disengaged (low use, no contact)"
            : "not At-Risk / Disengaged"),
    NPS_KNOWN("nps_known", v -> v > 0 ? "an NPS answer on record" : "no NPS answer on record"),
    NPS("nps", v -> "NPS " + whole(v)),
    NPS_AGE_DAYS("nps_age_days", v -> v >= ChurnFeatures.DAYS_CAP ? "no NPS answer in a year or more"
            : "NPS answered " + whole(v) + " days ago"),
    OPEN_TICKETS("open_tickets", v -> whole(v) + " open support tickets"),
    TICKETS_OPENED_30("tickets_opened_30", v -> whole(v) + " support tickets opened in 30 days"),
    HIGH_SEVERITY_TICKETS_30("high_severity_tickets_30", v -> whole(v) + " high-severity tickets in 30 days"),
    VALUE_REALIZATION("value_realization", v -> "uses " + whole(100 * v) + "% of the features paid for"),
    PAYS_PREMIUM_USES_BASIC("pays_premium_uses_basic", v -> v > 0 ? "pays for premium, uses basic features"
            : "uses premium features it pays for"),
    SATISFACTION_TRAP("satisfaction_trap", v -> v > 0 ? "in the satisfaction trap" : "not in the satisfaction trap"),
    PREMIUM_PLAN("premium_plan", v -> v > 0 ? "on a premium plan" : "on a basic plan"),
    ARR_LOG10("arr_log10", v -> "ARR " + String.format(Locale.ROOT, "%,d", Math.round(Math.pow(10, v) - 1)) + " EUR"),
    ARR_CONTRACTED_SHARE_365("arr_contracted_share_365", v -> v > 0
            ? "ARR contracted by " + whole(100 * v) + "% in the last year" : "no ARR contraction in the last year"),
    ARR_EXPANDED_365("arr_expanded_365", v -> v > 0 ? "ARR expanded in the last year" : "no ARR expansion in the last year"),
    TENURE_DAYS("tenure_days", v -> "customer for " + whole(v) + " days"),
    DAYS_TO_RENEWAL("days_to_renewal", v -> v >= ChurnFeatures.DAYS_CAP ? "no renewal within a year known"
            : "renewal in " + whole(v) + " days");

    private final String column;
    private final DoubleFunction<String> phrase;

    ChurnFeature(String column, DoubleFunction<String> phrase) {
        this.column = column;
        this.phrase = phrase;
    }

    /** The feature's name: the model's, the report's and the CSV import's column. */
    public String column() {
        return column;
    }

    /** The value in plain English, e.g. "renewal in 41 days". */
    public String describe(double value) {
        return phrase.apply(value);
    }

    public static List<String> columns() {
        return Arrays.stream(values()).map(ChurnFeature::column).toList();
    }

    public static Optional<ChurnFeature> byColumn(String column) {
        return Arrays.stream(values()).filter(f -> f.column.equals(column)).findFirst();
    }

    private static String whole(double v) {
        return Long.toString(Math.round(v));
    }
}
