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
 * @param kind          {@code quadrant}, {@code rule}, {@code flag} (built-in, e.g. the satisfaction trap) or
 *                      {@code audit_pilot} (the account is in a silent-audit pilot cohort); null from older producers
 * @param from          for a quadrant change: the quadrant the account left (null on its first placement)
 * @param to            for a quadrant change: the quadrant the account entered
 * @param reason        one English sentence: why the account entered or left
 * @param scoreVersion  the health-score version the decision was made on, null when no score was involved
 * @param definitionVersion the rule segment's version (or pilot's) the decision was made with, null for quadrants
 */
public record SegmentChangeMessage(
        int schemaVersion,
        String messageId,
        String accountId,
        String segment,
        boolean member,
        long version,
        Instant changedAt,
        String kind,
        String from,
        String to,
        String reason,
        Long scoreVersion,
        Long definitionVersion) {

    public static final int SCHEMA_VERSION = 1;

    /** Segment ids: quadrants are {@code quadrant:<name>}, rule segments {@code rule:<id>}, flags {@code flag:<name>}. */
    public static final String KIND_QUADRANT = "quadrant";
    public static final String KIND_RULE = "rule";
    public static final String KIND_FLAG = "flag";
    public static final String KIND_AUDIT_PILOT = "audit_pilot";

    /** The fields of the first release only (membership without the why). */
    public static SegmentChangeMessage membership(String messageId, String accountId, String segment, boolean member,
            long version, Instant changedAt) {
        return new SegmentChangeMessage(SCHEMA_VERSION, messageId, accountId, segment, member, version, changedAt, null,
                null, null, null, null, null);
    }
}
