package io.retentionplatform.scoring.deadletter;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Supplier;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.retentionplatform.scoring.ingest.FieldViolation;
import io.retentionplatform.scoring.ingest.Problems;
import io.retentionplatform.support.security.RateLimited;
import io.retentionplatform.support.security.Roles;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * scoring-service's dead-letter topics: what is in them, and a redrive back to where their records came from.
 * Admins only. The Kafka clients block: these operations run on worker threads.
 */
@Path("/dead-letters")
@Tag(name = "Dead letters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class DeadLetterResource {

    static final int MAX_PAGE_SIZE = 200;

    private final DeadLetterBrowser browser;
    private final DeadLetterRedrive redrive;
    private final DeadLetterSettings settings;

    public DeadLetterResource(DeadLetterBrowser browser, DeadLetterRedrive redrive, DeadLetterSettings settings) {
        this.browser = browser;
        this.redrive = redrive;
        this.settings = settings;
    }

    @GET
    @Path("/{topic}")
    @Operation(summary = "The records of a dead-letter topic, partition after partition",
            description = "topic: engagement-events-dlq, account-changes-dlq, erasure-requests-dlq or "
                    + "erasure-confirmations-dlq. Each record with its reason and cause, original topic, partition and "
                    + "offset, timestamp, key (the account id) and value as text. Per partition its offsets, the redrive "
                    + "position and nextOffset, to pass as fromOffset (with partition) for the next page.")
    @APIResponse(responseCode = "503", description = "Kafka did not answer in time; Retry-After says when to try again")
    public DeadLetterPage list(@PathParam("topic") String topic,
            @QueryParam("partition") @Min(0) Integer partition,
            @QueryParam("fromOffset") @Min(0) Long fromOffset,
            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(MAX_PAGE_SIZE) int limit) {
        DeadLetterQueue queue = queue(topic);
        return kafka(() -> {
            try {
                return browser.page(queue, partition == null ? OptionalInt.empty() : OptionalInt.of(partition),
                        fromOffset == null ? OptionalLong.empty() : OptionalLong.of(fromOffset), limit);
            } catch (DeadLetterBrowser.NoSuchPartitionException e) {
                throw Problems.badParameter("partition", e.getMessage());
            }
        });
    }

    @POST
    @Path("/{topic}/redrive")
    @RateLimited("expensive")
    @Operation(summary = "Send a dead-letter topic's records back to their original topics",
            description = "Every record from the redrive position on goes to the topic it came from (its dead-letter-topic "
                    + "header, else the topic name without -dlq) with the same key, value and headers less the dead-letter "
                    + "ones; the position then moves past what Kafka acknowledged, so a second redrive sends only what was "
                    + "dead-lettered since. The consumers deduplicate by event id. Answers per partition fromOffset "
                    + "(inclusive) and toOffset (exclusive, the new position).")
    @APIResponse(responseCode = "409", description = "A redrive of this topic is under way")
    @APIResponse(responseCode = "503", description = "Kafka did not answer in time (what was acknowledged is not sent again); "
            + "Retry-After says when to try again")
    public RedriveSummary redrive(@PathParam("topic") String topic) {
        DeadLetterQueue queue = queue(topic);
        return kafka(() -> {
            try {
                return redrive.redrive(queue);
            } catch (DeadLetterRedrive.RedriveRunningException e) {
                throw HttpProblem.builder().withStatus(Response.Status.CONFLICT).withTitle("Redrive under way")
                        .withDetail(e.getMessage()).build();
            }
        });
    }

    private static DeadLetterQueue queue(String topic) {
        return DeadLetterQueue.named(topic).orElseThrow(() -> Problems.invalid("Unknown dead-letter topic",
                List.of(new FieldViolation("topic", "must be one of " + String.join(", ", DeadLetterQueue.names())))));
    }

    private <T> T kafka(Supplier<T> call) {
        try {
            return call.get();
        } catch (KafkaUnavailableException e) {
            throw HttpProblem.builder()
                    .withStatus(Response.Status.SERVICE_UNAVAILABLE)
                    .withTitle("Kafka unavailable")
                    .withDetail("Kafka did not answer within " + settings.kafkaTimeout().toSeconds() + " s; try again later")
                    .withHeader(HttpHeaders.RETRY_AFTER, settings.retryAfter().toSeconds())
                    .build();
        }
    }
}
