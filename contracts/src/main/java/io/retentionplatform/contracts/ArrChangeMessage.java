package io.retentionplatform.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A commercial event (ARR change or renewal) that arrived through scoring-service's ingest, forwarded on
 * {@link Topics#ARR_CHANGES} keyed by {@code accountId}, so that segmentation-service (which owns accounts and
 * money) records it as an ARR movement without reading engagement events.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written
 * @param messageId     the engagement event's id: stable across redeliveries, consumers deduplicate on it
 * @param accountId     the account
 * @param kind          {@code new}, {@code expansion}, {@code contraction}, {@code churn}, {@code reactivation} or
 *                      {@code renewal}
 * @param amount        the size of the change (always 0 or more; the kind gives the sign), null for a renewal
 * @param currency      ISO 4217 code, null when the sender gave none (the account's currency then applies)
 * @param effectiveAt   when the change took effect (the event's time)
 * @param renewalDate   the next renewal date a renewal event announced, null otherwise
 * @param receivedAt    when the platform accepted the event
 */
public record ArrChangeMessage(
        int schemaVersion,
        String messageId,
        String accountId,
        String kind,
        BigDecimal amount,
        String currency,
        Instant effectiveAt,
        LocalDate renewalDate,
        Instant receivedAt) {

    public static final int SCHEMA_VERSION = 1;
}
