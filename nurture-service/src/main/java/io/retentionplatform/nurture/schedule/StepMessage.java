package io.retentionplatform.nurture.schedule;

import java.time.Instant;

/**
 * What the marketing tool receives when a step is due (the {@code data} of an outbound {@code nurture.step.due}
 * webhook): enough to act without calling back, and the enrollment and step to report outcomes against.
 */
public record StepMessage(
        long enrollmentId,
        String accountId,
        String accountName,
        String cadenceId,
        int cadenceVersion,
        String cadenceName,
        int stepIndex,
        int stepsTotal,
        String channel,
        String content,
        String title,
        String trigger,
        Instant dueAt,
        Integer health) {

    public static final String EVENT_TYPE = "nurture.step.due";
}
