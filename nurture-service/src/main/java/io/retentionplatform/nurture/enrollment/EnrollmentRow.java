package io.retentionplatform.nurture.enrollment;

import java.time.Instant;

import io.retentionplatform.nurture.support.Sql;

/** One row of {@code enrollment}. */
public record EnrollmentRow(
        long enrollmentId,
        String accountId,
        String cadenceId,
        int cadenceVersion,
        String status,
        boolean heldOut,
        String triggerSegment,
        int nextStep,
        int stepsTotal,
        Instant nextStepAt,
        Instant enteredAt,
        Instant endedAt,
        String endReason,
        int postponements,
        Integer healthAtEntry,
        Integer healthLatest,
        Instant reengagedAt,
        String reengagedBy,
        Instant windowEndsAt) {

    public static final String ACTIVE = "active";
    public static final String CONTROL = "control";
    public static final String COMPLETED = "completed";
    /** Ended early because the customer engaged (a reply, a meeting, an inbound contact): the flow reached its goal. */
    public static final String CONVERTED = "converted";
    public static final String EXITED = "exited";

    public static final String SELECT_COLUMNS = "enrollment_id, account_id, cadence_id, cadence_version, status, held_out, trigger_segment, next_step, "
            + "steps_total, next_step_at, entered_at, ended_at, end_reason, postponements, health_at_entry, health_latest, "
            + "reengaged_at, reengaged_by, window_ends_at";

    public static EnrollmentRow read(Object[] r) {
        return new EnrollmentRow(((Number) r[0]).longValue(), (String) r[1], (String) r[2], ((Number) r[3]).intValue(),
                (String) r[4], (Boolean) r[5], (String) r[6], ((Number) r[7]).intValue(), ((Number) r[8]).intValue(),
                Sql.instant(r[9]), Sql.instant(r[10]), Sql.instant(r[11]), (String) r[12], ((Number) r[13]).intValue(),
                Sql.integer(r[14]), Sql.integer(r[15]), Sql.instant(r[16]), (String) r[17], Sql.instant(r[18]));
    }

    public boolean running() {
        return ACTIVE.equals(status) || CONTROL.equals(status);
    }

    /** Completed, or ended by the customer's engagement: what seed 000 calls a completed nurture flow. */
    public boolean finishedFlow() {
        return COMPLETED.equals(status) || CONVERTED.equals(status);
    }
}
