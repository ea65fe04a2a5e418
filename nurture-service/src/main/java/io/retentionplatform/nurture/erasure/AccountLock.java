package io.retentionplatform.nurture.erasure;

import java.time.Instant;
import java.util.Optional;

import io.retentionplatform.nurture.support.Sql;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Serializes the writers of one account across transactions and instances (a PostgreSQL advisory lock on the account
 * id's hash, held until the transaction ends): an erasure and a segment change of the same account never interleave,
 * so a membership written concurrently with the erasure cannot survive it. Also reads the account's erasure marker.
 */
public final class AccountLock {

    private AccountLock() {
    }

    public static Uni<Void> take(Mutiny.Session session, String accountId) {
        return session.createNativeQuery("SELECT CAST(pg_advisory_xact_lock(hashtext(?1)) AS text)", String.class)
                .setParameter(1, accountId).getSingleResult().replaceWithVoid();
    }

    /** When the account was erased, if it was. */
    public static Uni<Optional<Instant>> erasedAt(Mutiny.Session session, String accountId) {
        return session.createNativeQuery("SELECT erased_at FROM erased_account WHERE account_id = ?1", Object.class)
                .setParameter(1, accountId).getResultList()
                .map(rows -> rows.isEmpty() ? Optional.empty() : Optional.of(Sql.instant(rows.get(0))));
    }

    /** True when a message of {@code producedAt} (null: unknown, so older) predates the erasure. */
    public static boolean predates(Instant producedAt, Optional<Instant> erasedAt) {
        return erasedAt.isPresent() && (producedAt == null || !producedAt.isAfter(erasedAt.get()));
    }
}
