package io.retentionplatform.nurture.webhook;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.retentionplatform.nurture.webhook.WebhookViews.AttemptView;
import io.retentionplatform.nurture.webhook.WebhookViews.Page;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The delivery log of one outbound message, by its {@code webhook-id}: for viewers. */
@Path("/webhook-messages/{webhookId}")
@Tag(name = "Webhooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class WebhookMessageResource {

    private final WebhookEndpoints endpoints;

    public WebhookMessageResource(WebhookEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @GET
    @Path("attempts")
    @WithSession
    @Operation(summary = "Every attempt to deliver the message, first first")
    public Uni<Page<AttemptView>> attempts(@PathParam("webhookId") String webhookId,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(WebhookEndpointResource.MAX_PAGE_SIZE) int size) {
        return endpoints.attempts(webhookId, page, size)
                .map(found -> found.orElseThrow(() -> WebhookProblems.notFound("No webhook message " + webhookId)));
    }
}
