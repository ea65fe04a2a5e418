package io.retentionplatform.segmentation.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * One change of an account's ARR. The delta is signed: new, expansion and reactivation add (0 or more), contraction
 * and churn take away (0 or less), a renewal moves nothing (exactly 0). Zero is allowed for every kind so that a
 * message announcing a change of 0 is recorded rather than rejected.
 *
 * @param accountId     the account
 * @param kind          why it moved
 * @param delta         signed change of ARR
 * @param effectiveDate the day the change takes effect; ARR on that day includes it
 */
public record ArrMovement(String accountId, MovementKind kind, BigDecimal delta, LocalDate effectiveDate) {

    public ArrMovement {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(effectiveDate, "effectiveDate");
        boolean signFits = switch (kind.sign()) {
            case 1 -> delta.signum() >= 0;
            case -1 -> delta.signum() <= 0;
            default -> delta.signum() == 0;
        };
        if (!signFits) {
            throw new IllegalArgumentException("delta " + delta.toPlainString() + " has the wrong sign for a "
                    + kind.wireName() + " movement");
        }
    }

    /**
     * From an unsigned amount, as {@code ArrChangeMessage} carries it (always 0 or more; null for a renewal): the
     * kind gives the sign.
     */
    public static ArrMovement ofAmount(String accountId, MovementKind kind, BigDecimal amount, LocalDate effectiveDate) {
        BigDecimal size = amount == null ? BigDecimal.ZERO : amount;
        if (size.signum() < 0) {
            throw new IllegalArgumentException("amount must be 0 or more, got " + size.toPlainString());
        }
        BigDecimal delta = switch (kind.sign()) {
            case 1 -> size;
            case -1 -> size.negate();
            default -> BigDecimal.ZERO;
        };
        return new ArrMovement(accountId, kind, delta, effectiveDate);
    }

    /**
     * The movement a CRM upsert implies when it changes an account's ARR from {@code arrBefore} to {@code arrAfter},
     * empty when the ARR did not change. See {@link ArrLedger#inferKind}.
     */
    public static Optional<ArrMovement> fromChange(String accountId, BigDecimal arrBefore, BigDecimal arrAfter,
            boolean hadArrBefore, LocalDate effectiveDate) {
        BigDecimal before = arrBefore == null ? BigDecimal.ZERO : arrBefore;
        BigDecimal after = arrAfter == null ? BigDecimal.ZERO : arrAfter;
        return ArrLedger.inferKind(before, after, hadArrBefore)
                .map(kind -> new ArrMovement(accountId, kind, after.subtract(before), effectiveDate));
    }
}
