package io.retentionplatform.contracts;

import java.time.Instant;

/**
 * An account entered or left a segment (a quadrant, a rule segment, the silent audit), on
 * {@link Topics#SEGMENT_CHANGES}, keyed by {@code accountId}. Nurture cadences start on these.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written
 * @param messageId     unique per publication: consumers deduplicate on it
 * @param accountId     the account
 * @param segment       the segment's id, e.g. {@code quadrant:silent_satisfieds}
 * @param member        {@code true} when the account entered the segment, {@code false} when it left
 * @param version       per account and segment, increasing: older versions are ignored
 * @param changedAt     when segmentation-service decided the change
 */
public record SegmentChangeMessage(
        int schemaVersion,
        String messageId,
        String accountId,
        String segment,
        boolean member,
        long version,
        Instant changedAt) {

    public static final int SCHEMA_VERSION = 1;
}
