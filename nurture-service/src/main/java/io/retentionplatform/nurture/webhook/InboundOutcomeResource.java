package io.retentionplatform.nurture.webhook;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.nurture.messaging.ProcessedMessages;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Outcomes from the marketing tool, as Standard Webhooks: authenticated by the signature over
 * {@code webhook-id.webhook-timestamp.body} with one of the inbound secrets ({@code nurture.webhooks.inbound.secrets}),
 * not by a JWT, hence {@code @PermitAll}; nothing is read before the signature verifies. A timestamp further than the
 * tolerance (5 minutes) from now, either way, is refused, so a captured message cannot be replayed later; within the
 * window a replay carries the same {@code webhook-id} and is accepted without being handed over again.
 */
@Path("/webhooks/outcomes")
@Tag(name = "Webhooks")
@PermitAll
public class InboundOutcomeResource {

    /** The idempotent-consumer record's consumer name for inbound webhook ids. */
    static final String CONSUMER = "webhooks-outcomes";
    private static final Logger LOG = Logger.getLogger(InboundOutcomeResource.class);

    private final WebhookConfig config;
    private final Clock clock;
    private final ObjectMapper json;
    private final Validator validator;
    private final ProcessedMessages processed;
    private final Instance<OutcomeSink> sinks;

    public InboundOutcomeResource(WebhookConfig config, Clock clock, ObjectMapper json, Validator validator,
            ProcessedMessages processed, Instance<OutcomeSink> sinks) {
        this.config = config;
        this.clock = clock;
        this.json = json;
        this.validator = validator;
        this.processed = processed;
        this.sinks = sinks;
    }

    /** The body: {@code {"type": "outcome", "timestamp": ..., "data": {...}}}. */
    public record OutcomeMessage(@NotNull @Pattern(regexp = "outcome") String type, Instant timestamp,
            @NotNull @Valid OutcomeData data) {
    }

    public record OutcomeData(
            @NotNull @Pattern(regexp = "delivered|opened|clicked|replied|meeting_booked|bounced|unsubscribed") String outcome,
            @Pattern(regexp = "[A-Za-z0-9_.:-]{1,64}") String webhookId,
            @NotBlank @Size(max = 128) String accountId,
            @NotNull Instant occurredAt) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An outcome from the marketing tool (Standard Webhooks signature; 202 once accepted)",
            description = "Authenticated by its Standard Webhooks signature, not a bearer token: webhook-id, webhook-timestamp "
                    + "(unix seconds, within 5 minutes) and webhook-signature (v1,<base64 HMAC-SHA256 of id.timestamp.body with "
                    + "an inbound secret).")
    // Says so in the contract too (a security scheme declared here would replace the JWT schemes Quarkus derives for
    // every other operation): clients and the attack campaign read it.
    @Extension(name = "x-authentication", value = "webhookSignature")
    public Uni<Response> receive(@HeaderParam("webhook-id") String webhookId,
            @HeaderParam("webhook-timestamp") String timestamp, @HeaderParam("webhook-signature") String signature,
            String body) {
        authenticate(webhookId, timestamp, signature, body == null ? "" : body);
        OutcomeMessage message = parse(body);
        InboundOutcome outcome = new InboundOutcome(webhookId, message.data().webhookId(), message.data().accountId(),
                message.data().outcome(), message.data().occurredAt());
        List<OutcomeSink> all = sinks.stream().toList();
        if (all.isEmpty()) {
            LOG.warnf("Inbound outcome %s refused: no OutcomeSink is deployed", webhookId);
            throw unavailable("Outcomes cannot be recorded yet");
        }
        return Panache.withTransaction(() -> processed.firstTime(CONSUMER, webhookId)
                        .chain(first -> first ? Multi.createFrom().iterable(all)
                                .onItem().transformToUniAndConcatenate(sink -> sink.accept(outcome))
                                .collect().last().replaceWithVoid() : Uni.createFrom().voidItem()))
                .onFailure().transform(failure -> {
                    LOG.warnf("Inbound outcome %s could not be recorded: %s", webhookId, failure.getMessage());
                    return unavailable("The outcome could not be recorded; deliver it again later");
                })
                .replaceWith(Response.accepted().build());
    }

    /** 401 unless the headers are present, the timestamp is within the tolerance and one secret's signature matches. */
    private void authenticate(String webhookId, String timestamp, String signature, String body) {
        if (webhookId == null || webhookId.isBlank() || timestamp == null || signature == null) {
            throw WebhookProblems.unauthorized("The webhook-id, webhook-timestamp and webhook-signature headers are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw WebhookProblems.unauthorized("webhook-timestamp must be unix seconds");
        }
        long tolerance = config.inbound().tolerance().toSeconds();
        if (Math.abs(clock.instant().getEpochSecond() - seconds) > tolerance) {
            throw WebhookProblems.unauthorized("webhook-timestamp is more than " + tolerance
                    + " s from the server's time: a stale or replayed message, or a clock that is off");
        }
        List<String> secrets = config.inbound().secrets().orElse(List.of());
        if (!WebhookSignature.verify(secrets, webhookId, seconds, body, signature)) {
            throw WebhookProblems.unauthorized("webhook-signature does not match any inbound secret");
        }
        if (webhookId.length() > 128) {
            throw WebhookProblems.invalid("webhook-id", "must be at most 128 characters");
        }
    }

    private OutcomeMessage parse(String body) {
        OutcomeMessage message;
        try {
            message = json.readValue(body == null ? "" : body, OutcomeMessage.class);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName()
                    : String.valueOf(ref.getIndex())).collect(Collectors.joining("."));
            throw WebhookProblems.invalid(field.isEmpty() ? "body" : field, "is missing or not of the expected type");
        } catch (JsonProcessingException e) {
            throw WebhookProblems.invalid("body", "is not valid JSON");
        }
        if (message == null) {
            throw WebhookProblems.invalid("body", "is empty");
        }
        Map<String, String> violations = new TreeMap<>();
        for (ConstraintViolation<OutcomeMessage> violation : validator.validate(message)) {
            violations.put(violation.getPropertyPath().toString(), violation.getMessage());
        }
        if (!violations.isEmpty()) {
            throw WebhookProblems.invalid(violations);
        }
        return message;
    }

    private static HttpProblem unavailable(String detail) {
        return HttpProblem.builder().withStatus(503).withTitle("Service Unavailable").withDetail(detail)
                .withHeader("Retry-After", 60).build();
    }
}
