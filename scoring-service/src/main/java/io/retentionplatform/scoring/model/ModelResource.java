package io.retentionplatform.scoring.model;

import java.util.List;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.retentionplatform.scoring.health.HealthModel;
import io.retentionplatform.scoring.ingest.FieldViolation;
import io.retentionplatform.scoring.ingest.Problems;
import io.retentionplatform.support.security.RateLimited;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The health model (weights, bands, windows), readable and changeable; a change replays every account. */
@Path("/model")
@Tag(name = "Model")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class ModelResource {

    private final HealthModelRegistry models;
    private final ReplayService replay;

    public ModelResource(HealthModelRegistry models, ReplayService replay) {
        this.models = models;
        this.replay = replay;
    }

    public record Weights(Double adoption, Double support, Double engagement, Double survey) {
    }

    public record Bands(Integer healthy, Integer watch) {
    }

    /** The model as read and written; on PUT, a field left out keeps its current value. */
    public record ModelView(Long version, Weights weights, Double surveyWeightCap, Bands bands, Integer usageWindowDays,
            Integer contactWindowDays, Integer halfLifeDays, Set<String> premiumTiers) {

        static ModelView of(HealthModel m) {
            return new ModelView(m.version(), new Weights(m.adoptionWeight(), m.supportWeight(), m.engagementWeight(),
                    m.surveyWeight()), m.surveyWeightCap(), new Bands(m.healthyFrom(), m.watchFrom()), m.usageWindowDays(),
                    m.contactWindowDays(), m.halfLifeDays(), m.premiumTiers());
        }
    }

    public record ModelAndReplay(ModelView active, ModelView pending, ReplayService.ReplayStatus replay) {
    }

    @GET
    @Operation(summary = "The active model, the pending one while a replay runs, and the replay's progress")
    public ModelAndReplay model() {
        return new ModelAndReplay(ModelView.of(models.active()), models.pending().map(ModelView::of).orElse(null),
                replay.status());
    }

    @GET
    @Path("/replay")
    @Operation(summary = "Progress of the replay: accounts done of total, per phase")
    public ReplayService.ReplayStatus replayStatus() {
        return replay.status();
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @RateLimited("expensive")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the model and replay every account's score",
            description = "Answers 202 with the replay's status. Old scores are served until every new score is computed. "
                    + "400 names the setting at fault; 409 while a replay runs. The survey weight is capped (NPS never "
                    + "decides health alone).")
    public Uni<Response> change(ModelView body) {
        if (body == null) {
            throw Problems.invalid("Invalid health model", List.of(new FieldViolation("body", "a model object is required")));
        }
        HealthModel current = models.active();
        Weights w = body.weights() == null ? new Weights(null, null, null, null) : body.weights();
        Bands b = body.bands() == null ? new Bands(null, null) : body.bands();
        HealthModel next;
        try {
            next = new HealthModel(current.version(),
                    or(w.adoption(), current.adoptionWeight()), or(w.support(), current.supportWeight()),
                    or(w.engagement(), current.engagementWeight()), or(w.survey(), current.surveyWeight()),
                    current.surveyWeightCap(),
                    or(b.healthy(), current.healthyFrom()), or(b.watch(), current.watchFrom()),
                    or(body.usageWindowDays(), current.usageWindowDays()),
                    or(body.contactWindowDays(), current.contactWindowDays()),
                    or(body.halfLifeDays(), current.halfLifeDays()),
                    body.premiumTiers() == null ? current.premiumTiers() : body.premiumTiers());
        } catch (HealthModel.InvalidModelException e) {
            throw Problems.invalid("Invalid health model", e.problems().stream()
                    .map(p -> new FieldViolation(p.substring(0, p.indexOf(':')), p.substring(p.indexOf(':') + 2))).toList());
        }
        return replay.start(next)
                .map(status -> Response.accepted(status).header("Location", "/model/replay").build())
                .onFailure(ReplayService.ReplayRunningException.class).transform(e -> HttpProblem.builder()
                        .withStatus(Response.Status.CONFLICT).withTitle("Replay running").withDetail(e.getMessage()).build());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
