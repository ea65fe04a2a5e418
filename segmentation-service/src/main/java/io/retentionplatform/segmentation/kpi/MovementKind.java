package io.retentionplatform.segmentation.kpi;

import java.util.Arrays;
import java.util.Optional;

/** Why an account's ARR moved. The wire names are those of {@code ArrChangeMessage.kind}. */
public enum MovementKind {
    /** A first contract: the account had never had ARR. */
    NEW("new", 1),
    /** Upsell or cross-sell on an account that has ARR. */
    EXPANSION("expansion", 1),
    /** Less ARR, the account stays. */
    CONTRACTION("contraction", -1),
    /** The account's ARR goes to 0. */
    CHURN("churn", -1),
    /** ARR again after an account had churned. */
    REACTIVATION("reactivation", 1),
    /** A renewal at the same ARR: recorded, moves nothing. */
    RENEWAL("renewal", 0);

    private final String wireName;
    private final int sign;

    MovementKind(String wireName, int sign) {
        this.wireName = wireName;
        this.sign = sign;
    }

    /** Lower case, as in messages and the API: {@code new}, {@code expansion}, ... */
    public String wireName() {
        return wireName;
    }

    /** The sign the delta of this kind has: 1, -1, or 0 for a renewal. */
    public int sign() {
        return sign;
    }

    /** The kind with this wire name (case-insensitive), empty for null or an unknown name. */
    public static Optional<MovementKind> fromWireName(String wireName) {
        return Arrays.stream(values()).filter(kind -> kind.wireName.equalsIgnoreCase(wireName)).findFirst();
    }
}
