package io.retentionplatform.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * A service's answer to an {@link ErasureRequestMessage}, on {@link Topics#ERASURE_CONFIRMATIONS}, keyed by
 * {@code accountId}: the erasure is durable in that service. scoring-service records it on the request (the first
 * confirmation per service counts, repeats are ignored).
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written
 * @param requestId     the request confirmed
 * @param service       the confirming service, e.g. {@code segmentation-service}
 * @param accountId     the account of the request
 * @param confirmedAt   when the erasure was durable in the service
 * @param erased        what was erased, per kind of record (e.g. {@code events=12}); 0 where the service held none
 */
public record ErasureConfirmationMessage(
        int schemaVersion,
        String requestId,
        String service,
        String accountId,
        Instant confirmedAt,
        Map<String, Long> erased) {

    public static final int SCHEMA_VERSION = 1;

    public ErasureConfirmationMessage {
        erased = erased == null ? Map.of() : Map.copyOf(erased);
    }
}
