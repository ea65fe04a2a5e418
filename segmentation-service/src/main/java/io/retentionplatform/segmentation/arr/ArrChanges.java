package io.retentionplatform.segmentation.arr;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.segmentation.account.Account;
import io.retentionplatform.segmentation.account.AccountService;
import io.retentionplatform.segmentation.kpi.MovementKind;
import io.retentionplatform.segmentation.membership.SegmentAssignment;
import io.smallrye.mutiny.Uni;
import org.hibernate.LockMode;

/**
 * Records an ARR movement that is not a CRM upsert: a {@code commercial.arr_change} event forwarded by scoring, or a
 * movement posted to the API. The amount is a size; the kind gives the direction (a contraction cannot take ARR below
 * zero, a churn takes all of it). Recorded once per source reference; the account's ARR, its announcement on
 * account-changes and its segments follow in the same transaction.
 */
@ApplicationScoped
public class ArrChanges {

    /** A movement request. */
    public record Change(String accountId, MovementKind kind, BigDecimal amount, String currency, LocalDate effectiveDate,
            LocalDate renewalDate, String source, String sourceRef, String note) {
    }

    private final ArrMovementStore movements;
    private final AccountService accounts;
    private final SegmentAssignment assignment;
    private final Clock clock;

    public ArrChanges(ArrMovementStore movements, AccountService accounts, SegmentAssignment assignment, Clock clock) {
        this.movements = movements;
        this.accounts = accounts;
        this.assignment = assignment;
        this.clock = clock;
    }

    /** Applies the change in the caller's transaction; false if this source reference was recorded before. */
    public Uni<Boolean> record(Change change) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT count(*) FROM arr_movement WHERE source = :s AND source_ref = :r", Long.class)
                .setParameter("s", change.source()).setParameter("r", change.sourceRef()).getSingleResult()
                .chain(seen -> seen > 0 ? Uni.createFrom().item(false)
                        // A locking query rather than find(): the account may already be in the session (the
                        // resource checked it exists), and Hibernate's lock upgrade of a loaded entity is broken here.
                        : session.createQuery("FROM Account WHERE accountId = :id", Account.class)
                                .setParameter("id", change.accountId())
                                .setLockMode(LockMode.PESSIMISTIC_WRITE)
                                .getResultList()
                                .chain(found -> apply(found.isEmpty() ? null : found.get(0), change).replaceWith(true))));
    }

    private Uni<Void> apply(Account found, Change change) {
        Instant now = clock.instant();
        Account account = found;
        Uni<Void> saved = Uni.createFrom().voidItem();
        if (account == null) {
            account = new Account();
            account.accountId = change.accountId();
            account.updatedAt = now;
            Account created = account;
            saved = Panache.getSession().chain(session -> session.persist(created));
        }
        Account a = account;
        String currency = change.currency() != null ? change.currency() : a.currency;
        BigDecimal amount = change.amount() == null ? BigDecimal.ZERO
                : accounts.toReporting(change.amount(), currency).orElseThrow(() -> new IllegalArgumentException(
                        "No conversion rate for " + currency));
        BigDecimal delta = switch (change.kind()) {
            case NEW, EXPANSION, REACTIVATION -> amount;
            case CONTRACTION -> amount.min(a.arr).negate();
            case CHURN -> a.arr.negate();
            case RENEWAL -> BigDecimal.ZERO;
        };
        BigDecimal after = a.arr.add(delta);
        a.arr = after;
        a.active = after.signum() > 0;
        if (change.renewalDate() != null) {
            a.renewalDate = change.renewalDate();
        }
        a.updatedAt = now;
        return saved.chain(() -> movements.insert(List.of(new ArrMovementStore.NewMovement(a.accountId, change.kind(), delta,
                        after, change.effectiveDate(), change.source(), change.sourceRef(), change.note()))))
                .chain(() -> accounts.announce(List.of(a)))
                .chain(() -> assignment.reassess(a))
                .replaceWithVoid();
    }
}
