package io.retentionplatform.nurture.enrollment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.nurture.erasure.AccountLock;
import io.retentionplatform.nurture.support.Sql;
import io.retentionplatform.support.problem.InvalidInput;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Enrollments: an account's cadences and the steps sent, a manual enrollment, a manual stop. */
@Path("/")
@Tag(name = "Enrollments")
@Produces(MediaType.APPLICATION_JSON)
public class EnrollmentResource {


    private final Enrollments enrollments;
    private final Clock clock;

    public EnrollmentResource(Enrollments enrollments, Clock clock) {
        this.enrollments = enrollments;
        this.clock = clock;
    }

    public record StepView(int stepIndex, String channel, String content, Instant sentAt, String skipped, List<String> webhookIds,
            String lastOutcome) {
    }

    public record EnrollmentView(long enrollmentId, String accountId, String cadenceId, int cadenceVersion, String status,
            boolean heldOut, String trigger, int stepsSent, int stepsTotal, Instant nextStepAt, Instant enteredAt, Instant endedAt,
            String endReason, int postponements, Instant reengagedAt, String reengagedBy, List<StepView> steps) {
    }

    public record EnrollInput(String accountId) {
    }

    public record StopInput(String reason) {
    }

    @GET
    @Path("/accounts/{accountId}/enrollments")
    @WithSession
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The account's enrollments, oldest first, with the steps sent")
    public Uni<List<EnrollmentView>> ofAccount(@PathParam("accountId") String accountId) {
        return Panache.getSession().chain(session -> enrollments.ofAccount(session, accountId)
                .chain(rows -> steps(session, rows.stream().map(EnrollmentRow::enrollmentId).toList())
                        .map(steps -> rows.stream().map(r -> view(r, steps)).toList())));
    }

    @GET
    @Path("/enrollments/{enrollmentId}")
    @WithSession
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "One enrollment with the steps sent")
    public Uni<EnrollmentView> get(@PathParam("enrollmentId") long enrollmentId) {
        return Panache.getSession().chain(session -> enrollments.find(session, enrollmentId).chain(found -> {
            EnrollmentRow row = found.orElseThrow(() -> InvalidInput.notFound("No enrollment " + enrollmentId));
            return steps(session, List.of(enrollmentId)).map(steps -> view(row, steps));
        }));
    }

    @POST
    @Path("/enrollments/{enrollmentId}/stop")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.MANAGER)
    @Operation(summary = "Stop a running enrollment (a manual exit); 409 when it has already ended")
    public Uni<EnrollmentView> stop(@PathParam("enrollmentId") long enrollmentId, StopInput input) {
        String reason = input == null || input.reason() == null || input.reason().isBlank() ? "stopped by hand" : input.reason().strip();
        if (reason.length() > 500) {
            throw InvalidInput.field("reason", "at most 500 characters");
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> enrollments.find(session, enrollmentId)
                .chain(found -> {
                    EnrollmentRow row = found.orElseThrow(() -> InvalidInput.notFound("No enrollment " + enrollmentId));
                    return AccountLock.take(session, row.accountId()).chain(() -> enrollments.find(session, enrollmentId));
                })
                .chain(found -> {
                    EnrollmentRow row = found.orElseThrow();
                    if (!row.running()) {
                        throw InvalidInput.conflict("Enrollment " + enrollmentId + " already ended (" + row.status() + ")");
                    }
                    return enrollments.end(session, row, EnrollmentRow.EXITED, "manual stop: " + reason, now)
                            .chain(() -> enrollments.find(session, enrollmentId));
                })
                .chain(found -> steps(session, List.of(enrollmentId)).map(steps -> view(found.orElseThrow(), steps)))));
    }

    Uni<List<Object[]>> steps(org.hibernate.reactive.mutiny.Mutiny.Session session, List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Sql.rows(session, "SELECT enrollment_id, step_index, channel, content, sent_at, skipped, array_to_string(webhook_ids, ','), "
                + "last_outcome FROM enrollment_step WHERE enrollment_id = ANY(CAST(?1 AS bigint[])) ORDER BY enrollment_id, step_index",
                (Object) ids.toArray(Long[]::new));
    }

    static EnrollmentView view(EnrollmentRow r, List<Object[]> steps) {
        List<StepView> mine = steps.stream().filter(s -> ((Number) s[0]).longValue() == r.enrollmentId())
                .map(s -> new StepView(((Number) s[1]).intValue(), (String) s[2], (String) s[3], Sql.instant(s[4]), (String) s[5],
                        s[6] == null || ((String) s[6]).isEmpty() ? List.of() : List.of(((String) s[6]).split(",")), (String) s[7]))
                .toList();
        return new EnrollmentView(r.enrollmentId(), r.accountId(), r.cadenceId(), r.cadenceVersion(), r.status(), r.heldOut(),
                r.triggerSegment(), r.nextStep(), r.stepsTotal(), r.nextStepAt(), r.enteredAt(), r.endedAt(), r.endReason(),
                r.postponements(), r.reengagedAt(), r.reengagedBy(), mine);
    }
}
