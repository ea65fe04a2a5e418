package io.retentionplatform.contracts;

import java.time.Instant;

/**
 * A request to erase personal data (GDPR art. 17) on {@link Topics#ERASURE_REQUESTS}, keyed by {@code accountId}.
 * scoring-service owns the API that accepts it; every service that stores account data consumes it in a consumer
 * group of its own, erases idempotently (a second delivery of the same {@code requestId} erases and confirms nothing
 * more) and answers on {@link Topics#ERASURE_CONFIRMATIONS}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written; consumers dead-letter versions they do not know
 * @param requestId     unique per request: the idempotency key, and the key of the confirmations
 * @param accountId     the account whose data is erased
 * @param userId        the pseudonymous user id of one person within the account (as events carry it); null erases
 *                      the whole account
 * @param requestedAt   when the request was accepted
 * @param requestedBy   who asked for it (the caller's principal name), for the record of processing
 */
public record ErasureRequestMessage(
        int schemaVersion,
        String requestId,
        String accountId,
        String userId,
        Instant requestedAt,
        String requestedBy) {

    public static final int SCHEMA_VERSION = 1;

    /** True when the whole account is erased, false when only one person's user id is. */
    public boolean wholeAccount() {
        return userId == null;
    }
}
