package io.retentionplatform.segmentation.kpi;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accounts' ARR over time, folded from their movements: an account's ARR on a day is the sum of the deltas effective
 * on or before it (0 before its first movement). The ledger does not clamp: movements that take an account below 0
 * show as negative ARR, so that bad data stays visible.
 */
public final class ArrLedger {

    private final List<ArrMovement> movements;
    private final Map<String, List<ArrMovement>> movementsByAccount = new HashMap<>();
    private final Map<String, NavigableMap<LocalDate, BigDecimal>> arrByAccount = new HashMap<>();

    private ArrLedger(Collection<ArrMovement> movements) {
        List<ArrMovement> sorted = new ArrayList<>(movements);
        sorted.sort(Comparator.comparing(ArrMovement::effectiveDate)); // stable: same-day movements keep their order
        this.movements = List.copyOf(sorted);
        for (ArrMovement movement : this.movements) {
            movementsByAccount.computeIfAbsent(movement.accountId(), id -> new ArrayList<>()).add(movement);
            NavigableMap<LocalDate, BigDecimal> arr = arrByAccount.computeIfAbsent(movement.accountId(),
                    id -> new TreeMap<>());
            BigDecimal before = arr.isEmpty() ? BigDecimal.ZERO : arr.lastEntry().getValue();
            arr.put(movement.effectiveDate(), before.add(movement.delta()));
        }
    }

    public static ArrLedger of(Collection<ArrMovement> movements) {
        return new ArrLedger(movements);
    }

    /** ARR of the account at the end of {@code date}: the deltas effective on or before it. */
    public BigDecimal arrAt(String accountId, LocalDate date) {
        NavigableMap<LocalDate, BigDecimal> arr = arrByAccount.get(accountId);
        Map.Entry<LocalDate, BigDecimal> entry = arr == null ? null : arr.floorEntry(date);
        return entry == null ? BigDecimal.ZERO : entry.getValue();
    }

    /** ARR of all accounts at the end of {@code date}. */
    public BigDecimal portfolioArrAt(LocalDate date) {
        return arrByAccount.keySet().stream().map(id -> arrAt(id, date)).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** True when the account had ARR above 0 at the end of any day up to and including {@code date}. */
    public boolean hadArrBefore(String accountId, LocalDate date) {
        NavigableMap<LocalDate, BigDecimal> arr = arrByAccount.get(accountId);
        return arr != null && arr.headMap(date, true).values().stream().anyMatch(value -> value.signum() > 0);
    }

    /** Every account with at least one movement. */
    public Set<String> accountIds() {
        return Set.copyOf(arrByAccount.keySet());
    }

    /** All movements, by effective date. */
    public List<ArrMovement> movements() {
        return movements;
    }

    /** The account's movements by effective date (same-day movements in the order given), empty if none. */
    public List<ArrMovement> movementsOf(String accountId) {
        return List.copyOf(movementsByAccount.getOrDefault(accountId, List.of()));
    }

    /**
     * The kind of movement a CRM upsert implies when it changes an account's ARR: 0 to more is NEW for an account
     * that never had ARR and REACTIVATION for one that had ARR and churned; to 0 is CHURN; up is EXPANSION, down is
     * CONTRACTION; no change is empty. Null counts as 0; negative ARR is rejected.
     */
    public static Optional<MovementKind> inferKind(BigDecimal arrBefore, BigDecimal arrAfter, boolean hadArrBefore) {
        BigDecimal before = arrBefore == null ? BigDecimal.ZERO : arrBefore;
        BigDecimal after = arrAfter == null ? BigDecimal.ZERO : arrAfter;
        if (before.signum() < 0 || after.signum() < 0) {
            throw new IllegalArgumentException("ARR cannot be negative: " + before.toPlainString() + " -> "
                    + after.toPlainString());
        }
        int direction = after.compareTo(before);
        if (direction == 0) {
            return Optional.empty();
        }
        if (before.signum() == 0) {
            return Optional.of(hadArrBefore ? MovementKind.REACTIVATION : MovementKind.NEW);
        }
        if (after.signum() == 0) {
            return Optional.of(MovementKind.CHURN);
        }
        return Optional.of(direction > 0 ? MovementKind.EXPANSION : MovementKind.CONTRACTION);
    }
}
