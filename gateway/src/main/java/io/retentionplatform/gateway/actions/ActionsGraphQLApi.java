package io.retentionplatform.gateway.actions;

import java.math.BigDecimal;

import jakarta.annotation.security.RolesAllowed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.retentionplatform.gateway.client.Downstream;
import io.retentionplatform.gateway.client.Dtos;
import io.retentionplatform.gateway.client.Dtos.EnrollmentDto;
import io.retentionplatform.gateway.client.Dtos.ModelDto;
import io.retentionplatform.gateway.client.Dtos.PilotDto;
import io.retentionplatform.gateway.client.Dtos.SegmentDto;
import io.retentionplatform.gateway.client.Dtos.WeightsInput;
import io.retentionplatform.gateway.client.NurtureClient;
import io.retentionplatform.gateway.client.ScoringClient;
import io.retentionplatform.gateway.client.SegmentationClient;
import io.retentionplatform.gateway.errors.InvalidArgumentException;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Query;
import org.eclipse.microprofile.graphql.Type;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What a team does from a dashboard: start a silent-audit pilot, enroll an account in a cadence or stop it, create and
 * edit rule segments, change the health model's weights. Each mutation is one call to the service that owns the
 * decision (never retried: a write is sent once), which checks the caller's token again and validates the input;
 * its refusals come back as GraphQL errors with a code ({@code INVALID_ARGUMENT} naming the field, {@code CONFLICT},
 * {@code NOT_FOUND}, {@code FORBIDDEN}).
 */
@GraphQLApi
public class ActionsGraphQLApi {

    private final SegmentationClient segmentation;
    private final ScoringClient scoring;
    private final NurtureClient nurture;
    private final Downstream downstream;
    private final ObjectMapper json;

    public ActionsGraphQLApi(@RestClient SegmentationClient segmentation, @RestClient ScoringClient scoring,
            @RestClient NurtureClient nurture, Downstream downstream, ObjectMapper json) {
        this.segmentation = segmentation;
        this.scoring = scoring;
        this.nurture = nurture;
        this.downstream = downstream;
        this.json = json;
    }

    @Mutation("startSilentAuditPilot")
    @RolesAllowed(Roles.MANAGER)
    @Description("Start a silent-audit pilot: the top share of silent accounts by ARR (default 20% of those 90 days "
            + "without human contact) become its cohort and get the check-in outreach. Requires the `manager` role.")
    public Uni<PilotDto> startSilentAuditPilot(Integer silentDays, BigDecimal cohortShare, Integer windowDays) {
        return downstream.writeSegmentation(() -> segmentation.startPilot(new Dtos.PilotInput(silentDays, cohortShare,
                windowDays, null)));
    }

    @Mutation("enrollAccount")
    @RolesAllowed(Roles.MANAGER)
    @Description("Enroll an account in a nurture cadence by hand. CONFLICT when it runs or recently ran the cadence. "
            + "Requires the `manager` role.")
    public Uni<EnrollmentDto> enrollAccount(@NonNull @Id String accountId, @NonNull @Id String cadenceId) {
        return downstream.writeNurture(() -> nurture.enroll(cadenceId, new Dtos.EnrollInput(accountId)));
    }

    @Mutation("stopEnrollment")
    @RolesAllowed(Roles.MANAGER)
    @Description("Stop an account's enrollment: no further steps are sent. Requires the `manager` role.")
    public Uni<EnrollmentDto> stopEnrollment(@NonNull @Id String enrollmentId, String reason) {
        long id;
        try {
            id = Long.parseLong(enrollmentId);
        } catch (NumberFormatException e) {
            return Uni.createFrom().failure(new InvalidArgumentException("enrollmentId", "is not an enrollment id"));
        }
        return downstream.writeNurture(() -> nurture.stop(id, new Dtos.StopInput(reason)));
    }

    @Input("RuleSegmentInput")
    @Description("A rule segment: a name and a rule tree in JSON, e.g. {\"and\": [{\"field\": \"arr\", \"op\": \"gte\", \"value\": 50000}]}")
    public record RuleSegmentInput(@Description("Id to create it under; generated when left out") String id,
            @NonNull String name, String description,
            @NonNull @Description("The rule tree as a JSON document (the segmentation README describes it)") String rule) {
    }

    @Mutation("createSegment")
    @RolesAllowed(Roles.MANAGER)
    @Description("Create a rule segment; its members are evaluated at once and kept current. Requires the `manager` role.")
    public Uni<SegmentDto> createSegment(@NonNull RuleSegmentInput segment) {
        return rule(segment).chain(input -> downstream.writeSegmentation(() -> segmentation.createSegment(input)));
    }

    @Mutation("editSegment")
    @RolesAllowed(Roles.MANAGER)
    @Description("Edit a rule segment (a new version); members are evaluated again. `id` is the segment's id "
            + "(rule:...). Requires the `manager` role.")
    public Uni<SegmentDto> editSegment(@NonNull @Id String id, @NonNull RuleSegmentInput segment) {
        return rule(segment).chain(input -> downstream.writeSegmentation(() -> segmentation.editSegment(id, input)));
    }

    @Type("HealthModel")
    @Description("The health model: component weights and band thresholds")
    public record HealthModel(Long version, Double adoptionWeight, Double supportWeight, Double engagementWeight,
            Double surveyWeight, @Description("The survey (NPS) weight never exceeds this") Double surveyWeightCap,
            @Description("Scores from here are healthy") Integer healthyFrom, @Description("Scores from here are watch") Integer watchFrom,
            @Description("True while every account is being rescored with a newer model (the pending one); scores of "
                    + "this model are served until that is done") boolean replaying) {

        static HealthModel of(ModelDto a, boolean replaying) {
            return new HealthModel(a.version(), a.weights().adoption(), a.weights().support(), a.weights().engagement(),
                    a.weights().survey(), a.surveyWeightCap(), a.bands().healthy(), a.bands().watch(), replaying);
        }

        static HealthModel active(Dtos.ModelAndReplayDto m) {
            return of(m.active(), m.pending() != null);
        }

        /** The newest model: the pending one while its replay runs. */
        static HealthModel newest(Dtos.ModelAndReplayDto m) {
            return m.pending() != null ? of(m.pending(), true) : of(m.active(), false);
        }
    }

    @Query("healthModel")
    @RolesAllowed(Roles.VIEWER)
    @Description("The active health model. Requires the `viewer` role.")
    public Uni<HealthModel> healthModel() {
        return downstream.readScoring(scoring::model).map(HealthModel::active);
    }

    @Mutation("changeHealthModelWeights")
    @RolesAllowed(Roles.ADMIN)
    @Description("Change the health model's weights; every account is rescored with the new model (old scores are "
            + "served until the replay is done). Answers the new model. CONFLICT while a replay runs. Requires the `admin` role.")
    public Uni<HealthModel> changeHealthModelWeights(@NonNull WeightsInput weights) {
        ModelDto change = new ModelDto(null, new Dtos.Weights(weights.adoption(), weights.support(), weights.engagement(),
                weights.survey()), null, null, null, null, null, null);
        return downstream.writeScoring(() -> scoring.changeModel(change))
                .chain(() -> downstream.readScoring(scoring::model)).map(HealthModel::newest);
    }

    private Uni<Dtos.SegmentInput> rule(RuleSegmentInput segment) {
        try {
            Object rule = json.readValue(segment.rule(), Object.class);
            return Uni.createFrom().item(new Dtos.SegmentInput(segment.id(), segment.name(), segment.description(), rule));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new InvalidArgumentException("segment.rule", "is not JSON: " + e.getOriginalMessage()));
        }
    }
}
