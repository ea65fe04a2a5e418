package io.retentionplatform.scoring.churn;

import java.time.Instant;

/**
 * One ARR movement scoring-service saw: a {@code commercial.arr_change} event it stored and forwarded, or a change
 * of ARR between two account changes from the CRM (a drop to inactive is a churn, a lower ARR a contraction).
 *
 * @param effectiveAt when it took effect
 * @param kind        {@code new}, {@code expansion}, {@code contraction}, {@code churn}, {@code reactivation} or
 *                    {@code renewal}
 * @param amount      its size in EUR (0 or more; the kind gives the sign), 0 when unknown
 */
public record ArrMovement(Instant effectiveAt, String kind, double amount) {

    public static final String CHURN = "churn";
    public static final String CONTRACTION = "contraction";

    /** The signed effect on ARR. */
    public double signedAmount() {
        return switch (kind) {
            case CHURN, CONTRACTION -> -amount;
            case "renewal" -> 0;
            default -> amount;
        };
    }
}
