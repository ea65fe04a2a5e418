package io.retentionplatform.contracts;

import java.time.Instant;

/**
 * Something that happened in an account's nurture outreach, on {@link Topics#NURTURE_OUTCOMES}, keyed by
 * {@code accountId}: a step sent, postponed by the contact cap or skipped, an outcome reported by the marketing tool,
 * an enrollment that completed or exited.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written
 * @param messageId     unique per publication: consumers deduplicate on it
 * @param accountId     the account
 * @param enrollmentId  the enrollment it belongs to, null for an outcome that names no outreach
 * @param cadenceId     the enrollment's cadence, null with it
 * @param cadenceVersion the cadence version the enrollment runs
 * @param kind          {@code enrolled}, {@code held_out}, {@code step_sent}, {@code step_skipped}, {@code completed},
 *                      {@code exited} or {@code outcome}
 * @param stepIndex     the step (0-based) for step kinds and outcomes that name one, else null
 * @param outcome       for {@code outcome}: delivered, opened, clicked, replied, meeting_booked, bounced, unsubscribed
 * @param reason        one English sentence
 * @param occurredAt    when it happened
 */
public record NurtureOutcomeMessage(
        int schemaVersion,
        String messageId,
        String accountId,
        Long enrollmentId,
        String cadenceId,
        Integer cadenceVersion,
        String kind,
        Integer stepIndex,
        String outcome,
        String reason,
        Instant occurredAt) {

    public static final int SCHEMA_VERSION = 1;
}
