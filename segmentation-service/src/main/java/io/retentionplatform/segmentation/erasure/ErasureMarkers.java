package io.retentionplatform.segmentation.erasure;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import io.retentionplatform.segmentation.support.SqlValues;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The erasure markers of accounts ({@code erased_account}): consumers drop a message about an erased account that was
 * produced at or before the erasure, so that messages in flight do not bring it back. Read them after locking the
 * accounts' rows: an erasure holds that lock until it commits, and the read (a new snapshot per statement) then sees
 * its marker.
 */
public final class ErasureMarkers {

    private ErasureMarkers() {
    }

    /** When each of {@code accountIds} that was erased was erased (absent: never). */
    public static Uni<Map<String, Instant>> erasedAt(Mutiny.Session session, Collection<String> accountIds) {
        if (accountIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return session.createNativeQuery("SELECT account_id, erased_at FROM erased_account "
                        + "WHERE account_id = ANY(CAST(?1 AS text[]))", Object[].class)
                .setParameter(1, accountIds.toArray(String[]::new))
                .getResultList()
                .map(rows -> {
                    Map<String, Instant> erased = new HashMap<>();
                    rows.forEach(r -> erased.put((String) r[0], SqlValues.instant(r[1])));
                    return erased;
                });
    }

    /** True when a message of {@code producedAt} (null: unknown, so older) predates the account's erasure. */
    public static boolean predates(Instant producedAt, Instant erasedAt) {
        return erasedAt != null && (producedAt == null || !producedAt.isAfter(erasedAt));
    }
}
